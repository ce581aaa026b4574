package screening.server.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import screening.core.Screener;
import screening.server.metrics.ScreeningMetrics;

/**
 * One admin connection: answers {@code /metrics} and {@code /health/*} itself, hands
 * {@code /admin/} to {@link AdminRoutes}, and writes answers in request order.
 *
 * <p>Event loop only. An {@code /admin/} answer may complete on another thread (after an fsync);
 * it is written back on this connection's event loop, and a pipelined request waits in
 * {@link #pending} until the one before it has been answered, so answers never cross.
 */
final class AdminHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(AdminHandler.class.getName());

    private final Screener screener;
    private final ScreeningMetrics metrics;
    private final AdminRoutes routes;
    private final ArrayDeque<FullHttpRequest> pending = new ArrayDeque<>();
    private boolean busy;

    AdminHandler(Screener screener, ScreeningMetrics metrics, AdminRoutes routes) {
        this.screener = screener;
        this.metrics = metrics;
        this.routes = routes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        if (busy) {
            pending.add(req);
            return;
        }
        process(ctx, req);
    }

    private void process(ChannelHandlerContext ctx, FullHttpRequest req) {
        busy = true;
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (req.decoderResult().isFailure()) {
            req.release();
            finish(ctx, AdminResponses.error(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", "the request could not be decoded"),
                    false);
            return;
        }
        String uri = req.uri();
        String path = uri.indexOf('?') >= 0 ? uri.substring(0, uri.indexOf('?')) : uri;
        if (path.startsWith("/admin/") || path.equals("/admin")) {
            routes.route(req, ctx.channel().remoteAddress()).whenComplete((resp, err) -> {
                FullHttpResponse r = resp != null ? resp
                        : AdminResponses.internalError();
                if (err != null) {
                    LOG.log(System.Logger.Level.ERROR, "admin request failed: {0}", err.toString());
                }
                if (ctx.executor().inEventLoop()) {
                    finish(ctx, r, keepAlive);
                } else {
                    ctx.executor().execute(() -> finish(ctx, r, keepAlive));
                }
            });
            return;
        }
        FullHttpResponse r;
        try {
            r = local(req.method(), path);
        } finally {
            req.release();
        }
        finish(ctx, r, keepAlive);
    }

    private FullHttpResponse local(HttpMethod method, String path) {
        switch (path) {
            case "/metrics" -> {
                if (!method.equals(HttpMethod.GET)) {
                    return AdminResponses.methodNotAllowed("GET");
                }
                FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(metrics.scrape().getBytes(StandardCharsets.UTF_8)));
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                return r;
            }
            case "/health/live", "/health/ready" -> {
                if (!method.equals(HttpMethod.GET)) {
                    return AdminResponses.methodNotAllowed("GET");
                }
                boolean ok = path.equals("/health/live") || screener.current() != null;
                return AdminResponses.json(ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        ok ? "{\"status\":\"UP\"}" : "{\"status\":\"NOT_READY\"}");
            }
            default -> {
                return AdminResponses.error(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no such path");
            }
        }
    }

    private void finish(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
        HttpUtil.setContentLength(r, r.content().readableBytes());
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        if (!ctx.channel().isActive()) {
            r.release();
            drain();
            return;
        }
        if (keepAlive) {
            ctx.writeAndFlush(r);
        } else {
            ctx.writeAndFlush(r).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
        busy = false;
        FullHttpRequest next = pending.poll();
        if (next != null) {
            process(ctx, next);
        }
    }

    private void drain() {
        busy = false;
        FullHttpRequest p;
        while ((p = pending.poll()) != null) {
            p.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        drain();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // one bad connection closes that connection, never the loop
        LOG.log(System.Logger.Level.DEBUG, "admin connection closed after: {0}", cause.toString());
        ctx.close();
    }
}
