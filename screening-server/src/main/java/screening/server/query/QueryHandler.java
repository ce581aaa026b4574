package screening.server.query;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import screening.core.Channel;
import screening.core.Reason;
import screening.core.Screener;
import screening.core.Verdict;
import screening.server.audit.AuditLog;
import screening.server.connection.ConnectionTimeouts;
import screening.server.connection.TimedConnection;
import screening.server.metrics.ScreeningMetrics;

/**
 * Answers one connection of the query port (SPEC section 4), behind a {@link QueryRequestDecoder}.
 *
 * <p>Event loop only, one instance per connection. Nothing here blocks, takes a lock or logs:
 * the decision is an in-memory lookup ({@link Screener#decide}), a contact attempt is handed to
 * the audit log's queue without waiting, and each answer is written in {@code channelRead} and
 * flushed once in {@code channelReadComplete}, so a pipelined batch leaves in one write, in
 * request order. An unexpected exception closes this connection and is counted; it never
 * reaches the event loop.
 *
 * <p>Its timeouts (SPEC section 15) are the port's {@link ConnectionTimeouts}' sweep: the handler
 * tells it the connection's phase from the decoder's state and its own, and nothing on the path of
 * a request reads a clock.
 */
final class QueryHandler extends ChannelInboundHandlerAdapter implements TimedConnection {

    /*
     * Connection states (the decoder sends a head, then body slices and END only when a body follows):
     *
     *   READY --GET /v1/screen (no body)--> answer now --> READY
     *   READY --GET with a body, other path/method, 4xx that keeps framing--> SKIP_BODY --END--> READY
     *   READY --POST /v1/screen--> BODY (accumulate up to 64 KiB) --END--> answer --> READY
     *   any   --decoder failure, 413, Connection: close--> CLOSING (everything after is dropped)
     *
     * GET is the switch's common shape, so it is answered from the head alone: the decoder has
     * classified the path and copied the query string's bytes into the head.
     */

    /*
     * Answers: each connection writes its answers into one direct buffer it owns (ANSWER_BUFFER
     * bytes, unpooled, allocated once) and sends each as a retained slice. Once every slice has
     * been written and released, the buffer's count is back to our one reference and the next
     * answer starts again at its beginning; while slices are still in flight (a slow reader, or
     * an EmbeddedChannel nobody has read), answers go after them, and a full buffer is handed to
     * its slices (released by us, freed by the last of them) and replaced. Why: a pooled buffer
     * per answer goes through Netty's adaptive allocator and its Recycler's MPMC queue on every
     * answer; a slice is a plain short-lived object.
     */
    static final int ANSWER_BUFFER = 4096;

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final long LINGER_MS = 2_000;

    private static final int STATE_READY = 0;
    private static final int STATE_SKIP_BODY = 1;
    private static final int STATE_BODY = 2;
    private static final int STATE_CLOSING = 3;

    private final QueryRequestDecoder decoder;
    private final ConnectionTimeouts timeouts;
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
    /** This connection's answer buffer: see "Answers" above. Null until the first answer. */
    private ByteBuf answers;
    private boolean unflushed;
    private ChannelHandlerContext ctx;
    private ConnectionTimeouts.Watch watch;

    /**
     * @param decoder the decoder in front of this handler, asked whether a request is half read
     * @param timeouts the port's timeouts; null for none (a pipeline on an EmbeddedChannel)
     */
    QueryHandler(QueryRequestDecoder decoder, ConnectionTimeouts timeouts, Screener screener, String defaultEstablishment,
            ScreeningMetrics metrics, AuditLog audit) {
        this.decoder = decoder;
        this.timeouts = timeouts;
        this.screener = screener;
        this.defaultEstablishment = defaultEstablishment;
        this.metrics = metrics;
        this.audit = audit;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        if (timeouts != null) {
            watch = timeouts.watch(ctx.executor(), this);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (watch != null) {
            watch.cancel();
        }
        releaseBody();
        releaseAnswers();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof QueryRequestHead head) {
            if (state != STATE_CLOSING) {
                onHead(ctx, head);
            }
        } else if (msg instanceof ByteBuf chunk) {
            try {
                if (state == STATE_BODY) {
                    onBody(ctx, chunk);
                }
            } finally {
                chunk.release();
            }
        } else if (msg == QueryRequestDecoder.END) {
            onEnd(ctx);
        } else if (msg instanceof QueryError e) {
            if (state != STATE_CLOSING) {
                fail(ctx, e);
            }
        } else {
            ReferenceCountUtil.release(msg); // nothing else comes from the decoder
        }
    }

    private void onHead(ChannelHandlerContext ctx, QueryRequestHead h) {
        // a HEAD answer must have no body; ours always have one, so a HEAD gets its 405 and a close
        connection = !h.keepAlive || h.method == QueryRequestHead.HEAD ? QueryResponses.CLOSE
                : h.http10 ? QueryResponses.KEEP_ALIVE_10
                : QueryResponses.KEEP_ALIVE_11;
        state = h.hasBody() ? STATE_SKIP_BODY : STATE_READY;
        int method = h.method;
        switch (h.path) {
            case QueryRequestHead.SCREEN -> {
                if (method == QueryRequestHead.GET) {
                    long start = System.nanoTime();
                    QueryError e = request.parseQuery(h.query, h.queryLength);
                    if (e != null) {
                        answer(ctx, e);
                    } else {
                        decide(ctx, start);
                    }
                } else if (method == QueryRequestHead.POST) {
                    startBody(ctx, h);
                } else {
                    answer(ctx, QueryError.SCREEN_METHOD);
                }
            }
            case QueryRequestHead.LIVE -> {
                if (method == QueryRequestHead.GET) {
                    answer(ctx, HealthAnswer.LIVE);
                } else {
                    answer(ctx, QueryError.HEALTH_METHOD);
                }
            }
            case QueryRequestHead.READY -> {
                if (method == QueryRequestHead.GET) {
                    answer(ctx, screener.current() != null ? HealthAnswer.READY : HealthAnswer.NOT_READY);
                } else {
                    answer(ctx, QueryError.HEALTH_METHOD);
                }
            }
            default -> answer(ctx, QueryError.NOT_FOUND);
        }
    }

