package screening.server.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import screening.core.Screener;
import screening.server.metrics.ScreeningMetrics;
import screening.server.config.ScreeningConfig;

/**
 * The admin port (SPEC section 5) on its own event loop group, apart from the query port's, so
 * that admin traffic never delays a screening: {@code /metrics}, {@code /health/*}, and
 * {@code /admin/} routes handed to {@link AdminRoutes}.
 *
 * <p>{@link #start} blocks until bound; {@link #close} stops accepting, lets in-flight admin work
 * finish (it is already durable or not), and releases the loop. Thread-safe.
 */
public final class AdminServer implements AutoCloseable {

    /*
     * Three classes, as in Netty's examples: this bootstrap, AdminInitializer (pipeline only),
     * AdminHandler (dispatch and per-connection ordering). One event loop thread is plenty for
     * operators' traffic; blocking work runs on AdminWorkers' threads.
     */

    private static final System.Logger LOG = System.getLogger(AdminServer.class.getName());

    private final EventLoopGroup group;
    private final Channel channel;
    private final AdminRoutes routes;

    private AdminServer(EventLoopGroup group, Channel channel, AdminRoutes routes) {
        this.group = group;
        this.channel = channel;
        this.routes = routes;
    }

    /**
     * Binds {@code config.admin()} and starts answering. Returns once bound.
     *
     * @throws InterruptedException if interrupted while binding
     * @throws IllegalStateException if the address cannot be bound (the message names it)
     */
    public static AdminServer start(ScreeningConfig.Listen cfg, Screener screener, ScreeningMetrics metrics,
            AdminRoutes routes) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("admin-loop", true),
                NioIoHandler.newFactory());
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 128)
                    .childHandler(new AdminInitializer(screener, metrics, routes));
            Channel ch;
            try {
                ch = b.bind(cfg.bind(), cfg.port()).sync().channel();
            } catch (Exception e) {
                if (e instanceof InterruptedException ie) {
                    throw ie;
                }
                throw new IllegalStateException("admin.bind/admin.port: cannot bind " + cfg.bind() + ":" + cfg.port()
                        + ": " + e.getMessage(), e);
            }
            AdminServer s = new AdminServer(group, ch, routes);
            LOG.log(System.Logger.Level.INFO, "admin port listening on {0}", s.address());
            return s;
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            routes.close();
            throw e;
        }
    }

    /** The bound address (the real port when the config asked for port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        routes.close();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
