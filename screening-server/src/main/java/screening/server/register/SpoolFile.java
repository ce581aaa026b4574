package screening.server.register;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import screening.server.storage.DurableFiles;

/**
 * A fetched body on its way to becoming a source's last good copy: a new file in the data
 * directory that a fetch writes once, hashed as it is written ({@link FileHash}), read by the
 * parse through a mapping, and then either renamed over the last good copy ({@link #commitTo})
 * or deleted ({@link #close}). It is never written in place after the fetch, so a mapping of it
 * stays valid after the rename.
 *
 * <p>Blocking file I/O. Written by one thread at a time (the fetch's; an HTTP body arrives on
 * the client's threads), then used by the poller thread once the fetch has returned.
 */
final class SpoolFile implements Closeable {

    /** Writing the spool failed (the data directory's disk, not the source). */
    static final class Failed extends IOException {
        private static final long serialVersionUID = 1L;

        Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A file's identity: the SHA-256 of its header line (with its newline) and of the bytes after it. */
    record FileHash(String header, String body) {

        /** The hashes of {@code bytes}, split at the first newline (all header when there is none). */
        static FileHash of(RegisterBytes bytes) {
            int nl = bytes.indexOf((byte) '\n', 0);
            int split = nl < 0 ? bytes.length() : nl + 1;
            MessageDigest h = RegisterBytes.sha256();
            bytes.digest(h, 0, split);
            MessageDigest b = RegisterBytes.sha256();
            bytes.digest(b, split, bytes.length());
            return new FileHash(RegisterBytes.hex(h), RegisterBytes.hex(b));
        }
    }

    private final Path path;
    private final FileChannel channel;
    private final MessageDigest header = RegisterBytes.sha256();
    private final MessageDigest body = RegisterBytes.sha256();
    private boolean inBody;
    private long size;
    private boolean committed;

    private SpoolFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * A new, empty spool at {@code path}; a file already there (a crash's leftover, or a copy an
     * old index may still map) is unlinked first, never truncated.
     *
     * @throws Failed when the file cannot be made
     */
    static SpoolFile create(Path path) throws Failed {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.deleteIfExists(path);
            return new SpoolFile(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        } catch (IOException ex) {
            throw new Failed("cannot create " + path.getFileName() + ": " + ex.getMessage(), ex);
        }
    }

    Path path() {
        return path;
    }

    /** Bytes written so far. */
    long size() {
        return size;
    }

    /**
     * Appends the remaining bytes of {@code b} (consumed) and hashes them.
     *
     * @throws Failed when the disk refuses them
     * @throws IOException past {@link RegisterBytes#MAX_LENGTH} bytes (the source's fault)
     */
    void write(ByteBuffer b) throws IOException {
        int n = b.remaining();
        if (size + n > RegisterBytes.MAX_LENGTH) {
            throw new IOException("the body is longer than the " + RegisterBytes.MAX_LENGTH + " bytes a register file may have");
        }
        ByteBuffer d = b.duplicate();
        if (!inBody) {
            int nl = -1;
            for (int i = d.position(); i < d.limit(); i++) {
                if (d.get(i) == '\n') {
                    nl = i;
                    break;
                }
            }
            if (nl >= 0) {
                int limit = d.limit();
                d.limit(nl + 1);
                header.update(d);
                d.limit(limit);
                inBody = true;
            } else {
                header.update(d);
            }
        }
        if (inBody) {
            body.update(d);
        }
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException ex) {
            throw new Failed("cannot write " + path.getFileName() + ": " + ex.getMessage(), ex);
        }
        size += n;
    }

    /** The hashes of everything written; call once, after the last write. */
    FileHash hash() {
        return new FileHash(RegisterBytes.hex(header), RegisterBytes.hex(body));
    }

    /** A read-only mapping of what was written (see {@link RegisterBytes#map}). */
    RegisterBytes map() throws IOException {
        return RegisterBytes.map(path);
    }

    /**
     * Makes this the file at {@code target} durably: fsync, atomic rename over it, fsync of the
     * directory. No byte is written again. A failure leaves this spool to {@link #close}.
     */
    void commitTo(Path target) throws IOException {
        channel.force(true);
        try {
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException ex) {
            throw new IOException("the file system of " + target.getParent() + " cannot rename atomically", ex);
        }
        committed = true;
        DurableFiles.fsyncDirectory(target.toAbsolutePath().getParent());
    }

    /** Closes the file and, unless committed, deletes it (a mapping of it stays readable until collected). */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ex) {
            // nothing to keep
        }
        if (!committed) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ex) {
                // the next spool of this source unlinks it
            }
        }
    }
}
