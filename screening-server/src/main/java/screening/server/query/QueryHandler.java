package screening.server.query;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import screening.core.Reason;
import screening.core.Screener;
import screening.core.Verdict;
import screening.server.audit.AuditLog;
import screening.server.metrics.ScreeningMetrics;

/**
 * Answers one connection of the query port (SPEC section 4), behind an {@code HttpRequestDecoder}.
 *
 * <p>Event loop only, one instance per connection. Nothing here blocks, takes a lock or logs:
 * the decision is an in-memory lookup ({@link Screener#screen}), a contact attempt is handed to
 * the audit log's queue without waiting, and each answer is written in {@code channelRead} and
 * flushed once in {@code channelReadComplete}, so a pipelined batch leaves in one write, in
 * request order. An unexpected exception closes this connection and is counted; it never
 * reaches the event loop.
 */
final class QueryHandler extends ChannelInboundHandlerAdapter {

    /*
     * Connection states:
     *
     *   READY --GET /v1/screen--> answer now, then IGNORE_CONTENT until LastHttpContent --> READY
     *   READY --POST /v1/screen--> BODY (accumulate up to 64 KiB) --LastHttpContent--> answer --> READY
     *   READY --other path/method, 4xx that keeps framing--> IGNORE_CONTENT --> READY
     *   any   --decoder failure, 413, Connection: close--> CLOSING (everything after is dropped)
     *
     * GET is the switch's common shape, so it is answered from the HttpRequest alone: no
     * aggregator, no FullHttpRequest, no copy of the (empty) body.
     */

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final long LINGER_MS = 2_000;
    private static final String SCREEN = "/v1/screen";
    private static final String LIVE = "/health/live";
    private static final String READY = "/health/ready";

    private static final int STATE_READY = 0;
    private static final int STATE_IGNORE_CONTENT = 1;
    private static final int STATE_BODY = 2;
    private static final int STATE_CLOSING = 3;

    private final Screener screener;
    private final String defaultEstablishment;
    private final ScreeningMetrics metrics;
    private final AuditLog audit;
    private final Verdict verdict = new Verdict();
    private final ScreenRequest request = new ScreenRequest();
    private final DecisionJson json = new DecisionJson();

    private int state = STATE_READY;
    private int connection; // QueryResponses.KEEP_ALIVE_11 / KEEP_ALIVE_10 / CLOSE of the request in progress
    private ByteBuf body;
    private boolean unflushed;

