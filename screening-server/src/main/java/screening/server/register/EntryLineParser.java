package screening.server.register;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import screening.core.Action;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.MatchType;
import screening.core.Scope;

/**
 * A fast reader of the plain register line: one flat JSON object of the entry fields with string
 * or null values, ASCII without escapes, fields at most once. It either returns exactly the
 * {@link Entry} that the reference reader ({@link ReferenceEntryReader}) would give for the line
 * (provenance filled in), or null to say "not handled here": then the caller reads the line with
 * Jackson, which decides whether it is valid and says why not. So this class never refuses
 * anything and never has its own error messages.
 *
 * <p>One instance per parse; not thread-safe. Runs on the poller thread.
 */
final class EntryLineParser {

    /*
     * Why: Jackson's databind is a large share of a reload's CPU, and its garbage (a token buffer,
     * a String per field, a second Entry for withProvenance) most of what the collector has to
     * reclaim during one. A plain number line (addNumberEntry) costs no Entry at all: its fields
     * go to the index builder as offsets into the line, its number is read in place, its id is
     * the loaded version's String when equal, and short repeated values (PINs, establishments)
     * come from a small direct-mapped cache. Any other line is made into exactly Jackson's Entry
     * (parse), reusing the Strings of a hint entry where equal.
     *
     * What Jackson accepts that this declines (returns null): escapes, non-ASCII, control
     * characters, numbers or booleans, duplicate or unknown fields, source/createdBy/createdAt,
     * enum names that are not exact, instants not of the plain form below, anything after the
     * object but spaces, tabs and one final CR. Declining is always safe.
     */

    private static final int ID = 0;
    private static final int ACTION = 1;
    private static final int MATCH = 2;
    private static final int NUMBER = 3;
    private static final int SCOPE = 4;
    private static final int ESTABLISHMENT = 5;
    private static final int PIN = 6;
    private static final int VALID_FROM = 7;
    private static final int VALID_UNTIL = 8;
    private static final int REASON = 9;
    private static final int REFERENCE = 10;
    private static final int NOTE = 11;
    private static final int EMAIL = 12;
    private static final int ADDRESS = 13;
    private static final byte[][] NAMES = {
        ascii("id"), ascii("action"), ascii("match"), ascii("number"), ascii("scope"),
        ascii("establishment"), ascii("pin"), ascii("validFrom"), ascii("validUntil"), ascii("reason"),
        ascii("reference"), ascii("note"), ascii("email"), ascii("address"),
    };
    private static final int FIELDS = NAMES.length;
    private static final Action[] ACTIONS = Action.values();
    private static final MatchType[] MATCHES = MatchType.values();
    private static final Scope[] SCOPES = Scope.values();

    private static final int CACHE = 1 << 12;
    private static final int CACHE_MAX_LEN = 32;

    private final String source;
    private final String createdBy;
    private final Instant createdAt;
    private final String[] cache;
    // value offsets of the line being read: start, or -1 for null; length
    private final int[] start = new int[FIELDS];
    private final int[] len = new int[FIELDS];
    // the typed fields of the line being read (scan)
    private Action action;
    private MatchType match;
    private Scope scope;
    private Instant validFrom;
    private Instant validUntil;
    private final AsciiChars number = new AsciiChars();

    EntryLineParser(String source, String createdBy, Instant createdAt) {
        this(source, createdBy, createdAt, CACHE);
    }

    /** @param cacheSize slots of the short-string cache, a power of two (1 for a parser that reads one line) */
    EntryLineParser(String source, String createdBy, Instant createdAt, int cacheSize) {
        this.source = source;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.cache = new String[cacheSize];
    }

    /**
     * The entry on {@code b[from..to)} (one line, without its newline), or null if this reader
     * does not handle the line.
     *
     * @param hint the loaded entry at the same position, whose strings are reused when equal; or
     *     null
     */
    Entry parse(byte[] b, int from, int to, Entry hint) {
        int seen = scan(b, from, to);
        if (seen < 0) {
            return null;
        }
        boolean h = hint != null;
        return new Entry(
                str(seen, b, ID, h ? hint.id() : null, false),
                action, match,
                str(seen, b, NUMBER, h ? hint.number() : null, true),
                scope,
                str(seen, b, ESTABLISHMENT, h ? hint.establishment() : null, true),
                str(seen, b, PIN, h ? hint.pin() : null, true),
                validFrom, validUntil,
                str(seen, b, REASON, h ? hint.reason() : null, true),
                str(seen, b, REFERENCE, h ? hint.reference() : null, true),
                str(seen, b, NOTE, h ? hint.note() : null, false),
                source, createdBy, createdAt,
                str(seen, b, EMAIL, h ? hint.email() : null, false),
                str(seen, b, ADDRESS, h ? hint.address() : null, false));
    }

