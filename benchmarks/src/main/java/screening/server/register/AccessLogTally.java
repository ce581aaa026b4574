package screening.server.register;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What nginx's access log says about a stretch of requests, for {@link RolloutSimulation}: its
 * lines are {@code STATUS BYTES_SENT} (the simulation's {@code log_format}). Immutable.
 */
record AccessLogTally(long requests, long full, long notModified, long other, long bytesSent) {

    static final AccessLogTally NONE = new AccessLogTally(0, 0, 0, 0, 0);

    /** Sums the lines of {@code log} between two byte offsets. */
    static AccessLogTally read(Path log, long from, long to) throws IOException {
        if (to <= from) {
            return NONE;
        }
        byte[] b = new byte[(int) (to - from)];
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(from);
            f.readFully(b);
        }
        return of(new String(b, StandardCharsets.US_ASCII));
    }

    /** Sums lines {@code STATUS BYTES_SENT}; a line of another shape is an error (the log format is wrong). */
    static AccessLogTally of(String lines) {
        long requests = 0;
        long full = 0;
        long notModified = 0;
        long other = 0;
        long bytes = 0;
        for (String line : lines.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split(" ");
            if (f.length != 2) {
                throw new IllegalArgumentException("access log line is not 'STATUS BYTES_SENT': " + line);
            }
            int status = Integer.parseInt(f[0]);
            requests++;
            bytes += Long.parseLong(f[1]);
            if (status == 200) {
                full++;
            } else if (status == 304) {
                notModified++;
            } else {
                other++;
            }
        }
        return new AccessLogTally(requests, full, notModified, other, bytes);
    }

    /** Bytes sent per request, 0 when there was none. */
    double mean() {
        return requests == 0 ? 0 : (double) bytesSent / requests;
    }

    String describe() {
        return String.format("%,d requests (%d x 200, %d x 304, %d other), %s sent", requests, full, notModified,
                other, bytes(bytesSent));
    }

    /** {@code n} bytes in B, kB, MB or GB (powers of ten). */
    static String bytes(double n) {
        if (n >= 1e9) {
            return String.format("%.2f GB", n / 1e9);
        }
        if (n >= 1e6) {
            return String.format("%.1f MB", n / 1e6);
        }
        if (n >= 1e3) {
            return String.format("%.1f kB", n / 1e3);
        }
        return String.format("%.0f B", n);
    }
}