    private void startBody(ChannelHandlerContext ctx, QueryRequestHead h) {
        if (h.contentLength > MAX_BODY_BYTES) {
            fail(ctx, QueryError.PAYLOAD_TOO_LARGE);
            return;
        }
        if (!h.hasBody()) {
            finishBody(ctx, Unpooled.EMPTY_BUFFER); // an empty body: answered BAD_BODY
            return;
        }
        if (h.expectContinue) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(QueryResponses.CONTINUE_100));
        }
        body = ctx.alloc().heapBuffer(h.contentLength > 0 ? (int) h.contentLength : 256, MAX_BODY_BYTES);
        state = STATE_BODY;
    }

    private void onBody(ChannelHandlerContext ctx, ByteBuf chunk) {
        if (body.readableBytes() + chunk.readableBytes() > MAX_BODY_BYTES) {
            fail(ctx, QueryError.PAYLOAD_TOO_LARGE);
            return;
        }
        body.writeBytes(chunk);
    }

    private void onEnd(ChannelHandlerContext ctx) {
        if (state == STATE_BODY) {
            state = STATE_READY;
            ByteBuf b = body;
            body = null;
            try {
                finishBody(ctx, b);
            } finally {
                b.release();
            }
        } else if (state == STATE_SKIP_BODY) {
            state = STATE_READY;
        }
    }

    private void finishBody(ChannelHandlerContext ctx, ByteBuf b) {
        long start = System.nanoTime();
        QueryError e = request.parseBody(b);
        if (e != null) {
            answer(ctx, e);
        } else {
            decide(ctx, start);
        }
    }

    private void decide(ChannelHandlerContext ctx, long start) {
        ScreenRequest r = request;
        String establishment = r.establishment != null ? r.establishment : defaultEstablishment;
        Verdict v = verdict;
        if (r.textChannel != null) {
            decideText(ctx, r, establishment, start);
            return;
        }
        screener.decide(r.pin, establishment, r.numberKey(screener.normaliser()), v);
        int n = json.encode(v);
        write(ctx, answer(QueryResponses.HEAD_200, json.bytes(), n));
        metrics.recordDecision(v, System.nanoTime() - start);
        if (v.reason() == Reason.BLOCKED) {
            metrics.contactAttempt();
            audit.offerContactAttempt(r.pin, establishment, v.ref(), Channel.PHONE);
            // an idle keep-alive connection must not keep a replaced snapshot's entries reachable
            v.forgetRef();
        }
    }

    /** An e-mail or address query (SPEC section 12): off the number's path, and allowed to allocate. */
    private void decideText(ChannelHandlerContext ctx, ScreenRequest r, String establishment, long start) {
        Verdict v = verdict;
        Channel c = r.textChannel;
        screener.screenText(c, r.pin, establishment, r.text, v);
        int n = json.encode(c, v);
        write(ctx, answer(QueryResponses.HEAD_200, json.bytes(), n));
        metrics.recordDecision(c, v, System.nanoTime() - start);
        if (v.reason() == Reason.BLOCKED) {
            metrics.contactAttempt();
            audit.offerContactAttempt(r.pin, establishment, v.ref(), c);
            v.forgetRef();
        }
    }

    private void answer(ChannelHandlerContext ctx, QueryError e) {
        write(ctx, answer(e.head, e.body, e.body.length, e.closes ? QueryResponses.CLOSE : connection));
        if (e.closes) {
            state = STATE_CLOSING;
        }
    }

    private void answer(ChannelHandlerContext ctx, HealthAnswer h) {
        write(ctx, answer(h.head, h.body, h.body.length));
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

    private ByteBuf answer(byte[] head, byte[] body, int bodyLength) {
        return answer(head, body, bodyLength, connection);
    }

    /** One whole response as a slice of this connection's answer buffer (see "Answers"). */
    private ByteBuf answer(byte[] head, byte[] body, int bodyLength, int conn) {
        final int max = QueryResponses.maxBytes(head, bodyLength);
        ByteBuf b = answers;
        if (b != null && b.refCnt() == 1) {
            b.clear(); // every earlier slice is written and released
        }
        if (b == null || b.writableBytes() < max) {
            if (b != null) {
                b.release(); // the slices still in flight keep it alive until written
            }
            b = answers = Unpooled.directBuffer(Math.max(ANSWER_BUFFER, max));
        }
        final int start = b.writerIndex();
        QueryResponses.writeInto(b, head, body, bodyLength, conn);
        return b.retainedSlice(start, b.writerIndex() - start);
    }

    private void releaseAnswers() {
        if (answers != null) {
            answers.release();
            answers = null;
        }
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

    @Override
    public Phase phase() {
        return state == STATE_CLOSING ? Phase.BUSY : decoder.receiving() ? Phase.RECEIVING : Phase.IDLE;
    }

    @Override
    public long progress() {
        return decoder.requests();
    }

    @Override
    public void requestTimedOut() {
        decoder.discard();
        fail(ctx, QueryError.REQUEST_TIMEOUT);
    }

    @Override
    public void idleTimedOut() {
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
