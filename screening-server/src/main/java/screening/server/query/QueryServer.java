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
        // branch admin only: a do-nothing stand-in so the admin port can be tested before issue 3 lands
        return new QueryServer(InetSocketAddress.createUnresolved(services.config().query().bind(),
                services.config().query().port()));
    }

    private final InetSocketAddress address;

    private QueryServer(InetSocketAddress address) {
        this.address = address;
    }

    /** The bound address (the real port when the config asked for port 0). */
    public InetSocketAddress address() {
        return address;
    }

    /** Stops accepting, answers what is in flight, releases the event loops. */
    @Override
    public void close() {
    }
}
