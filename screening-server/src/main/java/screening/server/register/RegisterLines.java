package screening.server.register;

import screening.core.Entry;
import screening.core.EntryReader;

/**
 * The entries of a loaded register file, read back from its bytes when asked: what an
 * {@link screening.core.EntryIndex} built from the file keeps instead of an {@link Entry} per line.
 *
 * <p>Immutable once the file is read; thread-safe (each call reads with its own parser); may
 * allocate. Called by admin workers and the feed, never on the per-call path.
 */
final class RegisterLines implements EntryReader {

    /*
     * lineStarts[i] is where entry ordinal i's line starts in bytes; it ends one byte before
     * lineStarts[i + 1] (its newline, or the end of the bytes for a last line without one: the
     * sentinel is then bytes.length + 1). A line is read as the load read it: EntryLineParser,
     * or Jackson's reader for a line that one declines, each giving the same Entry as at load.
     * The bytes are a heap array or a mapping of the last good copy (RegisterBytes).
     */

    private final RegisterBytes bytes;
    private final int[] lineStarts;
    private final RegisterHeader header;
    private final String createdBy;

    /** @param lineStarts filled in by the caller as it reads the lines, before any {@link #entry} call */
    RegisterLines(RegisterBytes bytes, int[] lineStarts, RegisterHeader header, String createdBy) {
        this.bytes = bytes;
        this.lineStarts = lineStarts;
        this.header = header;
        this.createdBy = createdBy;
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
        return len == to - from && bytes.equalsAt(start, b, from, len, scratch);
    }

    @Override
    public Entry entry(int ordinal) {
        java.util.Objects.checkIndex(ordinal, lineStarts.length - 1);
        int from = lineStarts[ordinal];
        int to = lineStarts[ordinal + 1] - 1;
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
