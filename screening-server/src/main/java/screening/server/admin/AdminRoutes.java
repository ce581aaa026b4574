package screening.server.admin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.PrintStream;
import screening.server.ScreeningServices;

/**
 * The {@code /admin/} endpoints of SPEC section 5: auth, entries, status, reload, audit.
 *
 * <p>Called on the admin event loop for each request whose path starts with {@code /admin/}; it
 * must not block: blocking work (fsync, snapshot rebuild) goes to its own executor, which writes
 * the response when done. It owns (releases) the request.
 *
 * <p>PLACEHOLDER (issue 4): answers 404.
 */
public final class AdminRoutes {

    /**
     * @param services the running filter
     * @param out where a generated token is printed once, when no tokens are configured
     */
    public AdminRoutes(ScreeningServices services, PrintStream out) {
    }

    /** Handles one {@code /admin/} request; see the class comment for the contract. */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        request.release();
        ctx.close();
    }
}
