package screening.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Once a second during the {@link ConnectionFlood}: a new admin connection asks
 * {@code /health/ready}, a new query connection screens a call; counts the answers. Runs on a
 * thread of its own until {@link #stop} is set (at most 5 minutes); the counters are written by
 * that thread only and read by another once it has ended.
 */
final class FloodWatcher implements Runnable {

    private static final String READY = "GET /health/ready HTTP/1.1\r\nHost: filter\r\nConnection: close\r\n\r\n";

    /** What became of one new query connection. */
    enum Outcome { ANSWERED, CLOSED_AT_ONCE, OTHER }

    private final InetSocketAddress query;
    private final InetSocketAddress admin;
    volatile boolean stop;
    volatile long adminAsked;
    volatile long adminAnswered;
    volatile long adminSlowestNanos;
    volatile long queryTried;
    volatile long queryRefused;
    volatile long queryAnswered;

    FloodWatcher(InetSocketAddress query, InetSocketAddress admin) {
        this.query = query;
        this.admin = admin;
    }

    @Override
    public void run() {
        long deadline = System.nanoTime() + ConnectionFlood.MAX_PHASE.toNanos();
        while (!stop && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            adminAsked++;
            try (Socket s = new Socket()) {
                s.connect(admin, ConnectionFlood.IO_TIMEOUT_MS);
                s.setSoTimeout(ConnectionFlood.IO_TIMEOUT_MS);
                s.getOutputStream().write(READY.getBytes(StandardCharsets.US_ASCII));
                String status = ResponseReader.statusLine(new BufferedInputStream(s.getInputStream()));
                if (status != null && status.startsWith("HTTP/1.1 200")) {
                    adminAnswered++;
                }
            } catch (IOException e) {
                // not answered
            }
            adminSlowestNanos = Math.max(adminSlowestNanos, System.nanoTime() - t0);
            queryTried++;
            switch (newQueryConnection(query)) {
                case ANSWERED -> queryAnswered++;
                case CLOSED_AT_ONCE -> queryRefused++;
                default -> { }
            }
            long rest = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - t0);
            if (rest > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(rest);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Screens the normal call on a new connection to {@code query} and says what became of it:
     * closed at once means closed or reset unanswered within a second. Blocks up to 10 s per step.
     */
    static Outcome newQueryConnection(InetSocketAddress query) {
        try (Socket s = new Socket()) {
            s.connect(query, ConnectionFlood.IO_TIMEOUT_MS);
            s.setSoTimeout(ConnectionFlood.IO_TIMEOUT_MS);
            long t0 = System.nanoTime();
            try {
                s.getOutputStream().write(ConnectionFlood.NORMAL.getBytes(StandardCharsets.US_ASCII));
                String status = ResponseReader.statusLine(new BufferedInputStream(s.getInputStream()));
                if (status != null && status.startsWith("HTTP/1.1 200")) {
                    return Outcome.ANSWERED;
                }
                return status == null && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1)
                        ? Outcome.CLOSED_AT_ONCE : Outcome.OTHER;
            } catch (SocketException e) { // a reset: the server closed before reading
                return System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1) ? Outcome.CLOSED_AT_ONCE : Outcome.OTHER;
            }
        } catch (IOException e) {
            return Outcome.OTHER;
        }
    }
}
