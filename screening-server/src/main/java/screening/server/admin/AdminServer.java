package screening.server.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import screening.core.Screener;
import screening.server.config.ScreeningConfig;
import screening.server.connection.ConnectionLimit;
import screening.server.connection.ConnectionTimeouts;
import screening.server.metrics.ScreeningMetrics;
import screening.server.time.TimeSource;

/**
 * The admin port (SPEC section 5) on its own event loop group, apart from the query port's, so
 * that admin traffic never delays a screening: {@code /metrics}, {@code /health/*}, and
 * {@code /admin/} routes handed to {@link AdminRoutes}. Its connections are limited and timed as
 * SPEC section 15 says ({@code admin.maxConnections}, {@code admin.idleTimeout},
 * {@code admin.requestTimeout}), apart from the query port's. It also serves the console's paths
 * ({@link ConsoleEndpoints}), and speaks TLS when {@code admin.tls.*} is configured ({@link #tlsContext}).
 *
 * <p>{@link #start} blocks until bound; {@link #close} stops accepting, lets in-flight admin work
 * finish (it is already durable or not), and releases the loop. Thread-safe.
 */
public final class AdminServer implements AutoCloseable {

    /*
     * As in Netty's examples: this bootstrap, AdminInitializer (pipeline only), AdminHandler
     * (dispatch and per-connection ordering); AdminRequestGate checks each head before a body is read. One event loop thread is plenty for
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
     * {@link #start(ScreeningConfig.Admin, Screener, ScreeningMetrics, AdminRoutes, TimeSource)} on the
     * system clock.
     */
    public static AdminServer start(ScreeningConfig.Admin cfg, Screener screener, ScreeningMetrics metrics,
            AdminRoutes routes) throws InterruptedException {
        return start(cfg, screener, metrics, routes, TimeSource.system());
    }

    /**
     * Binds {@code cfg}'s address and starts answering, with its connection limits and body limit.
     * Returns once bound.
     *
     * @param clock read by the timeouts' sweep and the refusal log
     * @throws InterruptedException if interrupted while binding
     * @throws IllegalStateException if the address cannot be bound (the message names it)
     */
    public static AdminServer start(ScreeningConfig.Admin cfg, Screener screener, ScreeningMetrics metrics,
            AdminRoutes routes, TimeSource clock) throws InterruptedException {
        return start(cfg, screener, metrics, routes, clock, null);
    }

    /**
     * As {@link #start(ScreeningConfig.Admin, Screener, ScreeningMetrics, AdminRoutes, TimeSource)},
     * speaking TLS with {@code tls} ({@link #tlsContext}) when it is not null.
     */
    public static AdminServer start(ScreeningConfig.Admin cfg, Screener screener, ScreeningMetrics metrics,
            AdminRoutes routes, TimeSource clock, SslContext tls) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("admin-loop", true),
                NioIoHandler.newFactory());
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 128)
                    .handler(new ConnectionLimit("admin", cfg.connections().maxConnections(), clock, metrics.registry()))
                    .childHandler(new AdminInitializer(screener, metrics, routes,
                            new ConnectionTimeouts("admin", cfg.connections(), clock, metrics.registry()),
                            cfg.maxBodyBytes(), tls));
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

    /**
     * The TLS context of {@code admin.tls.certificate} and {@code admin.tls.privateKey} (PEM: an
     * X.509 certificate chain, and an unencrypted PKCS#8 key), or null when the config has none.
     * Reads both files; blocks.
     *
     * @throws IOException one line naming the key whose file cannot be read or used
     */
    public static SslContext tlsContext(ScreeningConfig.Admin cfg) throws IOException {
        if (!cfg.tls()) {
            return null;
        }
        try (InputStream in = Files.newInputStream(cfg.tlsCertificate())) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new CertificateException("no certificate in the file");
            }
        } catch (IOException | CertificateException e) {
            throw new IOException("admin.tls.certificate: " + cfg.tlsCertificate()
                    + " does not hold a PEM X.509 certificate: " + e.getMessage(), e);
        }
        try {
            return SslContextBuilder.forServer(cfg.tlsCertificate().toFile(), cfg.tlsPrivateKey().toFile()).build();
        } catch (IOException | RuntimeException e) {
            throw new IOException("admin.tls.privateKey: " + cfg.tlsPrivateKey()
                    + " does not hold an unencrypted PEM (PKCS#8) private key for that certificate: " + e.getMessage(), e);
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
