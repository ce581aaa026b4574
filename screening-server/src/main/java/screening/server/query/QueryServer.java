package screening.server.query;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import screening.core.Screener;
import screening.server.audit.AuditLog;
import screening.server.metrics.ScreeningMetrics;
import screening.server.config.ScreeningConfig;
import screening.server.time.TimeSource;

/**
 * The switch's port (SPEC section 4): GET and POST {@code /v1/screen}, {@code /health/live},
 * {@code /health/ready}; HTTP/1.1 with keep-alive and pipelining. No admin endpoint is
 * reachable here.
 *
 * <p>{@link #start} and {@link #close} block the calling thread (never call them on an event
 * loop); requests are answered on the server's own event loops, one thread per core.
 */
public final class QueryServer implements AutoCloseable {

    /** How long {@link #close} lets in-flight requests finish. */
    public static final long SHUTDOWN_TIMEOUT_MS = 3_000;
    private static final long SHUTDOWN_QUIET_MS = 100;

    private final EventLoopGroup group;
    private final Channel channel;

    private QueryServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds {@code listen} and starts answering from {@code screener}. Returns once bound.
     *
     * @param establishment the establishment named in contact attempts
     * @param audit where contact attempts (DENY BLOCKED) are offered
     * @param clock read once a second for the Date header
     */
    public static QueryServer start(ScreeningConfig.Listen listen, String establishment, Screener screener,
            ScreeningMetrics metrics, AuditLog audit, TimeSource clock) throws InterruptedException {
        EventLoopGroup group = QueryTransport.newGroup(Runtime.getRuntime().availableProcessors(), "query");
        try {
            QueryChannelInitializer init = new QueryChannelInitializer(screener, establishment, metrics, audit);
            Channel ch = QueryTransport.bootstrap(group, init)
                    .bind(listen.bind(), listen.port()).sync().channel();
            // the Date header is formatted once a second, off the request path
            HttpDate.refreshEverySecond(group.next(), clock);
            return new QueryServer(group, ch);
        } catch (Exception e) { // the bind's IOException arrives unchecked from sync()
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** The bound address (the real port when the config asked for port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * Stops accepting, lets the open connections answer what they have read, then releases the
     * event loops: returns within {@link #SHUTDOWN_TIMEOUT_MS} plus a little.
     */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(SHUTDOWN_QUIET_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS + 1_000);
    }
}
