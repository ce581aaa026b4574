package screening.server.admin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import screening.server.connection.ConnectionTimeouts;
import screening.server.connection.TimedConnection;

/**
 * One admin connection's phase for the port's {@link ConnectionTimeouts} (SPEC section 15), read
 * from two places in its pipeline: {@link #bytes()} first, before the HTTP codec, sees that bytes
 * of a request have arrived; {@link #parts()}, right after the codec, sees each request end
 * ({@link LastHttpContent}) and each answer leave. A request whose bytes started arriving and that
 * has not ended within the request timeout is answered {@code 408} with the JSON error body and
 * closed; a connection with nothing owed and nothing arriving is closed after the idle timeout.
 *
 * <p>Event loop only: one instance per connection, its two handlers in that connection's pipeline.
 */
final class AdminConnectionTimer implements TimedConnection {

    /** How long a connection answered 408 waits for the client to close before it is closed. */
    static final long LINGER_MS = 2_000;

    private final ConnectionTimeouts timeouts;
    private final Bytes bytes = new Bytes();
    private final Parts parts = new Parts();
    private ConnectionTimeouts.Watch watch;
    private ChannelHandlerContext partsCtx;
    private boolean receiving;
    private int owed; // requests read whole and not yet answered
    private long progress;
    private boolean closing;

    AdminConnectionTimer(ConnectionTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    /** The handler that goes first in the pipeline, before the HTTP codec. */
    ChannelHandler bytes() {
        return bytes;
    }

    /** The handler that goes right after the HTTP codec, before anything that may answer. */
    ChannelHandler parts() {
        return parts;
    }

    @Override
    public Phase phase() {
        return closing || owed > 0 ? Phase.BUSY : receiving ? Phase.RECEIVING : Phase.IDLE;
    }

    @Override
    public long progress() {
        return progress;
    }

    @Override
    public void requestTimedOut() {
        closing = true;
        FullHttpResponse r = AdminResponses.error(HttpResponseStatus.REQUEST_TIMEOUT, "REQUEST_TIMEOUT",
                "the request did not arrive whole within the request timeout");
        HttpUtil.setContentLength(r, r.content().readableBytes());
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ChannelHandlerContext ctx = partsCtx;
        // a lingering close: closing with the rest of the request unread could reset the
        // connection before the client reads the answer, so shut down our side and drop what
        // still arrives until the client closes, or LINGER_MS
        ctx.writeAndFlush(r).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && ctx.channel() instanceof DuplexChannel d) {
                d.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), LINGER_MS, TimeUnit.MILLISECONDS);
            } else {
                ctx.close();
            }
        });
    }

    @Override
    public void idleTimedOut() {
        closing = true;
        partsCtx.close();
    }

    /** Before the codec: any bytes are (part of) a request. */
    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (closing) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof ByteBuf b && b.isReadable()) {
                receiving = true;
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** After the codec: where a request ends and an answer leaves. */
    private final class Parts extends ChannelDuplexHandler {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            partsCtx = ctx;
            watch = timeouts.watch(ctx.executor(), AdminConnectionTimer.this);
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (watch != null) {
                watch.cancel();
            }
            super.channelInactive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (closing) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpRequest) {
                receiving = true;
            }
            if (msg instanceof LastHttpContent) {
                receiving = false;
                owed++;
                progress++;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            boolean interim = msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (msg instanceof LastHttpContent && !interim) {
                owed--;
                progress++;
            }
            ctx.write(msg, promise);
        }
    }
}
