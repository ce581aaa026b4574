package screening.server.audit;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import screening.core.Channel;

/**
 * Encodes a batch of CONTACT_ATTEMPT lines straight to UTF-8 bytes in one reused buffer, chaining
 * each line's {@code prev} to the SHA-256 of the line before: the bytes are the same as the
 * Jackson path ({@link AuditAppender#jsonLine}) gives for the same event.
 *
 * <p>Not thread-safe: owned by one thread at a time (the {@code audit-writer}). Never blocks;
 * throws nothing checked.
 */
final class ContactAttemptLine {

    /*
     * Why not Jackson here: CONTACT_ATTEMPT is the frequent event, one per blocked call, and the
     * Jackson path builds a map, an Event, an ObjectNode, a String, a SHA-256 instance and a hex
     * String for every line. Here a line is appended to one growable byte[] that lives as long as
     * the log, hashed with one MessageDigest into one 32-byte array, and hexed into the 64-byte
     * prev buffer that the next line copies: no allocation per line (ContactAttemptLineBenchmark
     * with -prof gc shows it). The hex digits come from HexFormat one at a time into that buffer;
     * formatHex would make a String per line.
     *
     * Matching Jackson exactly (ContactAttemptLineTest compares bytes, property-based): fields in
     * the order seq,time,type,actor,prev,pin,establishment,ref,channel; a null value is written `null`
     * (ObjectNode.set turns the null from valueToTree into NullNode, and NON_NULL does not apply
     * to tree nodes); in strings, '"' and '\' are backslashed, control characters below 0x20
     * use \b \t \n \f \r or else \\u00XX with uppercase hex, each UTF-16 surrogate (paired or not)
     * is written as its own \\uXXXX escape, DEL and everything else is raw UTF-8. Time is
     * Instant.ofEpochMilli(ms).toString(): the whole-second text is cached per second, the
     * fraction is ".mmm" unless it is zero.
     */

    private static final HexFormat HEX_LOWER = HexFormat.of();
    private static final HexFormat HEX_UPPER = HexFormat.of().withUpperCase();
    private static final byte[] SEQ = ascii("{\"seq\":");
    private static final byte[] TIME = ascii(",\"time\":\"");
    private static final byte[] TYPE_ACTOR_PREV = ascii("\",\"type\":\"" + AuditLog.EventType.CONTACT_ATTEMPT.name()
            + "\",\"actor\":\"" + AuditLog.SYSTEM_ACTOR + "\",\"prev\":\"");
    private static final byte[] PIN = ascii("\",\"pin\":");
    private static final byte[] ESTABLISHMENT = ascii(",\"establishment\":");
    private static final byte[] REF = ascii(",\"ref\":");
    private static final byte[][] CHANNEL = channels();
    private static final byte[] NULL = ascii("null");

    /** {@code ,"channel":"PHONE"} and the others, by ordinal. */
    private static byte[][] channels() {
        Channel[] cs = Channel.values();
        byte[][] out = new byte[cs.length][];
        for (Channel c : cs) {
            out[c.ordinal()] = ascii(",\"channel\":\"" + c.name() + "\"");
        }
        return out;
    }

    private final MessageDigest sha256;
    private final byte[] digest = new byte[32];
    private final byte[] prevHex = new byte[64];
    private byte[] buf;
    private int len;
    private long cachedSecond = Long.MIN_VALUE;
    private byte[] cachedSecondText = new byte[0];

