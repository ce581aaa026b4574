package screening.server.register;

import screening.core.Entry;
import screening.core.EntryReader;

/**
 * The entries of a loaded register file, read back from its bytes when asked: what an
 * {@link screening.core.EntryIndex} built from the file keeps instead of an {@link Entry} per line.
 *
 * <p>Filled in by the parse's thread ({@link #recordStart}) before the index is built and
 * published; immutable afterwards and thread-safe (each call reads with its own parser); may
 * allocate. Called by admin workers and the feed, never on the per-call path.
 */
final class RegisterLines implements EntryReader {

    /*
     * bodyStart + lineStarts[i] is where entry ordinal i's line starts in bytes; it ends one byte
     * before bodyStart + lineStarts[i + 1] (its newline, or the end of the bytes for a last line
     * without one: the sentinel is then one past the end). A line is read as the load read it:
     * EntryLineParser, or Jackson's reader for a line that one declines, each giving the same
     * Entry as at load. The bytes are a heap array or a mapping of the last good copy
     * (RegisterBytes). The offsets are from the body's start, so a version whose lines have the
     * lengths of the one before (a new header over the same entries, or entries changed in
     * place) shares that version's array until the first offset that differs.
     */

    private final RegisterBytes bytes;
    private final int bodyStart;
    private final RegisterHeader header;
    private final String createdBy;
    private int[] lineStarts;
    private boolean shared;

    /**
     * @param lines how many entry lines the file has
     * @param before the lines of the version loaded before, whose offsets are shared while equal; or null
     */
    RegisterLines(RegisterBytes bytes, int bodyStart, int lines, RegisterLines before, RegisterHeader header,
            String createdBy) {
        this.bytes = bytes;
        this.bodyStart = bodyStart;
        this.header = header;
        this.createdBy = createdBy;
        this.shared = before != null && before.lineStarts.length == lines + 1;
        this.lineStarts = shared ? before.lineStarts : new int[lines + 1];
    }

    /**
     * Records that entry ordinal {@code ordinal}'s line starts at {@code offset} in the bytes, in
     * order, and then the ordinal after the last, where one past the last line's end is.
     */
    void recordStart(int ordinal, int offset) {
        int rel = offset - bodyStart;
        if (shared) {
            if (lineStarts[ordinal] == rel) {
                return;
            }
            lineStarts = lineStarts.clone();
            shared = false;
        }
        lineStarts[ordinal] = rel;
    }

    /**
     * Whether entry ordinal {@code ordinal}'s line is byte for byte {@code b[from, to)}; false
     * when there is no such ordinal, or the line is longer than {@code scratch} and mapped.
     */
    boolean sameLine(int ordinal, byte[] b, int from, int to, byte[] scratch) {
        if (ordinal + 1 >= lineStarts.length) {
            return false;
        }
        int start = lineStarts[ordinal];
        int len = lineStarts[ordinal + 1] - 1 - start;
        return len == to - from && bytes.equalsAt(bodyStart + start, b, from, len, scratch);
    }

    @Override
    public Entry entry(int ordinal) {
        java.util.Objects.checkIndex(ordinal, lineStarts.length - 1);
        int from = bodyStart + lineStarts[ordinal];
        int to = bodyStart + lineStarts[ordinal + 1] - 1;
        byte[] b = bytes.array();
        if (b == null) {
            b = bytes.copy(from, to);
            to -= from;
            from = 0;
        }
        Entry e = new EntryLineParser(header.source(), createdBy, header.generated(), 1).parse(b, from, to, null);
        if (e == null) {
            e = ReferenceEntryReader.readLine(b, from, to, header);
        }
        if (e == null) {
            throw new IllegalStateException("line " + (ordinal + 2) + " of the loaded file no longer reads as an entry");
        }
        return e;
    }
}