    /**
     * Adds the number entry on {@code b[from..to)} to {@code builder} by its fields, without
     * making the {@link Entry} ({@link EntryIndex.Builder#addNumberEntry}): true when added.
     * False, adding nothing, when this reader does not handle the line, when it is not a number
     * entry, or when the builder does not accept it at once (invalid, or a repeated id): then
     * the caller adds the entry itself, which is added or refused as before.
     *
     * @param ordinal the line's entry ordinal (its position in the file's entries)
     * @param loaded the source's loaded index, whose id Strings are shared where equal; or null
     */
    boolean addNumberEntry(byte[] b, int from, int to, int ordinal, EntryIndex loaded, EntryIndex.Builder builder) {
        int seen = scan(b, from, to);
        if (seen < 0 || !has(seen, NUMBER) || has(seen, EMAIL) || has(seen, ADDRESS) || !has(seen, ID)) {
            return false;
        }
        String id = loaded != null ? loaded.existingId(ordinal, b, start[ID], len[ID]) : null;
        if (id == null) {
            id = new String(b, start[ID], len[ID], StandardCharsets.ISO_8859_1);
        }
        number.set(b, start[NUMBER], len[NUMBER]);
        return builder.addNumberEntry(id, action, match, scope,
                str(seen, b, ESTABLISHMENT, null, true), str(seen, b, PIN, null, true), validFrom, validUntil,
                has(seen, REASON) ? len[REASON] : -1, has(seen, REFERENCE) ? len[REFERENCE] : -1,
                has(seen, NOTE) ? len[NOTE] : -1, number);
    }

    /**
     * Reads the line's fields into {@link #start}, {@link #len} and the typed fields: the set of
     * fields present as bits, or -1 when this reader does not handle the line.
     */
    private int scan(byte[] b, int from, int to) {
        int seen = 0;
        int i = skipWs(b, from, to);
        if (i >= to || b[i] != '{') {
            return -1;
        }
        i = skipWs(b, i + 1, to);
        if (i < to && b[i] == '}') {
            i++;
        } else {
            while (true) {
                if (i >= to || b[i] != '"') {
                    return -1;
                }
                int ks = i + 1;
                int ke = endOfString(b, ks, to);
                if (ke < 0) {
                    return -1;
                }
                int f = field(b, ks, ke - ks);
                if (f < 0 || (seen & (1 << f)) != 0) {
                    return -1;
                }
                seen |= 1 << f;
                i = skipWs(b, ke + 1, to);
                if (i >= to || b[i] != ':') {
                    return -1;
                }
                i = skipWs(b, i + 1, to);
                if (i >= to) {
                    return -1;
                }
                if (b[i] == '"') {
                    int vs = i + 1;
                    int ve = endOfString(b, vs, to);
                    if (ve < 0) {
                        return -1;
                    }
                    start[f] = vs;
                    len[f] = ve - vs;
                    i = ve + 1;
                } else if (b[i] == 'n' && i + 4 <= to && b[i + 1] == 'u' && b[i + 2] == 'l' && b[i + 3] == 'l') {
                    start[f] = -1;
                    i += 4;
                } else {
                    return -1;
                }
                i = skipWs(b, i, to);
                if (i >= to) {
                    return -1;
                }
                if (b[i] == ',') {
                    i = skipWs(b, i + 1, to);
                } else if (b[i] == '}') {
                    i++;
                    break;
                } else {
                    return -1;
                }
            }
        }
        i = skipWs(b, i, to);
        if (i < to && b[i] == '\r' && i + 1 == to) {
            i++;
        }
        if (i != to) {
            return -1;
        }
        action = null;
        match = null;
        scope = null;
        validFrom = null;
        validUntil = null;
        if (has(seen, ACTION) && (action = enumOf(ACTIONS, b, ACTION)) == null) {
            return -1;
        }
        if (has(seen, MATCH) && (match = enumOf(MATCHES, b, MATCH)) == null) {
            return -1;
        }
        if (has(seen, SCOPE) && (scope = enumOf(SCOPES, b, SCOPE)) == null) {
            return -1;
        }
        if (has(seen, VALID_FROM) && (validFrom = instant(b, VALID_FROM)) == null) {
            return -1;
        }
        if (has(seen, VALID_UNTIL) && (validUntil = instant(b, VALID_UNTIL)) == null) {
            return -1;
        }
        return seen;
    }

