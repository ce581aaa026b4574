package screening.server.register;

import java.security.MessageDigest;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.server.audit.AuditLog;

/**
 * One register file (SPEC section 6), read and validated whole: the header
 * ({@link RegisterHeader}), the entry count, the SHA-256, every entry through
 * {@link EntryIndex.Builder} (the admin API's validator), unique ids, and optionally a version
 * above the one loaded. {@link RegisterFileWriter} writes one.
 *
 * <p>Stateless and thread-safe; {@link #parse} is CPU-bound (it reads and indexes every entry)
 * and must not run on an event loop.
 */
public final class RegisterFile {

    /*
     * Order of checks: EMPTY, HEADER, COUNT, CHECKSUM, VERSION, then entries (ENTRY,
     * DUPLICATE_ID). Integrity comes before meaning: a file whose bytes do not match its header is
     * refused as such before anything inside it is trusted. The shrink guard needs the loaded
     * index, so the caller (RegisterPoller) applies it after parse.
     *
     * Two readers of the entry lines. The fast one (fastEntries) splits the body at newlines and
     * reads each plain line with EntryLineParser: a plain number entry goes to the index as its
     * fields (EntryIndex.Builder.addNumberEntry: its columns, no Entry), anything else as exactly
     * Jackson's Entry, or the parser declines (ReferenceEntryReader.readLine then reads that line
     * alone). The index keeps the file's bytes and each line's offset, and makes an Entry again
     * only when the admin API asks (RegisterLines); its ids are the loaded version's Strings where
     * equal, so a reload of an unchanged file allocates the index's arrays and little else. At the
     * first line that is not one acceptable JSON object it gives up, and the reference reader
     * (ReferenceEntryReader.read) reads the whole body again to find and name the problem, so the
     * messages and line numbers of a refusal are the reference reader's. A line whose entry is
     * invalid is refused by either the same way, since everything before it was read the same.
     *
     * A line that is byte for byte the loaded version's line at the same position (same source,
     * same validator) is that entry again: its columns are copied from the loaded index
     * (EntryIndex.Builder.addUnchanged) without reading or validating it; only its id is checked
     * for a repeat. A line that differs anywhere is read and validated in full.
     */

    /** Lines up to this length (every plain entry line) are compared with the loaded version's. */
    private static final int UNCHANGED_LINE_MAX = 4096;

    private final RegisterHeader header;
    private final EntryIndex index;

    private RegisterFile(RegisterHeader header, EntryIndex index) {
        this.header = header;
        this.index = index;
    }

    /** The header. */
    public RegisterHeader header() {
        return header;
    }

    /** The entries, validated and indexed, with source, createdBy and createdAt filled in. */
    public EntryIndex index() {
        return index;
    }

    /**
     * Parses and validates {@code bytes} whole. The index keeps {@code bytes} to make its
     * entries again when asked: the caller must not change them afterwards.
     *
     * @param expectedSource the configured source name the header must carry, or null to accept
     *     any well-formed name ({@code register verify})
     * @param loadedVersion the version loaded now: the file's must be higher; 0 when none
     * @throws RegisterRefusedException with the cause and the first problem's line
     */
    public static RegisterFile parse(byte[] bytes, String expectedSource, long loadedVersion,
            EntryValidator validator) throws RegisterRefusedException {
        return parse(bytes, expectedSource, loadedVersion, validator, null);
    }

    /**
     * {@link #parse(byte[], String, long, EntryValidator)}, sharing the id Strings of
     * {@code loaded} (the source's loaded index, or null) where it has equal ones.
     */
    static RegisterFile parse(byte[] bytes, String expectedSource, long loadedVersion,
            EntryValidator validator, EntryIndex loaded) throws RegisterRefusedException {
        return parse(RegisterBytes.of(bytes), expectedSource, loadedVersion, validator, loaded, null);
    }

