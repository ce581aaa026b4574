package screening.server.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A disk a unit test scripts by hand: how many more bytes it takes before it is full, and
 * whether fsyncs and truncations fail. Starts healthy.
 */
public final class ScriptedDisk implements FaultyFileChannel.Disk {

    private volatile long budget = Long.MAX_VALUE;
    private volatile boolean failForce;
    private volatile boolean failTruncate;

    /** From now on, writes take {@code bytes} more in all, then fail with ENOSPC (a short write first). */
    public void fullAfter(long bytes) {
        budget = bytes;
    }

    /** Space again. */
    public void heal() {
        budget = Long.MAX_VALUE;
        failForce = false;
        failTruncate = false;
    }

    /** Fsyncs fail with an I/O error. */
    public void failForce(boolean fail) {
        failForce = fail;
    }

    /** Truncations fail with an I/O error. */
    public void failTruncate(boolean fail) {
        failTruncate = fail;
    }

    @Override
    public synchronized long writable(Path file, long position, long size, long wanted) {
        if (budget == Long.MAX_VALUE) {
            return wanted;
        }
        long n = Math.min(wanted, budget);
        budget -= n;
        return n;
    }

    @Override
    public void beforeForce(Path file) throws IOException {
        if (failForce) {
            throw new IOException("Input/output error");
        }
    }

    @Override
    public void beforeTruncate(Path file) throws IOException {
        if (failTruncate) {
            throw new IOException("Input/output error");
        }
    }
}
