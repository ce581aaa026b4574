package screening.server.admin;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import screening.core.Screener;
import screening.server.connection.ConnectionTimeouts;
import screening.server.metrics.ScreeningMetrics;

/**
 * The admin port's pipeline: HTTP codec, a 16 MiB body limit, the handler; around the codec, the
 * connection's {@link AdminConnectionTimer} (its "parts" handler must stay right after the codec,
 * where it sees every request end and every answer leave).
 */
final class AdminInitializer extends ChannelInitializer<SocketChannel> {

    /** Large enough for a batch of tens of thousands of entries; more gets 413. */
    static final int MAX_BODY_BYTES = 16 << 20;

    private final Screener screener;
    private final ScreeningMetrics metrics;
    private final AdminRoutes routes;
    private final ConnectionTimeouts timeouts;

    AdminInitializer(Screener screener, ScreeningMetrics metrics, AdminRoutes routes, ConnectionTimeouts timeouts) {
        this.screener = screener;
        this.metrics = metrics;
        this.routes = routes;
        this.timeouts = timeouts;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        AdminConnectionTimer timer = new AdminConnectionTimer(timeouts);
        ch.pipeline()
                .addLast("timer-bytes", timer.bytes())
                .addLast(new HttpServerCodec(4096, 8192, 8192))
                .addLast("timer-parts", timer.parts())
                .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                .addLast(new AdminHandler(screener, metrics, routes));
    }
}
