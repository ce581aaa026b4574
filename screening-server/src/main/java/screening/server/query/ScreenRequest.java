package screening.server.query;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import screening.server.json.Json;

/**
 * The fields of one {@code /v1/screen} request, parsed from a query string or a JSON body and
 * checked against SPEC section 4. Mutable and reused: one per connection, event loop only.
 *
 * <p>Query strings follow RFC 3986: {@code %XX} escapes decode to UTF-8 bytes, and {@code +} is a
 * literal plus, never a space (a switch that leaves {@code +44...} unescaped must still be read as
 * {@code +44...}, not as a national number).
 */
final class ScreenRequest {

    static final int PIN_MAX = 32;
    static final int NUMBER_MAX_CHARS = 64;
    // a 64-character number is at most 256 UTF-8 bytes; anything longer is refused before decoding
    private static final int DECODED_MAX_BYTES = 4 * NUMBER_MAX_CHARS;

    String pin;
    String number;
    String establishment; // null: the config's

    private final byte[] scratch = new byte[DECODED_MAX_BYTES];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private void reset() {
        pin = null;
        number = null;
        establishment = null;
    }

    /**
     * Parses the query string of {@code uri} from {@code start} (just after {@code ?}, or the
     * length when there is none).
     *
     * @return null when the request is well-formed, else the error to answer
     */
    QueryError parseQuery(String uri, int start) {
        reset();
        int n = uri.length();
        int i = start;
        while (i < n) {
            int amp = uri.indexOf('&', i);
            int end = amp < 0 ? n : amp;
            if (end > i) {
                int eq = uri.indexOf('=', i);
                int nameEnd = eq < 0 || eq > end ? end : eq;
                int valueStart = nameEnd == end ? end : nameEnd + 1;
                int nameLength = nameEnd - i;
                if (nameLength == 3 && uri.regionMatches(i, "pin", 0, 3)) {
                    if (pin != null) {
                        return QueryError.DUPLICATE_PARAMETER;
                    }
                    pin = decode(uri, valueStart, end, 4 * PIN_MAX);
                } else if (nameLength == 6 && uri.regionMatches(i, "number", 0, 6)) {
                    if (number != null) {
                        return QueryError.DUPLICATE_PARAMETER;
                    }
                    number = decode(uri, valueStart, end, DECODED_MAX_BYTES);
                } else if (nameLength == 13 && uri.regionMatches(i, "establishment", 0, 13)) {
                    if (establishment != null) {
                        return QueryError.DUPLICATE_PARAMETER;
                    }
                    establishment = decode(uri, valueStart, end, 4 * 8);
                } else {
                    QueryError bad = checkChars(uri, i, nameEnd);
                    return bad != null ? bad : QueryError.UNKNOWN_PARAMETER;
                }
                QueryError e = decodeError;
                if (e != null) {
                    decodeError = null;
                    return e == TOO_LONG ? tooLong(nameLength) : e;
                }
            }
            i = end + 1;
        }
        return validate();
    }

    // decode's second result; TOO_LONG is mapped to the field's own error by the caller
    private QueryError decodeError;
    private static final QueryError TOO_LONG = QueryError.BAD_NUMBER;

    private static QueryError tooLong(int nameLength) {
        return nameLength == 3 ? QueryError.BAD_PIN : nameLength == 6 ? QueryError.BAD_NUMBER : QueryError.BAD_ESTABLISHMENT;
    }

    private static QueryError checkChars(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return QueryError.BAD_QUERY_CHARACTER;
            }
        }
        return null;
    }

    /** Percent-decodes {@code s[from, to)} as UTF-8; on failure sets {@link #decodeError}. */
    private String decode(String s, int from, int to, int maxBytes) {
        boolean escaped = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                decodeError = QueryError.BAD_QUERY_CHARACTER;
                return "";
            }
            if (c == '%') {
                escaped = true;
            }
        }
        if (!escaped) {
            if (to - from > maxBytes) {
                decodeError = TOO_LONG;
                return "";
            }
            return s.substring(from, to);
        }
        byte[] b = scratch;
        int p = 0;
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            if (p == maxBytes) {
                decodeError = TOO_LONG;
                return "";
            }
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < to ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
                if (lo < 0) {
                    decodeError = QueryError.BAD_PERCENT_ENCODING;
                    return "";
                }
                byte v = (byte) (hi << 4 | lo);
                ascii &= v >= 0;
                b[p++] = v;
                i += 2;
            } else {
                b[p++] = (byte) c;
            }
        }
        if (ascii) {
            return new String(b, 0, p, StandardCharsets.ISO_8859_1);
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(b, 0, p)).toString();
        } catch (CharacterCodingException e) {
            decodeError = QueryError.BAD_UTF8;
            return "";
        }
    }

    /**
     * Parses a JSON body {@code {"pin":"P","number":"N","establishment":"E"}}: one object, string
     * values, no other or repeated field.
     *
     * @return null when the request is well-formed, else the error to answer
     */
    QueryError parseBody(ByteBuf body) {
        reset();
        try (JsonParser p = Json.MAPPER.getFactory().createParser((java.io.InputStream) new ByteBufInputStream(body))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return QueryError.BAD_BODY;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v != JsonToken.VALUE_STRING && !(v == JsonToken.VALUE_NULL && name.equals("establishment"))) {
                    return name.equals("pin") ? QueryError.BAD_PIN
                            : name.equals("number") ? QueryError.BAD_NUMBER
                            : name.equals("establishment") ? QueryError.BAD_ESTABLISHMENT : QueryError.BAD_BODY;
                }
                String value = v == JsonToken.VALUE_NULL ? null : p.getText();
                switch (name) {
                    case "pin" -> {
                        if (pin != null) {
                            return QueryError.BAD_BODY;
                        }
                        pin = value;
                    }
                    case "number" -> {
                        if (number != null) {
                            return QueryError.BAD_BODY;
                        }
                        number = value;
                    }
                    case "establishment" -> {
                        if (establishment != null) {
                            return QueryError.BAD_BODY;
                        }
                        establishment = value;
                    }
                    default -> {
                        return QueryError.BAD_BODY;
                    }
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return QueryError.BAD_BODY;
            }
        } catch (IOException | RuntimeException e) {
            // Jackson's message may quote the body (a number): never echoed
            return QueryError.BAD_BODY;
        }
        return validate();
    }

    private QueryError validate() {
        if (pin == null || pin.isEmpty()) {
            return QueryError.MISSING_PIN;
        }
        if (pin.length() > PIN_MAX) {
            return QueryError.BAD_PIN;
        }
        for (int i = 0; i < pin.length(); i++) {
            char c = pin.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-')) {
                return QueryError.BAD_PIN;
            }
        }
        if (number == null || number.isEmpty()) {
            return QueryError.MISSING_NUMBER;
        }
        if (number.length() > NUMBER_MAX_CHARS && number.codePointCount(0, number.length()) > NUMBER_MAX_CHARS) {
            return QueryError.BAD_NUMBER;
        }
        if (establishment != null) {
            int n = establishment.length();
            if (n < 2 || n > 8) {
                return QueryError.BAD_ESTABLISHMENT;
            }
            for (int i = 0; i < n; i++) {
                char c = establishment.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z')) {
                    return QueryError.BAD_ESTABLISHMENT;
                }
            }
        }
        return null;
    }
}
