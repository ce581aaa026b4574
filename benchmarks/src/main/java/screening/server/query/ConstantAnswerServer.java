package screening.server.query;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import screening.bench.ToolArguments;

/**
 * The stock Netty pipeline the query server is measured against (docs/performance.md, "Query
 * server under wrk"): the same bootstrap ({@link QueryTransport}), the same limits and number of
 * event loops, Netty's own {@link HttpRequestDecoder} (the query port has its own
 * {@code QueryRequestDecoder}: this is the yardstick that says what that buys), and a
 * handler that answers every request with one prebuilt response of the same size and shape as a
 * decision, without parsing, deciding or formatting anything.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar screening.server.query.ConstantAnswerServer PORT}
 * binds 127.0.0.1:PORT and runs until killed.
 */
public final class ConstantAnswerServer {

    private static final byte[] BODY = "{\"decision\":\"ALLOW\",\"reason\":\"NOT_BLOCKED\",\"number\":\"+447700900456\",\"version\":7}"
            .getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuf RESPONSE = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes((
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: Sat, 28 Nov 2026 12:00:00 GMT\r\n"
                    + "Content-Length: " + BODY.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)).writeBytes(BODY))
            .asReadOnly();

    /** The command line. */
    @Command(name = "ConstantAnswerServer", usageHelpAutoWidth = true,
            description = "Answers every HTTP request on 127.0.0.1:PORT with one constant decision, until killed.")
    static final class Arguments {
        @Parameters(paramLabel = "PORT", arity = "0..1", defaultValue = "8790",
                description = "the port to bind (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "prints this and exits")
        boolean help;
    }

    private ConstantAnswerServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = ToolArguments.parseOrExit(new Arguments(), args).port;
        EventLoopGroup group = QueryTransport.newGroup(Runtime.getRuntime().availableProcessors(), "constant");
        Channel ch = QueryTransport.bootstrap(group, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
                // stock Netty on purpose: not the query port's QueryRequestDecoder
                c.pipeline().addLast(new HttpRequestDecoder(new HttpDecoderConfig()
                        .setMaxInitialLineLength(QueryChannelInitializer.MAX_INITIAL_LINE_BYTES)
                        .setMaxHeaderSize(QueryChannelInitializer.MAX_HEADER_BYTES)));
                c.pipeline().addLast(new ConstantHandler());
            }
        }).bind("127.0.0.1", port).sync().channel();
        System.out.println("constant-answer server on 127.0.0.1:" + port + " (epoll: " + QueryTransport.nativeEpoll() + ")");
        ch.closeFuture().sync();
    }

    /** Writes the constant answer for each request; flushes once per read batch. */
    private static final class ConstantHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                ctx.write(RESPONSE.duplicate(), ctx.voidPromise());
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
