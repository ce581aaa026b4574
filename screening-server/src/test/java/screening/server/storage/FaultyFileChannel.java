package screening.server.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A real file channel whose writes, fsyncs and truncations first ask a {@link Disk}, which may
 * cut a write short or fail it as a full or failing disk would. Reads pass straight through.
 * {@link #opener} makes a {@link FileOpener} that the journal and the audit log take.
 */
public final class FaultyFileChannel extends FileChannel {

    /** What the disk allows; called before each write, fsync and truncation. */
    public interface Disk {
        /**
         * How many of {@code wanted} bytes, to be written at {@code position} of {@code file}
         * (now {@code size} bytes long), the disk takes: all, some (a short write, as the kernel
         * makes when it runs out of space part way), or none (the write fails with ENOSPC).
         *
         * @throws IOException to fail the write another way
         */
        long writable(Path file, long position, long size, long wanted) throws IOException;

        /** Called before an fsync; throw to fail it. */
        default void beforeForce(Path file) throws IOException {
        }

        /** Called before a truncation; throw to fail it. */
        default void beforeTruncate(Path file) throws IOException {
        }
    }

    /** A disk that never refuses. */
    public static final Disk HEALTHY = (file, position, size, wanted) -> wanted;

    private final Path file;
    private final FileChannel real;
    private final Disk disk;

    private FaultyFileChannel(Path file, FileChannel real, Disk disk) {
        this.file = file;
        this.real = real;
        this.disk = disk;
    }

    /** Opens real channels, wrapped to ask {@code disk}. */
    public static FileOpener opener(Disk disk) {
        return (path, options) -> new FaultyFileChannel(path, FileChannel.open(path, options), disk);
    }

    /** The IOException a write gets from a full device. */
    public static IOException noSpace() {
        return new IOException("No space left on device");
    }

    private int allowed(long position, int wanted) throws IOException {
        long n = disk.writable(file, position, real.size(), wanted);
        if (n <= 0 && wanted > 0) {
            throw noSpace();
        }
        return (int) Math.min(n, wanted);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = allowed(real.position(), src.remaining());
        if (n == src.remaining()) {
            return real.write(src);
        }
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + n);
        int written = real.write(part);
        src.position(src.position() + written);
        return written;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        int n = allowed(position, src.remaining());
        if (n == src.remaining()) {
            return real.write(src, position);
        }
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + n);
        int written = real.write(part, position);
        src.position(src.position() + written);
        return written;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int want = srcs[i].remaining();
            int n = write(srcs[i]);
            total += n;
            if (n < want) {
                break;
            }
        }
        return total;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        disk.beforeForce(file);
        real.force(metaData);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        disk.beforeTruncate(file);
        real.truncate(size);
        return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        throw new IOException("transferFrom is not used by the filter");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        throw new IOException("map is not used by the filter");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
