package screening.server.admin;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import screening.core.Screener;
import screening.server.metrics.ScreeningMetrics;

/**
 * The admin port's pipeline: HTTP codec, the gate that checks each head (token, body limit)
 * before any body is kept, the aggregator (at most {@code admin.maxBodyBytes}), the handler.
 */
final class AdminInitializer extends ChannelInitializer<SocketChannel> {

    private final Screener screener;
    private final ScreeningMetrics metrics;
    private final AdminRoutes routes;
    private final int maxBodyBytes;

    AdminInitializer(Screener screener, ScreeningMetrics metrics, AdminRoutes routes, int maxBodyBytes) {
        this.screener = screener;
        this.metrics = metrics;
        this.routes = routes;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast(new HttpServerCodec(4096, 8192, 8192))
                .addLast(new AdminRequestGate(routes, maxBodyBytes))
                .addLast(new HttpObjectAggregator(maxBodyBytes))
                .addLast(new AdminHandler(screener, metrics, routes));
    }
}