    ContactAttemptLine() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        buf = new byte[1 << 16];
    }

    /** Starts a batch: empties the buffer; {@code prevHash} is the last line's lowercase hex hash. */
    void reset(String prevHash) {
        if (prevHash.length() != 64) {
            throw new IllegalArgumentException("prevHash must be 64 hex digits, got " + prevHash.length() + " chars");
        }
        for (int i = 0; i < 64; i++) {
            prevHex[i] = (byte) prevHash.charAt(i);
        }
        len = 0;
    }

    /** Appends one line and its newline; afterwards {@link #lastHash} is this line's hash. */
    void append(long seq, long epochMillis, String pin, String establishment, String ref, Channel channel) {
        int start = len;
        put(SEQ);
        putLong(seq);
        put(TIME);
        putTime(epochMillis);
        put(TYPE_ACTOR_PREV);
        put(prevHex);
        put(PIN);
        putString(pin);
        put(ESTABLISHMENT);
        putString(establishment);
        put(REF);
        putString(ref);
        put(CHANNEL[channel.ordinal()]);
        ensure(2);
        buf[len++] = '}';
        sha256.update(buf, start, len - start);
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest of 32 bytes refused", e);
        }
        for (int i = 0; i < 32; i++) {
            prevHex[2 * i] = (byte) HEX_LOWER.toHighHexDigit(digest[i]);
            prevHex[2 * i + 1] = (byte) HEX_LOWER.toLowHexDigit(digest[i]);
        }
        buf[len++] = '\n';
    }

    /** The batch's bytes, valid up to {@link #length}; the array is reused by the next batch. */
    byte[] bytes() {
        return buf;
    }

    /** How many bytes the batch holds. */
    int length() {
        return len;
    }

    /** The lowercase hex SHA-256 of the last line appended (or the reset hash if none). */
    String lastHash() {
        return new String(prevHex, StandardCharsets.US_ASCII);
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void putLong(long v) {
        // at most 20 chars: "-9223372036854775808"
        ensure(20);
        if (v == Long.MIN_VALUE) {
            put(ascii(Long.toString(v)));
            return;
        }
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long p = 10; digits < 19 && v >= p; p *= 10) {
            digits++;
        }
        int end = len + digits;
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        len = end;
    }

    private void putTime(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        int milli = (int) Math.floorMod(epochMillis, 1000);
        if (second != cachedSecond) {
            String s = Instant.ofEpochSecond(second).toString(); // "...:ssZ"
            cachedSecondText = s.substring(0, s.length() - 1).getBytes(StandardCharsets.US_ASCII);
            cachedSecond = second;
        }
        put(cachedSecondText);
        ensure(5);
        if (milli != 0) {
            buf[len++] = '.';
            buf[len++] = (byte) ('0' + milli / 100);
            buf[len++] = (byte) ('0' + milli / 10 % 10);
            buf[len++] = (byte) ('0' + milli % 10);
        }
        buf[len++] = 'Z';
    }

    private void putString(String s) {
        if (s == null) {
            put(NULL);
            return;
        }
        int n = s.length();
        // worst case a char becomes 6 bytes (\\uXXXX); plus the two quotes
        ensure(6 * n + 2);
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[p++] = (byte) c;
                    continue;
                }
                b[p++] = '\\';
                switch (c) {
                    case '"' -> b[p++] = '"';
                    case '\\' -> b[p++] = '\\';
                    case '\b' -> b[p++] = 'b';
                    case '\t' -> b[p++] = 't';
                    case '\n' -> b[p++] = 'n';
                    case '\f' -> b[p++] = 'f';
                    case '\r' -> b[p++] = 'r';
                    default -> p = putUnicodeEscape(b, p, c);
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b[p++] = '\\';
                p = putUnicodeEscape(b, p, c);
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = '"';
        len = p;
    }

    /** Writes {@code uXXXX} (the backslash is already there). */
    private static int putUnicodeEscape(byte[] b, int p, char c) {
        b[p++] = 'u';
        b[p++] = (byte) HEX_UPPER.toHighHexDigit(c >> 8);
        b[p++] = (byte) HEX_UPPER.toLowHexDigit(c >> 8);
        b[p++] = (byte) HEX_UPPER.toHighHexDigit(c);
        b[p++] = (byte) HEX_UPPER.toLowHexDigit(c);
        return p;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
