package screening.server.admin;

import java.net.InetSocketAddress;
import screening.server.ScreeningServices;

/**
 * The admin port (SPEC section 5) on its own event loop group: {@code /metrics},
 * {@code /health/*}, and {@code /admin/} routes handed to {@link AdminRoutes}.
 *
 * <p>PLACEHOLDER (issue 3 builds the port; issue 4 the routes).
 */
public final class AdminServer implements AutoCloseable {

    /** Binds {@code config.admin()} and starts answering. Returns once bound. */
    public static AdminServer start(ScreeningServices services, AdminRoutes routes) throws InterruptedException {
        throw new UnsupportedOperationException("issue 3: the admin port");
    }

    /** The bound address. */
    public InetSocketAddress address() {
        throw new UnsupportedOperationException("issue 3");
    }

    @Override
    public void close() {
    }
}
