package screening.server.register;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bytes of one register file, read-only, by offset: a heap array (a body read whole, or a
 * caller's), or a read-only mapping of a file in the data directory that is never written in
 * place (a fetched copy, which becomes the last good copy by a rename, and is replaced only by
 * another rename), so a mapping stays valid as long as an index reads it. A mapping keeps the
 * file's bytes out of the Java heap; its disk space is freed when the mapping is collected.
 *
 * <p>Immutable; thread-safe (absolute reads only). {@link Lines} reads the lines of one.
 */
final class RegisterBytes {

    /** The largest file that can be read (offsets are ints, as for a heap array). */
    static final int MAX_LENGTH = Integer.MAX_VALUE - 16;

    private static final int WINDOW = 1 << 16;

    private final ByteBuffer buf;
    private final byte[] array;
    private final int length;

    private RegisterBytes(ByteBuffer buf, byte[] array, int length) {
        this.buf = buf;
        this.array = array;
        this.length = length;
    }

    /** {@code bytes} as they are (not copied: the caller must not change them). */
    static RegisterBytes of(byte[] bytes) {
        return new RegisterBytes(ByteBuffer.wrap(bytes).asReadOnlyBuffer(), bytes, bytes.length);
    }

    /**
     * A read-only mapping of {@code file}, which must never be written in place afterwards.
     *
     * @throws IOException when it cannot be read, or is longer than {@link #MAX_LENGTH}
     */
    static RegisterBytes map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > MAX_LENGTH) {
                throw new IOException(file.getFileName() + " has " + size + " bytes, more than the "
                        + MAX_LENGTH + " a register file may have");
            }
            if (size == 0) {
                return of(new byte[0]);
            }
            return new RegisterBytes(ch.map(FileChannel.MapMode.READ_ONLY, 0, size), null, (int) size);
        }
    }

    int length() {
        return length;
    }

    byte get(int i) {
        return array != null ? array[i] : buf.get(i);
    }

    /** The heap array these bytes are, or null for a mapping. */
    byte[] array() {
        return array;
    }

    /** Copies {@code len} bytes from {@code from} into {@code dst} at {@code off}. */
    void get(int from, byte[] dst, int off, int len) {
        if (array != null) {
            System.arraycopy(array, from, dst, off, len);
        } else {
            buf.get(from, dst, off, len);
        }
    }

    /** Bytes {@code [from, to)} as a new array. */
    byte[] copy(int from, int to) {
        byte[] out = new byte[to - from];
        get(from, out, 0, out.length);
        return out;
    }

    /** The whole as a heap array: {@link #array()}, or a copy of a mapping (for the rare paths that need one). */
    byte[] toArray() {
        return array != null ? array : copy(0, length);
    }

    /** The first {@code x} at or after {@code from}, or -1. */
    int indexOf(byte x, int from) {
        if (array != null) {
            return RegisterFile.indexOf(array, x, from);
        }
        for (int i = from; i < length; i++) {
            if (buf.get(i) == x) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the {@code len} bytes at {@code at} equal {@code b[off, off + len)}; a mapping is
     * compared through {@code scratch}, and a run longer than it answers false.
     */
    boolean equalsAt(int at, byte[] b, int off, int len, byte[] scratch) {
        if (at + len > length) {
            return false;
        }
        if (array != null) {
            return java.util.Arrays.equals(array, at, at + len, b, off, off + len);
        }
        if (len > scratch.length) {
            return false;
        }
        buf.get(at, scratch, 0, len);
        return java.util.Arrays.equals(scratch, 0, len, b, off, off + len);
    }

    /** Adds {@code [from, to)} to {@code md}. */
    void digest(MessageDigest md, int from, int to) {
        if (array != null) {
            md.update(array, from, to - from);
        } else {
            md.update(buf.slice(from, to - from));
        }
    }

    /** A new SHA-256 digest. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every JVM", ex);
        }
    }

    /** Lowercase hex of {@code md}'s digest. */
    static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * The lines from an offset to the end, one at a time: one per newline, and a last line
     * without one. A line is handed out as a range of a byte array: the heap array itself, or a
     * reused window the mapping is copied into a block at a time (grown for a line longer than
     * it), so reading a mapped file allocates one window, not the file.
     *
     * <p>One instance per reading; not thread-safe.
     */
    static final class Lines {
        private final RegisterBytes bytes;
        private byte[] window;
        private int base;
        private int limit;
        private int next;
        private int from;
        private int to;
        private int offset;

        Lines(RegisterBytes bytes, int start) {
            this.bytes = bytes;
            this.next = start;
            if (bytes.array != null) {
                window = bytes.array;
                limit = bytes.length;
            } else {
                window = new byte[Math.min(WINDOW, Math.max(16, bytes.length - start))];
                base = start;
                limit = 0;
            }
        }

        /** Moves to the next line: false at the end. */
        boolean next() {
            final int len = bytes.length;
            if (next >= len) {
                return false;
            }
            while (true) {
                final byte[] w = window;
                final int rel = next - base;
                for (int i = rel; i < limit; i++) {
                    if (w[i] == '\n') {
                        from = rel;
                        to = i;
                        offset = next;
                        next = base + i + 1;
                        return true;
                    }
                }
                if (base + limit >= len) {
                    from = rel;
                    to = limit;
                    offset = next;
                    next = len + 1;
                    return true;
                }
                if (rel == 0 && limit == w.length) {
                    window = new byte[(int) Math.min(MAX_LENGTH, 2L * w.length)];
                }
                base = next;
                limit = Math.min(window.length, len - base);
                bytes.get(base, window, 0, limit);
            }
        }

        /** The array holding the current line. */
        byte[] array() {
            return window;
        }

        /** Where the current line starts in {@link #array()}. */
        int from() {
            return from;
        }

        /** Where the current line ends in {@link #array()} (its newline, or the end of the bytes). */
        int to() {
            return to;
        }

        /** Where the current line starts in the file. */
        int offset() {
            return offset;
        }

        /** Where the line after the current one starts: one past its newline, or the length + 1 after a last line without one. */
        int nextOffset() {
            return next;
        }
    }
}
