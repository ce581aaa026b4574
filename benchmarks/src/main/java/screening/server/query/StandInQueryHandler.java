package screening.server.query;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import screening.core.CanonicalNumber;
import screening.core.Reason;
import screening.core.Screener;
import screening.core.Verdict;

/**
 * STAND-IN (issue 3), benchmarks only: a minimal {@code GET /v1/screen} handler after Netty's
 * {@code HttpServerCodec}, calling {@link Screener#screen} and writing the SPEC's JSON, so that
 * the whole-path benchmark has something real to measure until the query server's own handler
 * exists. It is not the server: it answers only GET, checks little, and must be deleted at merge
 * (see {@link QueryPathUnderTest}).
 *
 * <p>Called on one event loop (or the benchmark thread driving an EmbeddedChannel); one instance
 * per channel, as it holds the channel's Verdict.
 */
final class StandInQueryHandler extends ChannelInboundHandlerAdapter {

    private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
    private static final byte[] DECISION = bytes("{\"decision\":\"");
    private static final byte[] REASON = bytes("\",\"reason\":\"");
    private static final byte[] REF = bytes("\",\"ref\":\"");
    private static final byte[] NUMBER = bytes("\",\"number\":\"");
    private static final byte[] VERSION = bytes("\",\"version\":");
    private static final byte[] VERSION_AFTER_NO_NUMBER = bytes(",\"version\":");
    private static final byte[] NULL = bytes("null");
    private static final byte[] BAD_REQUEST = bytes("{\"error\":\"BAD_REQUEST\",\"message\":\"pin and number are required\"}");
    private static final byte[] NOT_FOUND = bytes("{\"error\":\"NOT_FOUND\",\"message\":\"no such path\"}");

    private final Screener screener;
    private final String establishment;
    private final Verdict verdict = new Verdict();
    private final byte[] scratch = new byte[24];

    StandInQueryHandler(Screener screener, String establishment) {
        this.screener = screener;
        this.establishment = establishment;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                respond(ctx, request);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    private void respond(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            write(ctx, HttpResponseStatus.BAD_REQUEST, copy(ctx, BAD_REQUEST));
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        if (!"/v1/screen".equals(query.path())) {
            write(ctx, HttpResponseStatus.NOT_FOUND, copy(ctx, NOT_FOUND));
            return;
        }
        String pin = first(query, "pin");
        String number = first(query, "number");
        String est = first(query, "establishment");
        if (pin == null || number == null) {
            write(ctx, HttpResponseStatus.BAD_REQUEST, copy(ctx, BAD_REQUEST));
            return;
        }
        screener.screen(pin, est != null ? est : establishment, number, verdict);
        ByteBuf body = ctx.alloc().buffer(128);
        body.writeBytes(DECISION);
        body.writeCharSequence(verdict.decision().name(), StandardCharsets.US_ASCII);
        body.writeBytes(REASON);
        body.writeCharSequence(verdict.reason().name(), StandardCharsets.US_ASCII);
        if (verdict.reason() == Reason.BLOCKED) {
            body.writeBytes(REF);
            body.writeCharSequence(verdict.ref(), StandardCharsets.US_ASCII); // ids are printable ASCII
        }
        if (verdict.number() != CanonicalNumber.INVALID) {
            body.writeBytes(NUMBER);
            body.writeBytes(scratch, 0, CanonicalNumber.writeAscii(verdict.number(), scratch, 0));
            body.writeBytes(VERSION);
        } else {
            body.writeByte('"');
            body.writeBytes(VERSION_AFTER_NO_NUMBER);
        }
        if (verdict.version() == Verdict.NO_VERSION) {
            body.writeBytes(NULL);
        } else {
            body.writeCharSequence(Long.toString(verdict.version()), StandardCharsets.US_ASCII);
        }
        body.writeByte('}');
        write(ctx, HttpResponseStatus.OK, body);
    }

    private static String first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static ByteBuf copy(ChannelHandlerContext ctx, byte[] bytes) {
        return ctx.alloc().buffer(bytes.length).writeBytes(bytes);
    }

    private static void write(ChannelHandlerContext ctx, HttpResponseStatus status, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        ctx.write(response);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
