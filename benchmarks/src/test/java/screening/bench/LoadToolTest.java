package screening.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadToolTest {

    /** How the test server answers. */
    private enum Answer { RIGHT, ALWAYS_ALLOW, ERROR_500 }

    private final List<EventLoopGroup> groups = new ArrayList<>();
    private final List<Channel> servers = new ArrayList<>();
    private final Queue<String> received = new ConcurrentLinkedQueue<>();

    /**
     * A server that decides as the sample register would for the load tool's numbers (blocked:
     * national number 7700900123 or 77009009xx), by the digits of the number whatever its format.
     */
    private int start(Answer answer) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        groups.add(group);
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                        String number = new QueryStringDecoder(req.uri()).parameters().get("number").get(0);
                                        received.add(number);
                                        String d = number.replaceAll("[^0-9]", "");
                                        boolean blocked = answer == Answer.RIGHT
                                                && (d.endsWith("7700900123") || d.matches(".*77009009[0-9]{2}"));
                                        String body = "{\"decision\":\"" + (blocked ? "DENY" : "ALLOW") + "\",\"version\":1}";
                                        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                                answer == Answer.ERROR_500 ? HttpResponseStatus.INTERNAL_SERVER_ERROR : HttpResponseStatus.OK,
                                                Unpooled.copiedBuffer(body, StandardCharsets.US_ASCII));
                                        resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
                                        ctx.writeAndFlush(resp);
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        servers.add(server);
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Channel server : servers) {
            server.close().sync();
        }
        for (EventLoopGroup group : groups) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static LoadTool.Options options(int port, String rate, String duration) {
        // a generous grace: the test machine may be busy, and a late answer is not what is tested here
        return LoadTool.parse(new String[] {"--url", "http://127.0.0.1:" + port, "--rate", rate, "--duration", duration,
            "--warmup", "0s", "--connections", "3", "--grace", "30s"});
    }

    @Test
    void run_rightAnswers_everyRequestAnsweredWithoutError() throws Exception {
        int port = start(Answer.RIGHT);
        LoadTool.Options o = options(port, "1000", "2s");

        LoadRun.Result r = LoadRun.run(o.url(), o, new RequestMix(RequestMix.sampleRegisterBlocked(), 1));

        assertThat(r.sent()).isEqualTo(2000);
        assertThat(r.answered()).isEqualTo(2000);
        assertThat(r.errors()).isZero();
        assertThat(r.latency().getTotalCount()).isEqualTo(2000);
        assertThat(received).hasSize(2000);
        List<String> spelled = received.stream().filter(n -> !n.matches("(\\+44|0)[0-9]{10}")).toList();
        Set<String> distinct = new HashSet<>(spelled);
        assertThat(spelled.size()).isBetween(300, 500); // a fifth of 2000
        assertThat(distinct).hasSameSizeAs(spelled);
    }

    @Test
    void run_serverAllowsBlockedNumbers_countsWrongDecisions() throws Exception {
        int port = start(Answer.ALWAYS_ALLOW);
        LoadTool.Options o = options(port, "1000", "2s");

        LoadRun.Result r = LoadRun.run(o.url(), o, new RequestMix(RequestMix.sampleRegisterBlocked(), 1));

        long blocked = received.stream().map(n -> n.replaceAll("[^0-9]", ""))
                .filter(d -> d.endsWith("7700900123") || d.matches(".*77009009[0-9]{2}")).count();
        assertThat(blocked).isBetween(50L, 150L);
        assertThat(r.mismatches()).isEqualTo(blocked);
        assertThat(r.non200()).isZero();
    }

    @Test
    void run_serverErrors_countsNon200AndExitsOne() throws Exception {
        int port = start(Answer.ERROR_500);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = LoadTool.run(new String[] {"--url", "http://127.0.0.1:" + port, "--rate", "500", "--duration", "1s",
            "--warmup", "0s", "--connections", "2", "--grace", "30s"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("sent 500, answered 500").contains("non-200 500");
    }

    @Test
    void run_compareUrl_printsRatioTable() throws Exception {
        int port = start(Answer.RIGHT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = LoadTool.run(new String[] {"--url", "http://127.0.0.1:" + port, "--compare-url", "http://localhost:" + port,
            "--rate", "500", "--duration", "1s", "--warmup", "0s", "--grace", "30s"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("compare-url").contains("p99.9 us").contains("achieved /s");
        assertThat(received).hasSize(1000); // the same schedule twice
    }

    @Test
    void run_compareConstantAgainstAConstantAllow_itsDecisionsNotErrorsAndExitsZero() throws Exception {
        int port = start(Answer.RIGHT);
        int constant = start(Answer.ALWAYS_ALLOW);
        String[] args = {"--url", "http://127.0.0.1:" + port, "--compare-url", "http://127.0.0.1:" + constant,
            "--rate", "500", "--duration", "1s", "--warmup", "0s", "--grace", "30s"};
        ByteArrayOutputStream checked = new ByteArrayOutputStream();
        ByteArrayOutputStream unchecked = new ByteArrayOutputStream();

        int checkedCode = LoadTool.run(args, new PrintStream(checked, true, StandardCharsets.UTF_8), System.err);
        String[] constantArgs = java.util.Arrays.copyOf(args, args.length + 1);
        constantArgs[args.length] = "--compare-constant";
        int uncheckedCode = LoadTool.run(constantArgs, new PrintStream(unchecked, true, StandardCharsets.UTF_8), System.err);

        assertThat(checkedCode).isEqualTo(1);
        assertThat(uncheckedCode).isZero();
        assertThat(unchecked.toString(StandardCharsets.UTF_8))
                .contains("wrong decision not checked (--compare-constant)")
                .containsPattern("errors +0\\.0 +0\\.0");
    }

    @Test
    void parse_compareConstantWithoutCompareUrl_refused() {
        assertThatThrownBy(() -> LoadTool.parse(new String[] {"--url", "http://127.0.0.1:8700", "--rate", "1", "--duration", "1s",
            "--compare-constant"}))
                .hasMessageContaining("--compare-constant needs --compare-url");
    }

    @Test
    void parse_remoteHost_refused() {
        assertThatThrownBy(() -> LoadTool.parse(new String[] {"--url", "http://10.0.0.1:8700", "--rate", "1", "--duration", "1s"}))
                .hasMessageContaining("--url must target 127.0.0.1");
    }

    @Test
    void parse_durationOverTenMinutes_refused() {
        assertThatThrownBy(() -> LoadTool.parse(new String[] {"--url", "http://127.0.0.1:8700", "--rate", "1", "--duration", "11m"}))
                .hasMessageContaining("--duration must be at most");
    }

    @Test
    void parse_onlyRequiredOptions_takesTheDocumentedDefaults() {
        LoadTool.Options o = LoadTool.parse(new String[] {"--url", "http://127.0.0.1:8700", "--rate", "5000", "--duration", "30s"});

        assertThat(o.url()).isEqualTo(new LoadTool.Target("http://127.0.0.1:8700", 8700));
        assertThat(o.compareUrl()).isNull();
        assertThat(o.rate()).isEqualTo(5000.0);
        assertThat(o.duration()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(o.warmup()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(o.grace()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(o.connections()).isEqualTo(8);
        assertThat(o.blocked()).isNull();
        assertThat(o.pin()).isEqualTo("4321");
        assertThat(o.establishment()).isNull();
        assertThat(o.seed()).isEqualTo(1);
    }

    @Test
    void parse_durationsInTheConfigGrammar_accepted() {
        LoadTool.Options o = LoadTool.parse(new String[] {"--url", "http://127.0.0.1:8700", "--rate", "10",
            "--duration=500ms", "--warmup", "2m", "--grace", "0s"});

        assertThat(o.duration()).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(o.warmup()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(o.grace()).isZero();
    }

    @Test
    void parse_badDuration_namesOptionAndGrammar() {
        assertThatThrownBy(() -> LoadTool.parse(new String[] {"--url", "http://127.0.0.1:8700", "--rate", "1", "--duration", "30 s"}))
                .hasMessageContaining("--duration").hasMessageContaining("expected a duration like 5s, 500ms or 1m, got \"30 s\"");
    }

    @Test
    void parse_unknownOption_refused() {
        assertThatThrownBy(() -> LoadTool.parse(new String[] {"--url", "http://127.0.0.1:8700", "--rate", "1", "--duration", "1s",
            "--colour", "red"})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--colour");
    }

    @Test
    void parse_missingRate_namesOption() {
        assertThatThrownBy(() -> LoadTool.parse(new String[] {"--url", "http://127.0.0.1:8700", "--duration", "1s"}))
                .hasMessage("--rate is required");
    }

    @Test
    void run_nothingListening_exitsOne() throws Exception {
        int port = start(Answer.RIGHT);
        stop();
        servers.clear();
        groups.clear();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = LoadTool.run(new String[] {"--url", "http://127.0.0.1:" + port, "--rate", "10", "--duration", "1s"},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot connect");
    }
}
