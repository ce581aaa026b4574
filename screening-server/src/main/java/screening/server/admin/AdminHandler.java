package screening.server.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import screening.core.Screener;
import screening.server.metrics.ScreeningMetrics;

/**
 * One admin connection: answers {@code /metrics} and {@code /health/*} itself, hands
 * {@code /admin/} to {@link AdminRoutes}, answers the requests {@link AdminRequestGate} refused at
 * their head, and writes answers in request order.
 *
 * <p>Event loop only. An {@code /admin/} answer may complete on another thread (after an fsync);
 * it is written back on this connection's event loop, and a pipelined request waits in
 * {@link #pending} until the one before it has been answered, so answers never cross. After a
 * refusal ({@code 401}, {@code 413}) the connection is closed: the gate has stopped reading it, so
 * the rest of a body is never read. When a body was still coming, the close lingers (our side
 * shut at once, the socket {@link #LINGER_MS} later) so that the client can read the answer
 * before the reset that closing on unread bytes sends; a request read whole is closed at once.
 */
final class AdminHandler extends ChannelInboundHandlerAdapter {

    /** How long a refused connection stays open, half-closed, after its answer is sent. */
    static final long LINGER_MS = 1_000;

    private static final System.Logger LOG = System.getLogger(AdminHandler.class.getName());

    private final Screener screener;
    private final ScreeningMetrics metrics;
    private final AdminRoutes routes;
    private final ArrayDeque<Object> pending = new ArrayDeque<>(); // FullHttpRequest or AdminRequestGate.Refused
    private boolean busy;

    AdminHandler(Screener screener, ScreeningMetrics metrics, AdminRoutes routes) {
        this.screener = screener;
        this.metrics = metrics;
        this.routes = routes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest) && !(msg instanceof AdminRequestGate.Refused)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (busy) {
            pending.add(msg);
            return;
        }
        process(ctx, msg);
    }

    private void process(ChannelHandlerContext ctx, Object msg) {
        busy = true;
        if (msg instanceof AdminRequestGate.Refused refused) {
            refuse(ctx, refused.response(), refused.bodyUnread());
            return;
        }
        FullHttpRequest req = (FullHttpRequest) msg;
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (req.decoderResult().isFailure()) {
            Throwable cause = req.decoderResult().cause();
            req.release();
            finish(ctx, decodeFailure(cause), false);
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
            r = ConsoleEndpoints.isConsole(path) ? routes.console().answer(req, path, ctx.channel().remoteAddress())
                    : local(req.method(), path);
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
                // the same answers as the query port's (query.HealthAnswer, SPEC section 15)
                if (!method.equals(HttpMethod.GET)) {
                    FullHttpResponse r = AdminResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                            "the health endpoints take GET");
                    r.headers().set(HttpHeaderNames.ALLOW, "GET");
                    return r;
                }
                if (path.equals("/health/live")) {
                    return AdminResponses.json(HttpResponseStatus.OK, "{\"status\":\"UP\"}");
                }
                return screener.current() != null
                        ? AdminResponses.json(HttpResponseStatus.OK, "{\"status\":\"READY\"}")
                        : AdminResponses.json(HttpResponseStatus.SERVICE_UNAVAILABLE, "{\"status\":\"NOT_READY\"}");
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
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
        busy = false;
        Object next = pending.poll();
        if (next != null) {
            process(ctx, next);
        }
    }

    /**
     * Writes a refusal and closes: at once when the request was read whole; else lingering, our
     * side shut at once and the socket {@link #LINGER_MS} later.
     */
    private void refuse(ChannelHandlerContext ctx, FullHttpResponse r, boolean linger) {
        HttpUtil.setContentLength(r, r.content().readableBytes());
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        drain();
        busy = true; // nothing more is answered on this connection
        if (!ctx.channel().isActive()) {
            r.release();
            return;
        }
        if (!linger) {
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(r).addListener(f -> {
            if (f.isSuccess() && ctx.channel() instanceof DuplexChannel d) {
                d.shutdownOutput();
                ctx.executor().schedule(() -> {
                    ctx.close();
                }, LINGER_MS, TimeUnit.MILLISECONDS);
            } else {
                ctx.close();
            }
        });
    }

    private void drain() {
        busy = false;
        Object p;
        while ((p = pending.poll()) != null) {
            ReferenceCountUtil.release(p instanceof AdminRequestGate.Refused r ? r.response() : p);
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

    /** The answer to a request the codec could not decode: the query port's codes for the same limits. */
    private static FullHttpResponse decodeFailure(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return AdminResponses.error(HttpResponseStatus.REQUEST_URI_TOO_LONG, "URI_TOO_LONG",
                    "the request line is over " + (AdminInitializer.MAX_INITIAL_LINE_BYTES >> 10) + " KiB");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return AdminResponses.error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "HEADERS_TOO_LARGE",
                    "the request headers are over " + (AdminInitializer.MAX_HEADER_BYTES >> 10) + " KiB");
        }
        return AdminResponses.error(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", "the request could not be decoded");
    }
}
