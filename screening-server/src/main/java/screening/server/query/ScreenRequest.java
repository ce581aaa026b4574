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
import screening.core.Channel;
import screening.core.DialledNumberNormaliser;
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

    /*
     * A query string is read from the request line's bytes (QueryRequestHead.query), not from a
     * String of it: an ASCII number stays in numberBytes and the normaliser's memo is read from
     * those bytes (DialledNumberNormaliser.normalise(byte[], int, int)), and a PIN is made a
     * String once per connection and slot (pins) rather than once per request. Under wrk the
     * query String and its two substrings were about a seventh of the event loops' Java samples.
     * A number that is not ASCII after decoding, or that came in a JSON body, is a String.
     */

    static final int PIN_MAX = 32;
    static final int NUMBER_MAX_CHARS = 64;
    // a 64-character number is at most 256 UTF-8 bytes; anything longer is refused before decoding
    private static final int DECODED_MAX_BYTES = 4 * NUMBER_MAX_CHARS;
    /** PIN strings kept per connection, by a hash of their bytes (a power of two). */
    static final int PIN_SLOTS = 256;

    static final int EMAIL_MAX_CHARS = 254;
    static final int ADDRESS_MAX_CHARS = 512;
    // an address of 512 characters is at most 2,048 UTF-8 bytes
    private static final int TEXT_MAX_BYTES = 4 * ADDRESS_MAX_CHARS;

    String pin;
    String establishment; // null: the config's
    /** The channel of an e-mail or address query (SPEC section 12); null for a number. */
    Channel textChannel;
    /** The e-mail address or postal address asked about, with {@link #textChannel}. */
    String text;
    /** The number as a String (a JSON body, or a query value that is not ASCII); else null. */
    private String number;
    /** With {@link #number} null: the number's ASCII bytes are numberBytes[0, numberLength), or none when -1. */
    private final byte[] numberBytes = new byte[DECODED_MAX_BYTES];
    private int numberLength = -1;

    private final byte[] scratch = new byte[DECODED_MAX_BYTES];
    private byte[] textScratch; // made at the first e-mail or address query
    private boolean decodedAscii; // decode's second result
    private String[] pins; // see the note; made at the first PIN
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private void reset() {
        pin = null;
        number = null;
        numberLength = -1;
        establishment = null;
        textChannel = null;
        text = null;
    }

    /** The canonical key of the dialled number, from {@code normaliser} (its memo, for an ASCII number in bytes). */
    long numberKey(DialledNumberNormaliser normaliser) {
        return number != null ? normaliser.normalise(number) : normaliser.normalise(numberBytes, 0, numberLength);
    }

    /** The dialled number as parsed (tests). */
    String numberText() {
        return number != null ? number
                : numberLength < 0 ? null : new String(numberBytes, 0, numberLength, StandardCharsets.ISO_8859_1);
    }

    private static final byte[] PIN_NAME = "pin".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NUMBER_NAME = "number".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ESTABLISHMENT_NAME = "establishment".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMAIL_NAME = "email".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADDRESS_NAME = "address".getBytes(StandardCharsets.US_ASCII);

    // decode's failures (a length is never negative)
    private static final int BAD_CHARACTER = -1;
    private static final int TOO_LONG = -2;
    private static final int BAD_PERCENT = -3;

    /**
     * Parses the query string {@code q[0, n)} (the bytes after {@code ?}, as sent).
     *
     * @return null when the request is well-formed, else the error to answer
     */
    QueryError parseQuery(byte[] q, int n) {
        reset();
        int i = 0;
        while (i < n) {
            int end = indexOf(q, (byte) '&', i, n);
            if (end > i) {
                int nameEnd = indexOf(q, (byte) '=', i, end);
                int valueStart = nameEnd == end ? end : nameEnd + 1;
                int nameLength = nameEnd - i;
                QueryError e;
                if (nameLength == 3 && startsWith(q, i, PIN_NAME)) {
                    if (pin != null) {
                        return QueryError.DUPLICATE_PARAMETER;
                    }
                    e = readPin(q, valueStart, end);
                } else if (nameLength == 6 && startsWith(q, i, NUMBER_NAME)) {
                    if (number != null || numberLength >= 0) {
                        return QueryError.DUPLICATE_PARAMETER;
                    }
                    e = readNumber(q, valueStart, end);
                } else if (nameLength == 5 && startsWith(q, i, EMAIL_NAME)
                        || nameLength == 7 && startsWith(q, i, ADDRESS_NAME)) {
                    Channel c = nameLength == 5 ? Channel.EMAIL : Channel.POST;
                    if (textChannel != null) {
                        return textChannel == c ? QueryError.DUPLICATE_PARAMETER : QueryError.TOO_MANY_CHANNELS;
                    }
                    e = readText(c, q, valueStart, end);
                } else if (nameLength == 13 && startsWith(q, i, ESTABLISHMENT_NAME)) {
                    if (establishment != null) {
                        return QueryError.DUPLICATE_PARAMETER;
                    }
                    e = readEstablishment(q, valueStart, end);
                } else {
                    return badCharacter(q, i, nameEnd) ? QueryError.BAD_QUERY_CHARACTER : QueryError.UNKNOWN_PARAMETER;
                }
                if (e != null) {
                    return e;
                }
            }
            i = end + 1;
        }
        return validate();
    }

    private QueryError readPin(byte[] q, int from, int to) {
        int n = decode(q, from, to, 4 * PIN_MAX, scratch);
        if (n < 0) {
            return failure(n, QueryError.BAD_PIN);
        }
        pin = decodedAscii ? internPin(scratch, n) : utf8(scratch, n);
        return pin == null ? QueryError.BAD_UTF8 : null;
    }

    private QueryError readNumber(byte[] q, int from, int to) {
        int n = decode(q, from, to, DECODED_MAX_BYTES, numberBytes);
        if (n < 0) {
            return failure(n, QueryError.BAD_NUMBER);
        }
        if (decodedAscii) {
            numberLength = n;
            return null;
        }
        number = utf8(numberBytes, n);
        return number == null ? QueryError.BAD_UTF8 : null;
    }

    private QueryError readText(Channel c, byte[] q, int from, int to) {
        if (textScratch == null) {
            textScratch = new byte[TEXT_MAX_BYTES];
        }
        int n = decode(q, from, to, TEXT_MAX_BYTES, textScratch);
        if (n < 0) {
            return failure(n, c == Channel.EMAIL ? QueryError.BAD_EMAIL : QueryError.BAD_ADDRESS);
        }
        textChannel = c;
        text = utf8(textScratch, n);
        return text == null ? QueryError.BAD_UTF8 : null;
    }

    private QueryError readEstablishment(byte[] q, int from, int to) {
        int n = decode(q, from, to, 4 * 8, scratch);
        if (n < 0) {
            return failure(n, QueryError.BAD_ESTABLISHMENT);
        }
        establishment = decodedAscii ? new String(scratch, 0, n, StandardCharsets.ISO_8859_1) : utf8(scratch, n);
        return establishment == null ? QueryError.BAD_UTF8 : null;
    }

    private static QueryError failure(int code, QueryError tooLong) {
        return code == TOO_LONG ? tooLong : code == BAD_PERCENT ? QueryError.BAD_PERCENT_ENCODING
                : QueryError.BAD_QUERY_CHARACTER;
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return to;
    }

    private static boolean startsWith(byte[] b, int from, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (b[from + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code b[from, to)} holds a space, a control byte or a byte outside printable ASCII. */
    private static boolean badCharacter(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if (c <= 0x20 || c >= 0x7F) {
                return true;
            }
        }
        return false;
    }

    /**
     * Percent-decodes {@code q[from, to)} into {@code out}: the decoded length, or BAD_CHARACTER,
     * TOO_LONG (over {@code maxBytes}) or BAD_PERCENT. Sets {@link #decodedAscii}.
     */
    private int decode(byte[] q, int from, int to, int maxBytes, byte[] out) {
        if (badCharacter(q, from, to)) {
            return BAD_CHARACTER;
        }
        int p = 0;
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            if (p == maxBytes) {
                return TOO_LONG;
            }
            byte c = q[i];
            if (c == '%') {
                int hi = i + 2 < to ? hex(q[i + 1]) : -1;
                int lo = hi < 0 ? -1 : hex(q[i + 2]);
                if (lo < 0) {
                    return BAD_PERCENT;
                }
                byte v = (byte) (hi << 4 | lo);
                ascii &= v >= 0;
                out[p++] = v;
                i += 2;
            } else {
                out[p++] = c;
            }
        }
        decodedAscii = ascii;
        return p;
    }

    private static int hex(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** {@code b[0, n)} as UTF-8, or null when it is not. */
    private String utf8(byte[] b, int n) {
        try {
            return utf8.reset().decode(ByteBuffer.wrap(b, 0, n)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The ASCII {@code b[0, n)} as a String, the same one as last time when its slot still holds it. */
    private String internPin(byte[] b, int n) {
        int h = 0;
        for (int i = 0; i < n; i++) {
            h = 31 * h + b[i];
        }
        String[] t = pins;
        if (t == null) {
            t = pins = new String[PIN_SLOTS];
        }
        int slot = (h ^ (h >>> 16)) & (PIN_SLOTS - 1);
        String s = t[slot];
        if (s != null && s.length() == n) {
            int i = 0;
            while (i < n && s.charAt(i) == b[i]) {
                i++;
            }
            if (i == n) {
                return s;
            }
        }
        s = new String(b, 0, n, StandardCharsets.ISO_8859_1);
        t[slot] = s;
        return s;
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
                    return switch (name) {
                        case "pin" -> QueryError.BAD_PIN;
                        case "number" -> QueryError.BAD_NUMBER;
                        case "email" -> QueryError.BAD_EMAIL;
                        case "address" -> QueryError.BAD_ADDRESS;
                        case "establishment" -> QueryError.BAD_ESTABLISHMENT;
                        default -> QueryError.BAD_BODY;
                    };
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
                    case "email", "address" -> {
                        Channel c = name.equals("email") ? Channel.EMAIL : Channel.POST;
                        if (textChannel == c) {
                            return QueryError.BAD_BODY;
                        }
                        if (textChannel != null) {
                            return QueryError.TOO_MANY_CHANNELS;
                        }
                        textChannel = c;
                        text = value;
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
        if (textChannel != null) {
            if (number != null || numberLength >= 0) {
                return QueryError.TOO_MANY_CHANNELS;
            }
            int max = textChannel == Channel.EMAIL ? EMAIL_MAX_CHARS : ADDRESS_MAX_CHARS;
            if (text.isEmpty() || text.length() > max && text.codePointCount(0, text.length()) > max) {
                return textChannel == Channel.EMAIL ? QueryError.BAD_EMAIL : QueryError.BAD_ADDRESS;
            }
        } else if (number == null) {
            if (numberLength <= 0) {
                return QueryError.MISSING_NUMBER;
            }
            if (numberLength > NUMBER_MAX_CHARS) {
                return QueryError.BAD_NUMBER; // ASCII: a byte is a character
            }
        } else if (number.isEmpty()) {
            return QueryError.MISSING_NUMBER;
        } else if (number.length() > NUMBER_MAX_CHARS && number.codePointCount(0, number.length()) > NUMBER_MAX_CHARS) {
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
