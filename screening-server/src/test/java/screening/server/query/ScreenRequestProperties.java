package screening.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The query-string parser reads the request line's bytes; this property holds it to the parser it
 * replaced, which read a String of them (kept below, unchanged, as the reference): for every query
 * string, the same error or the same PIN, number and establishment. One ScreenRequest is reused
 * across all the strings of a try, as a connection reuses it.
 */
class ScreenRequestProperties {

    @Provide
    Arbitrary<List<byte[]>> queries() {
        Arbitrary<String> name = Arbitraries.of("pin", "number", "establishment", "Pin", "pi", "numbers", "x", "",
                "pin ", "n%75mber", "\u00e9tab");
        Arbitrary<String> token = Arbitraries.of("0", "1234", "07700900123", "+44", "%2B44", "7700", "900", "456",
                "%20", " ", "-", "A", "HULL", "hull", "%C3%A9", "%C3", "%E2%82%AC", "%F0%9F%98%80", "%ZZ", "%2",
                "%", "%%", "+", "=", "\u0080", "\u00ff", "\u0001", "\u007f", "\t", "(", ")", ".",
                "0".repeat(70), "%30".repeat(90), "%C3%A9".repeat(30), "9".repeat(33));
        Arbitrary<String> value = token.list().ofMaxSize(6).map(t -> String.join("", t));
        Arbitrary<String> part = Combinators.combine(name, Arbitraries.of("", "=", "=="), value)
                .as((n, eq, v) -> n + eq + v);
        Arbitrary<String> query = part.list().ofMaxSize(5).map(p -> String.join("&", p));
        Arbitrary<String> edged = Combinators.combine(Arbitraries.of("", "&"), query, Arbitraries.of("", "&", "&&"))
                .as((a, q, b) -> a + q + b);
        Arbitrary<byte[]> text = edged.map(q -> q.getBytes(StandardCharsets.ISO_8859_1));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        // mostly well-formed: a PIN, a number of 0 to 70 characters (the 64 limit), sometimes an establishment
        Arbitrary<String> ascii = Arbitraries.strings().withChars("0123456789+- ").ofMaxLength(70)
                .map(n -> n.replace(" ", "%20").replaceFirst("\\+", "%2B"));
        Arbitrary<String> numberChars = Arbitraries.oneOf(ascii, ascii.map(n -> n + "%C3%A9"));
        Arbitrary<byte[]> shaped = Combinators.combine(Arbitraries.of("1234", "A-1000", "0042", "x".repeat(33), ""),
                numberChars, Arbitraries.of("", "&establishment=HULL", "&establishment=H", "&establishment=%48ULL"))
                .as((pin, number, est) -> ("pin=" + pin + "&number=" + number + est).getBytes(StandardCharsets.ISO_8859_1));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, text), net.jqwik.api.Tuple.of(3, shaped),
                net.jqwik.api.Tuple.of(1, raw)).list().ofSize(200);
    }

    @Property(tries = 500)
    void byteParser_givesTheStringParsersAnswer(@ForAll("queries") List<byte[]> queries) {
        ScreenRequest request = new ScreenRequest();
        for (byte[] q : queries) {
            // the array is longer than the query, as the head's reused array is
            byte[] padded = java.util.Arrays.copyOf(q, q.length + 7);
            QueryError e = request.parseQuery(padded, q.length);
            String got = e != null ? "error " + e : request.pin + "|" + request.numberText() + "|" + request.establishment;
            Reference ref = new Reference();
            QueryError re = ref.parseQuery(new String(q, StandardCharsets.ISO_8859_1), 0);
            String want = re != null ? "error " + re : ref.pin + "|" + ref.number + "|" + ref.establishment;
            assertThat(got).as(new String(q, StandardCharsets.ISO_8859_1)).isEqualTo(want);
        }
    }

    /** The String parser as it was before it read bytes (ScreenRequest at ca416a3), for comparison only. */
    private static final class Reference {
        static final int PIN_MAX = ScreenRequest.PIN_MAX;
        static final int NUMBER_MAX_CHARS = ScreenRequest.NUMBER_MAX_CHARS;
        private static final int DECODED_MAX_BYTES = 4 * NUMBER_MAX_CHARS;
        String pin;
        String number;
        String establishment;
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
}
