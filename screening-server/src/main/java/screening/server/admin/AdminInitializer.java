package screening.server.admin;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import screening.core.Screener;
import screening.server.connection.ConnectionTimeouts;
import screening.server.metrics.ScreeningMetrics;

/**
 * The admin port's pipeline: TLS when configured (SPEC section 13), HTTP codec, the gate that checks each head (token, body limit)
 * before any body is kept, the aggregator (at most {@code admin.maxBodyBytes}), the handler; around
 * the codec, the connection's {@link AdminConnectionTimer} (its "parts" handler must stay right
 * after the codec, where it sees every request end and every answer leave, the gate's refusals
 * included).
 */
final class AdminInitializer extends ChannelInitializer<SocketChannel> {

    /** The request line's limit; over it is 414. */
    static final int MAX_INITIAL_LINE_BYTES = 4096;
    /** The header block's limit; over it is 431. */
    static final int MAX_HEADER_BYTES = 8192;

    private final Screener screener;
    private final ScreeningMetrics metrics;
    private final AdminRoutes routes;
    private final ConnectionTimeouts timeouts;
    private final int maxBodyBytes;
    private final SslContext tls;

    /** @param tls the admin port's TLS, or null for plain HTTP */
    AdminInitializer(Screener screener, ScreeningMetrics metrics, AdminRoutes routes, ConnectionTimeouts timeouts,
            int maxBodyBytes, SslContext tls) {
        this.tls = tls;
        this.screener = screener;
        this.metrics = metrics;
        this.routes = routes;
        this.timeouts = timeouts;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        AdminConnectionTimer timer = new AdminConnectionTimer(timeouts);
        ch.pipeline()
                .addLast("timer-bytes", timer.bytes())
                .addLast(new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, 8192))
                .addLast("timer-parts", timer.parts())
                .addLast(new AdminRequestGate(routes, maxBodyBytes))
                .addLast(new HttpObjectAggregator(maxBodyBytes))
                .addLast(new AdminHandler(screener, metrics, routes));
        if (tls != null) {
            ch.pipeline().addFirst("tls", tls.newHandler(ch.alloc()));
        }
    }
}