    /**
     * {@link #parse(byte[], String, long, EntryValidator, EntryIndex)} of {@code bytes}, a heap
     * array or a mapping, which the index keeps.
     *
     * @param bodySha256 the hex SHA-256 of the bytes after the first newline, when the caller
     *     has computed it as it fetched them; null to compute it here
     */
    static RegisterFile parse(RegisterBytes bytes, String expectedSource, long loadedVersion,
            EntryValidator validator, EntryIndex loaded, String bodySha256) throws RegisterRefusedException {
        if (isBlank(bytes)) {
            throw new RegisterRefusedException(RefusalCause.EMPTY, 0,
                    bytes.length() == 0 ? "the file is empty (0 bytes)" : "the file holds only whitespace");
        }
        int nl = bytes.indexOf((byte) '\n', 0);
        if (nl < 0) {
            throw new RegisterRefusedException(RefusalCause.HEADER, 1, "the header line must end with a newline");
        }
        RegisterHeader header = RegisterHeader.parse(bytes.array() != null ? bytes.array() : bytes.copy(0, nl), nl,
                expectedSource);

        int bodyStart = nl + 1;
        long lines = countLines(bytes, bodyStart);
        if (lines != header.entries()) {
            throw new RegisterRefusedException(RefusalCause.COUNT, 1,
                    "header says entries " + header.entries() + " but the file has " + lines + " entry lines");
        }
        String actual = bodySha256 != null ? bodySha256 : bodySha256(bytes, bodyStart);
        if (!actual.equals(header.sha256())) {
            throw new RegisterRefusedException(RefusalCause.CHECKSUM, 1,
                    "sha256 does not match the bytes after the header line (they hash to " + actual + ")");
        }
        if (header.version() <= loadedVersion) {
            throw new RegisterRefusedException(RefusalCause.VERSION, 1,
                    "version " + header.version() + " is not higher than the loaded version " + loadedVersion);
        }

        EntryIndex index = lines == 0 ? null : fastEntries(bytes, bodyStart, lines, header, validator, loaded);
        if (index == null) {
            // a line that is not one acceptable JSON object: the file will be refused, and the
            // reference reader names the problem from the whole body
            index = ReferenceEntryReader.read(bytes.toArray(), bodyStart, lines, header, validator);
        }
        return new RegisterFile(header, index);
    }

    /** Lowercase hex SHA-256 of {@code len} bytes of {@code b} from {@code off}. */
    public static String sha256Hex(byte[] b, int off, int len) {
        MessageDigest md = RegisterBytes.sha256();
        md.update(b, off, len);
        return RegisterBytes.hex(md);
    }

    private static String bodySha256(RegisterBytes bytes, int bodyStart) {
        MessageDigest md = RegisterBytes.sha256();
        bytes.digest(md, bodyStart, bytes.length());
        return RegisterBytes.hex(md);
    }

    /**
     * The entries read line by line with {@link EntryLineParser}, the reference reader for a line
     * it declines; or null when a line is not one valid JSON object, to let the reference reader
     * find and name the problem. A line's validation error is refused here, exactly as there.
     * The index keeps the columns of a number entry and these bytes, not an {@link Entry} per
     * line ({@link RegisterLines} reads one again when asked).
     */
    private static EntryIndex fastEntries(RegisterBytes bytes, int bodyStart, long lines, RegisterHeader header,
            EntryValidator validator, EntryIndex loaded) throws RegisterRefusedException {
        if (lines >= Integer.MAX_VALUE) {
            return null; // the reference reader refuses it with its own words
        }
        RegisterLines before = loaded != null && loaded.reader() instanceof RegisterLines l ? l : null;
        RegisterLines reader = new RegisterLines(bytes, bodyStart, (int) lines, before, header, AuditLog.SYSTEM_ACTOR);
        RegisterIndexBuilder index = new RegisterIndexBuilder(header.source(), validator, reader, lines);
        EntryLineParser fast = new EntryLineParser(header.source(), AuditLog.SYSTEM_ACTOR, header.generated());
        RegisterBytes.Lines in = new RegisterBytes.Lines(bytes, bodyStart);
        byte[] scratch = before != null ? new byte[UNCHANGED_LINE_MAX] : null;
        int line = 1;
        int ordinal = 0;
        while (in.next()) {
            byte[] b = in.array();
            int start = in.from();
            int end = in.to();
            line++;
            reader.recordStart(ordinal, in.offset());
            if (before != null && before.sameLine(ordinal, b, start, end, scratch)
                    && index.builder().addUnchanged(loaded, ordinal)) {
                // the loaded version's line at this position, byte for byte: its entry and key
            } else if (!fast.addNumberEntry(b, start, end, ordinal, loaded, index.builder())) {
                Entry e = fast.parse(b, start, end, null);
                if (e == null) {
                    e = ReferenceEntryReader.readLine(b, start, end, header);
                    if (e == null) {
                        return null;
                    }
                }
                index.add(e, line);
            }
            ordinal++;
        }
        reader.recordStart(ordinal, in.nextOffset()); // one past the last line's newline, or past its end when it has none
        return index.build();
    }

    /** The entry lines from {@code from}: one per newline, and a last line without one. */
    static long countLines(byte[] b, int from) {
        return countLines(RegisterBytes.of(b), from);
    }

    /** The entry lines from {@code from}: one per newline, and a last line without one. */
    static long countLines(RegisterBytes b, int from) {
        long n = 0;
        RegisterBytes.Lines in = new RegisterBytes.Lines(b, from);
        while (in.next()) {
            n++;
        }
        return n;
    }

    /** The first {@code x} in {@code b} at or after {@code from}, or -1. */
    static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(RegisterBytes b) {
        for (int i = 0; i < b.length(); i++) {
            byte c = b.get(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }
}
