package screening.server.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import screening.server.time.TimeSource;

/** A real listening socket with the limit as its handler, spoken to over real sockets. */
class ConnectionLimitTest {

    private static final int MAX = 3;

    private final List<LogRecord> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger(ConnectionLimit.class.getName());
    private final Logger nettyLogger = Logger.getLogger("io.netty");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Socket> sockets = new ArrayList<>();
    private EventLoopGroup group;
    private Channel listening;
    private ConnectionLimit limit;

    @BeforeEach
    void start() throws InterruptedException {
        logger.addHandler(capture);
        nettyLogger.addHandler(capture);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        limit = new ConnectionLimit("query", MAX, TimeSource.system(), registry);
        listening = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .handler(limit)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // an empty pipeline: the connection is held open and nothing is answered
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        listening.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        logger.removeHandler(capture);
        nettyLogger.removeHandler(capture);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(listening.localAddress(), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** True when the server closed {@code s} (EOF, or a reset after it closed). */
    private static boolean closedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketException e) {
            return true;
        }
    }

    /** True when {@code s} is still open after {@code ms}: the read times out instead of ending. */
    private static boolean stillOpenAfter(Socket s, int ms) throws IOException {
        s.setSoTimeout(ms);
        try {
            s.getInputStream().read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 15 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private double refused() {
        return registry.get("screening.connections.refused").tag("port", "query").counter().count();
    }

    /** Sum of the counts in this handler's lines that match {@code pattern}'s group 1. */
    private long counted(Pattern pattern) {
        long n = 0;
        for (LogRecord r : lines) {
            Matcher m = pattern.matcher(r.getMessage());
            if (m.find()) {
                n += Long.parseLong(m.group(1));
            }
        }
        return n;
    }

    @Test
    void channelRead_limitReached_closesTheNextConnectionAtOnce() throws Exception {
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            held.add(connect());
        }
        await(() -> limit.open() == MAX);

        Socket over = connect();

        assertThat(closedByServer(over)).isTrue();
        await(() -> refused() == 1.0);
        assertThat(limit.open()).isEqualTo(MAX);
        assertThat(registry.get("screening.connections.open").tag("port", "query").gauge().value()).isEqualTo(MAX);
        for (Socket s : held) {
            assertThat(stillOpenAfter(s, 200)).isTrue();
        }
    }

    @Test
    void channelRead_aHeldConnectionCloses_nextOneIsAccepted() throws Exception {
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            held.add(connect());
        }
        await(() -> limit.open() == MAX);
        held.get(0).close();
        await(() -> limit.open() == MAX - 1);

        Socket next = connect();

        assertThat(stillOpenAfter(next, 500)).isTrue();
        assertThat(refused()).isZero();
    }

    @Test
    void channelRead_floodPastTheLimit_rateLimitedLinesCountEveryRefusal() throws Exception {
        for (int i = 0; i < MAX; i++) {
            connect();
        }
        await(() -> limit.open() == MAX);
        int flood = 40;
        for (int i = 0; i < flood; i++) {
            assertThat(closedByServer(connect())).isTrue();
        }
        Pattern refusedLine = Pattern.compile("^query port: refused (\\d+) new connections?: query.maxConnections \\(3\\) are open$");

        // the first line at once, the rest within one interval
        await(() -> counted(refusedLine) == flood);
        assertThat(lines).allSatisfy(r -> {
            assertThat(r.getMessage()).matches(refusedLine);
            assertThat(r.getThrown()).isNull();
        });
        assertThat(lines).hasSizeBetween(1, 2);
        assertThat(refused()).isEqualTo(flood);
    }

    @Test
    void exceptionCaught_acceptFailures_oneLineEachIntervalNoStackTraceAndAcceptingResumes() throws Exception {
        int failures = 100;
        for (int i = 0; i < failures; i++) {
            listening.pipeline().fireExceptionCaught(new IOException("accept(..) failed: Too many open files"));
        }
        Pattern failedLine = Pattern.compile(
                "^query port: (\\d+) accepts? failed \\(accept\\(\\.\\.\\) failed: Too many open files\\); accepting pauses 100 ms after each$");

        await(() -> counted(failedLine) == failures);
        assertThat(lines).allSatisfy(r -> {
            assertThat(r.getMessage()).matches(failedLine);
            assertThat(r.getThrown()).isNull();
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
        });
        assertThat(lines).hasSizeBetween(1, 2);
        assertThat(registry.get("screening.accept.failures").tag("port", "query").counter().count()).isEqualTo(failures);
        await(() -> listening.config().isAutoRead());
        assertThat(stillOpenAfter(connect(), 300)).isTrue();
    }

    @Test
    void open_afterClientsClose_countsDown() throws Exception {
        Socket a = connect();
        connect();
        await(() -> limit.open() == 2);

        a.close();

        await(() -> limit.open() == 1);
    }
}
