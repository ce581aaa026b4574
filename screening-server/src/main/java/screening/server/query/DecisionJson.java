package screening.server.query;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import screening.core.CanonicalNumber;
import screening.core.Channel;
import screening.core.Decision;
import screening.core.Reason;
import screening.core.Verdict;

/**
 * Encodes a {@link Verdict} as the query API's JSON (SPEC section 4), by hand, into a reused
 * byte array: {@code {"decision":"DENY","reason":"BLOCKED","ref":"...","number":"+44...","version":42}}.
 * {@code ref} only with BLOCKED (JSON-escaped, UTF-8); {@code number} absent when the verdict has
 * none (INVALID_NUMBER, UNAVAILABLE); {@code version} null only without a snapshot.
 *
 * <p>Not thread-safe: one instance per connection (or per thread). Encoding allocates nothing
 * once the array has grown to fit the longest {@code ref} seen.
 */
public final class DecisionJson {

    // {"decision":"ALLOW","reason":"NOT_BLOCKED" for every pair, built once
    private static final byte[][] PREFIX = new byte[Decision.values().length * Reason.values().length][];
    private static final byte[] REF = ascii(",\"ref\":\"");
    private static final byte[] NUMBER = ascii(",\"number\":\"");
    private static final byte[] EMAIL = ascii(",\"email\":\"");
    private static final byte[] ADDRESS = ascii(",\"address\":\"");
    private static final byte[] VERSION = ascii(",\"version\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] HEX = ascii("0123456789abcdef");

    static {
        for (Decision d : Decision.values()) {
            for (Reason r : Reason.values()) {
                PREFIX[d.ordinal() * Reason.values().length + r.ordinal()] =
                        ascii("{\"decision\":\"" + d + "\",\"reason\":\"" + r + "\"");
            }
        }
    }

    private byte[] buf = new byte[256];

    /** Encodes {@code v}; the JSON is {@link #bytes()} from 0 to the returned length. */
    public int encode(Verdict v) {
        int p = head(v, 0);
        byte[] b = buf;
        long number = v.number();
        if (number != CanonicalNumber.INVALID) {
            p = put(b, p, NUMBER);
            p = CanonicalNumber.writeAscii(number, b, p);
            b[p++] = '"';
        }
        return tail(v, p);
    }

    /**
     * Encodes {@code v}, an answer about {@code channel}: a number's as {@link #encode(Verdict)},
     * an e-mail's or address's with its canonical form under {@code "email"} or {@code "address"}.
     */
    public int encode(Channel channel, Verdict v) {
        if (channel == Channel.PHONE) {
            return encode(v);
        }
        String text = v.text();
        int p = head(v, text == null ? 0 : 6 * text.length());
        if (text != null) {
            byte[] b = buf;
            p = put(b, p, channel == Channel.EMAIL ? EMAIL : ADDRESS);
            p = escape(text, b, p);
            b[p++] = '"';
        }
        return tail(v, p);
    }

    /**
     * Grows the buffer for {@code v} and {@code extra} more bytes, and writes the decision, the
     * reason and any ref: the position after them.
     */
    private int head(Verdict v, int extra) {
        byte[] prefix = PREFIX[v.decision().ordinal() * Reason.values().length + v.reason().ordinal()];
        String ref = v.ref();
        // worst case: 6 bytes per ref char (\\u00XX), 20 for the number, 20 for the version
        int need = prefix.length + 64 + (ref == null ? 0 : 6 * ref.length()) + extra;
        if (buf.length < need) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
        byte[] b = buf;
        System.arraycopy(prefix, 0, b, 0, prefix.length);
        int p = prefix.length;
        if (ref != null) {
            p = put(b, p, REF);
            p = escape(ref, b, p);
            b[p++] = '"';
        }
        return p;
    }

    /** Writes the version and the closing brace at {@code p}: the encoded length. */
    private int tail(Verdict v, int p) {
        byte[] b = buf;
        p = put(b, p, VERSION);
        long version = v.version();
        p = version == Verdict.NO_VERSION ? put(b, p, NULL) : decimal(version, b, p);
        b[p++] = '}';
        return p;
    }

    /** The JSON of {@code v}, an answer about {@code channel}, as a string (allocates; for the CLI and tests). */
    public static String toJson(Channel channel, Verdict v) {
        DecisionJson j = new DecisionJson();
        int n = j.encode(channel, v);
        return new String(j.bytes(), 0, n, StandardCharsets.UTF_8);
    }

    /** The encoded bytes; valid up to the length {@link #encode} returned, until the next call. */
    public byte[] bytes() {
        return buf;
    }

    /** The JSON of {@code v} as a string (allocates; for the CLI and tests). */
    public static String toJson(Verdict v) {
        DecisionJson j = new DecisionJson();
        int n = j.encode(v);
        return new String(j.bytes(), 0, n, StandardCharsets.UTF_8);
    }

    private static int put(byte[] b, int p, byte[] src) {
        System.arraycopy(src, 0, b, p, src.length);
        return p + src.length;
    }

    private static int decimal(long v, byte[] b, int p) {
        if (v < 0) {
            b[p++] = '-';
            v = -v;
        }
        int n = v < 10 ? 1 : CanonicalNumber.e164DigitCount(v);
        for (int i = n - 1; i >= 0; i--) {
            b[p + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return p + n;
    }

    /** Writes {@code s} as the inside of a JSON string, UTF-8; a lone surrogate becomes U+FFFD. */
    static int escape(String s, byte[] b, int p) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b[p++] = '\\';
                b[p++] = (byte) c;
            } else if (c < 0x20) {
                b[p++] = '\\';
                b[p++] = 'u';
                b[p++] = '0';
                b[p++] = '0';
                b[p++] = HEX[c >> 4];
                b[p++] = HEX[c & 15];
            } else if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                if (Character.isSurrogate(c)) {
                    c = '\uFFFD';
                }
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
