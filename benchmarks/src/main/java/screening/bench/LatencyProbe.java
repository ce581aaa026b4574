package screening.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * The {@link ConnectionFlood}'s normal query on one kept-alive connection, at a fixed rate, its
 * latency measured from each request's intended send time (so that a stall counts whole). Counts
 * the queries not answered {@code 200} in each of three measured phases, after one unmeasured
 * warm-up. Reconnects after a failure. Main thread only; blocking.
 */
final class LatencyProbe implements AutoCloseable {

    private final InetSocketAddress address;
    private final byte[] request = ConnectionFlood.NORMAL.getBytes(StandardCharsets.US_ASCII);
    private final long[] errors = new long[3];
    private int phase = -1; // the warm-up is -1
    private Socket socket;
    private InputStream in;
    private OutputStream os;

    /** Connects to the query port at {@code address}; blocks up to 10 s. */
    LatencyProbe(InetSocketAddress address) throws IOException {
        this.address = address;
        reconnect();
    }

    private void reconnect() throws IOException {
        if (socket != null) {
            socket.close();
        }
        socket = new Socket();
        socket.connect(address, ConnectionFlood.IO_TIMEOUT_MS);
        socket.setSoTimeout(ConnectionFlood.IO_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        os = socket.getOutputStream();
    }

    /** The queries not answered {@code 200} in measured phase {@code phase} (0, 1 or 2). */
    long errorsIn(int phase) {
        return errors[phase];
    }

    /**
     * {@code length} of queries at {@code rate} a second; latency from each intended send time.
     * While {@code inPart} holds, each latency also goes into {@code part}. The first call is the
     * warm-up; each call after it is the next measured phase.
     */
    Histogram measure(Duration length, int rate, Histogram part, BooleanSupplier inPart) throws InterruptedException {
        Histogram h = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        for (long i = 0; ; i++) {
            long intended = start + i * interval;
            if (intended >= end) {
                break;
            }
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            boolean ok = ask();
            long latency = Math.min(System.nanoTime() - intended, h.getHighestTrackableValue());
            h.recordValue(latency);
            if (part != null && inPart.getAsBoolean()) {
                part.recordValue(latency);
            }
            if (!ok && phase >= 0) {
                errors[phase]++;
            }
        }
        phase++;
        return h;
    }

    private boolean ask() {
        try {
            os.write(request);
            os.flush();
            String status = ResponseReader.statusLine(in);
            return status != null && status.startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            try {
                reconnect();
            } catch (IOException again) {
                // counted as an error; the next query tries again
            }
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