    /** Whether field f has a non-null value on this line. */
    private boolean has(int seen, int f) {
        return (seen & (1 << f)) != 0 && start[f] >= 0;
    }

    private String str(int seen, byte[] b, int f, String hint, boolean cached) {
        if (!has(seen, f)) {
            return null;
        }
        int off = start[f];
        int n = len[f];
        if (hint != null && equal(hint, b, off, n)) {
            return hint;
        }
        if (!cached || n > CACHE_MAX_LEN) {
            return new String(b, off, n, StandardCharsets.ISO_8859_1);
        }
        int hash = 0;
        for (int k = off; k < off + n; k++) {
            hash = 31 * hash + b[k];
        }
        int slot = (hash ^ (hash >>> 12)) & (cache.length - 1);
        String c = cache[slot];
        if (c != null && equal(c, b, off, n)) {
            return c;
        }
        String s = new String(b, off, n, StandardCharsets.ISO_8859_1);
        cache[slot] = s;
        return s;
    }

    private <E extends Enum<E>> E enumOf(E[] values, byte[] b, int f) {
        for (E v : values) {
            if (equal(v.name(), b, start[f], len[f])) {
                return v;
            }
        }
        return null;
    }

    /** {@code 2026-11-28T12:00:00Z}, optionally with 1 to 9 fraction digits; else null. */
    private Instant instant(byte[] b, int f) {
        int off = start[f];
        int n = len[f];
        if (n < 20 || n > 30 || n == 21 || b[off + n - 1] != 'Z') {
            return null;
        }
        for (int k = 0; k < n - 1; k++) {
            byte c = b[off + k];
            boolean ok = switch (k) {
                case 4, 7 -> c == '-';
                case 10 -> c == 'T';
                case 13, 16 -> c == ':';
                case 19 -> c == '.';
                default -> c >= '0' && c <= '9';
            };
            if (!ok) {
                return null;
            }
        }
        try {
            return Instant.parse(new String(b, off, n, StandardCharsets.ISO_8859_1));
        } catch (DateTimeParseException ex) {
            return null;
        }
    }

    private static boolean equal(String s, byte[] b, int off, int n) {
        if (s.length() != n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (s.charAt(k) != b[off + k]) {
                return false;
            }
        }
        return true;
    }

    /** The index after the closing quote's position (the quote itself), or -1 if not plain ASCII. */
    private static int endOfString(byte[] b, int i, int to) {
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c == '\\' || c < 0x20) { // bytes >= 0x80 are negative: declined too
                return -1;
            }
        }
        return -1;
    }

    private static int field(byte[] b, int off, int n) {
        for (int f = 0; f < FIELDS; f++) {
            byte[] name = NAMES[f];
            if (name.length == n && java.util.Arrays.equals(name, 0, n, b, off, off + n)) {
                return f;
            }
        }
        return -1;
    }

    private static int skipWs(byte[] b, int i, int to) {
        while (i < to && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A reused view of ASCII bytes as characters: a line's number, read in place. */
    private static final class AsciiChars implements CharSequence {
        private byte[] b;
        private int off;
        private int n;

        void set(byte[] bytes, int from, int length) {
            b = bytes;
            off = from;
            n = length;
        }

        @Override
        public int length() {
            return n;
        }

        @Override
        public char charAt(int index) {
            java.util.Objects.checkIndex(index, n);
            return (char) (b[off + index] & 0xFF);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            java.util.Objects.checkFromToIndex(from, to, n);
            return new String(b, off + from, to - from, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return new String(b, off, n, StandardCharsets.ISO_8859_1);
        }
    }
}