    QueryHandler(Screener screener, String defaultEstablishment, ScreeningMetrics metrics, AuditLog audit) {
        this.screener = screener;
        this.defaultEstablishment = defaultEstablishment;
        this.metrics = metrics;
        this.audit = audit;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        metrics.connections(1);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        metrics.connections(-1);
        releaseBody();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (state == STATE_CLOSING) {
                return;
            }
            if (msg instanceof HttpRequest req) {
                onRequest(ctx, req);
            }
            if (msg instanceof HttpContent content && state != STATE_CLOSING) {
                onContent(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
        DecoderResult result = req.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            fail(ctx, cause instanceof TooLongHttpHeaderException ? QueryError.HEADERS_TOO_LARGE
                    : cause instanceof TooLongHttpLineException ? QueryError.URI_TOO_LONG : QueryError.BAD_REQUEST);
            return;
        }
        // a HEAD answer must have no body; ours always have one, so a HEAD gets its 405 and a close
        connection = !HttpUtil.isKeepAlive(req) || req.method() == HttpMethod.HEAD ? QueryResponses.CLOSE
                : req.protocolVersion() == HttpVersion.HTTP_1_0 ? QueryResponses.KEEP_ALIVE_10
                : QueryResponses.KEEP_ALIVE_11;
        state = STATE_IGNORE_CONTENT;
        String uri = req.uri();
        int q = uri.indexOf('?');
        int pathEnd = q < 0 ? uri.length() : q;
        HttpMethod method = req.method();
        if (pathEnd == SCREEN.length() && uri.startsWith(SCREEN)) {
            if (method == HttpMethod.GET) {
                long start = System.nanoTime();
                QueryError e = request.parseQuery(uri, q < 0 ? uri.length() : q + 1);
                if (e != null) {
                    answer(ctx, e);
                } else {
                    decide(ctx, start);
                }
            } else if (method == HttpMethod.POST) {
                startBody(ctx, req);
            } else {
                answer(ctx, QueryError.SCREEN_METHOD);
            }
        } else if (pathEnd == LIVE.length() && uri.startsWith(LIVE)) {
            answer(ctx, method == HttpMethod.GET ? QueryError.LIVE : QueryError.HEALTH_METHOD);
        } else if (pathEnd == READY.length() && uri.startsWith(READY)) {
            answer(ctx, method != HttpMethod.GET ? QueryError.HEALTH_METHOD
                    : screener.current() != null ? QueryError.READY : QueryError.NOT_READY);
        } else {
            answer(ctx, QueryError.NOT_FOUND);
        }
    }

    private void startBody(ChannelHandlerContext ctx, HttpRequest req) {
        long length = HttpUtil.getContentLength(req, -1L);
        if (length > MAX_BODY_BYTES) {
            fail(ctx, QueryError.PAYLOAD_TOO_LARGE);
            return;
        }
        if (HttpUtil.is100ContinueExpected(req)) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(QueryResponses.CONTINUE_100));
        }
        body = ctx.alloc().heapBuffer(length > 0 ? (int) length : 256, MAX_BODY_BYTES);
        state = STATE_BODY;
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            fail(ctx, QueryError.BAD_REQUEST);
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (state == STATE_BODY) {
            ByteBuf chunk = content.content();
            if (body.readableBytes() + chunk.readableBytes() > MAX_BODY_BYTES) {
                fail(ctx, QueryError.PAYLOAD_TOO_LARGE);
                return;
            }
            body.writeBytes(chunk);
            if (last) {
                long start = System.nanoTime();
                QueryError e = request.parseBody(body);
                releaseBody();
                if (e != null) {
                    answer(ctx, e);
                } else {
                    decide(ctx, start);
                }
            }
        }
        if (last && state != STATE_CLOSING) {
            state = STATE_READY;
        }
    }

    private void decide(ChannelHandlerContext ctx, long start) {
        ScreenRequest r = request;
        String establishment = r.establishment != null ? r.establishment : defaultEstablishment;
        Verdict v = verdict;
        screener.screen(r.pin, establishment, r.number, v);
        int n = json.encode(v);
        write(ctx, QueryResponses.write(ctx.alloc(), QueryResponses.HEAD_200, json.bytes(), n, connection));
        metrics.recordDecision(v, System.nanoTime() - start);
        if (v.reason() == Reason.BLOCKED) {
            metrics.contactAttempt();
            audit.offerContactAttempt(r.pin, establishment, v.ref());
        }
    }

    private void answer(ChannelHandlerContext ctx, QueryError e) {
        write(ctx, QueryResponses.write(ctx.alloc(), e, connection));
        if (e.closes) {
            state = STATE_CLOSING;
        }
    }

    /** Answers {@code e} and closes: the request's framing cannot be trusted any more. */
    private void fail(ChannelHandlerContext ctx, QueryError e) {
        releaseBody();
        ctx.write(QueryResponses.write(ctx.alloc(), e, QueryResponses.CLOSE));
        state = STATE_CLOSING;
        unflushed = false;
        // a lingering close: closing with unread bytes (the rest of a 413's body) would send a
        // reset that can destroy the answer before the client reads it, so shut down our side,
        // drop what still arrives, and close when the client does (or after LINGER_MS)
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (ctx.channel() instanceof DuplexChannel d && f.isSuccess()) {
                d.shutdownOutput();
                ctx.executor().schedule(() -> {
                    ctx.close();
                }, LINGER_MS, TimeUnit.MILLISECONDS);
            } else {
                ctx.close();
            }
        });
    }

    private void write(ChannelHandlerContext ctx, ByteBuf response) {
        ctx.write(response, ctx.voidPromise());
        unflushed = true;
        if (connection == QueryResponses.CLOSE) {
            closeAfterFlush(ctx);
        }
    }

    private void closeAfterFlush(ChannelHandlerContext ctx) {
        state = STATE_CLOSING;
        unflushed = false;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            // the client sent all it will send: answer what was read, then close
            releaseBody();
            closeAfterFlush(ctx);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // one connection's failure (a reset, or a bug) closes that connection, never the loop
        metrics.connectionFailure();
        releaseBody();
        state = STATE_CLOSING;
        ctx.close();
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

}
