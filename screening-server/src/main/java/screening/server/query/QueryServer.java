package screening.server.query;

import java.net.InetSocketAddress;
import screening.server.ScreeningServices;

/**
 * The switch's port (SPEC section 4).
 *
 * <p>PLACEHOLDER (issue 3).
 */
public final class QueryServer implements AutoCloseable {

    /** Binds {@code config.query()} and starts answering. Returns once bound. */
    public static QueryServer start(ScreeningServices services) throws InterruptedException {
        throw new UnsupportedOperationException("issue 3: the query server");
    }

    /** The bound address (the real port when the config asked for port 0). */
    public InetSocketAddress address() {
        throw new UnsupportedOperationException("issue 3");
    }

    /** Stops accepting, answers what is in flight, releases the event loops. */
    @Override
    public void close() {
    }
}
