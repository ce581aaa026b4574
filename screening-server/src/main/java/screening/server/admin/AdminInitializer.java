package screening.server.admin;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import screening.core.Screener;
import screening.server.metrics.ScreeningMetrics;

/** The admin port's pipeline: HTTP codec, a 16 MiB body limit, the handler. */
final class AdminInitializer extends ChannelInitializer<SocketChannel> {

    /** Large enough for a batch of tens of thousands of entries; more gets 413. */
    static final int MAX_BODY_BYTES = 16 << 20;

    private final Screener screener;
    private final ScreeningMetrics metrics;
    private final AdminRoutes routes;

    AdminInitializer(Screener screener, ScreeningMetrics metrics, AdminRoutes routes) {
        this.screener = screener;
        this.metrics = metrics;
        this.routes = routes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast(new HttpServerCodec(4096, 8192, 8192))
                .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                .addLast(new AdminHandler(screener, metrics, routes));
    }
}
