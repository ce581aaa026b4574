package screening.server.connection;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Whether the two ports' connection limits fit in the process's open-file limit (SPEC section 15:
 * the admin port never starves the query port, and neither runs the process out of descriptors).
 * Each open connection holds one descriptor; {@link #RESERVED} more are kept for everything else:
 * the JVM's own files, the event loops, the listening sockets, the data files, register fetches,
 * and a connection being accepted only to be closed at the limit.
 *
 * <p>Static and thread-safe.
 */
public final class FileDescriptorBudget {

    /** Descriptors kept for everything but the two ports' open connections. */
    public static final int RESERVED = 256;

    private FileDescriptorBudget() {
    }

    /**
     * The process's soft {@code RLIMIT_NOFILE}, or -1 where the platform does not say. (On Linux the
     * JVM raises the soft limit to the hard one at start, unless run with {@code -XX:-MaxFDLimit}.)
     */
    public static long processLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            return max > 0 ? max : -1;
        }
        return -1;
    }

    /**
     * The refusal when {@code queryMax + adminMax + RESERVED} exceed {@code limit}: one line naming
     * both keys, the numbers and the remedies; null when they fit.
     */
    public static String problem(int queryMax, int adminMax, long limit) {
        long needed = (long) queryMax + adminMax + RESERVED;
        if (needed <= limit) {
            return null;
        }
        return "query.maxConnections + admin.maxConnections (" + queryMax + " + " + adminMax + ") and " + RESERVED
                + " descriptors for the rest need " + needed + " open files, but this process may open " + limit
                + ": lower them, or raise the limit (ulimit -n, or LimitNOFILE= in the systemd unit)";
    }
}
