package screening.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One open-model run against one target: requests go out on a fixed schedule (request {@code i}
 * is due at {@code start + i / rate}) whatever the answers do, pipelined over keep-alive
 * connections, and each latency is measured from the request's due time, so a stalled server is
 * charged for every request it delayed (no coordinated omission).
 *
 * <p>{@link #run} blocks the calling thread for the run's length (warm-up, duration, then at most
 * the grace period for the last answers) and returns the result; the event loops it starts are
 * shut down before it returns.
 */
final class LoadRun {

    /*
     * Threads: the caller is the scheduler (it builds each request, queues what is due and hands
     * it to the connection's event loop); the event loops read answers. A connection's pending
     * queue is filled by the scheduler and drained by its event loop in the order written, which
     * HTTP/1.1 pipelining keeps for answers. Counters and histograms are written only by the event
     * loop and read after it has shut down.
     */

    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(15);
    private static final ByteBuf DENY = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("\"decision\":\"DENY\"", StandardCharsets.US_ASCII));
    private static final ByteBuf ALLOW = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("\"decision\":\"ALLOW\"", StandardCharsets.US_ASCII));

    /** What one run measured. Latencies in nanoseconds from the due time; counts of measured requests only. */
    record Result(String url, long sent, long answered, long non200, long mismatches, long failed,
            double achievedPerSecond, Histogram latency) {
        long errors() {
            return non200 + mismatches + failed;
        }
    }

    private record Pending(long dueNanos, boolean expectDeny, boolean measured) {
    }

    private LoadRun() {
    }

    /**
     * @param target where to send ({@code 127.0.0.1} and a port)
     * @param options the schedule
     * @param mix the numbers, fresh for this run (same seed for a compared run)
     * @throws InterruptedException if interrupted while connecting or waiting
     * @throws java.io.IOException if a connection cannot be opened
     */
    static Result run(LoadTool.Target target, LoadTool.Options options, RequestMix mix)
            throws InterruptedException, java.io.IOException {
        int threads = Math.min(options.connections(), Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        Connection[] connections = new Connection[options.connections()];
        try {
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000);
            for (int i = 0; i < connections.length; i++) {
                Connection c = new Connection();
                Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 16), c);
                    }
                });
                var connect = b.connect(new InetSocketAddress(LoadTool.LOOPBACK, target.port()),
                        new InetSocketAddress(LoadTool.LOOPBACK, 0)).await();
                if (!connect.isSuccess()) {
                    throw new java.io.IOException("cannot connect to " + target.url() + ": " + connect.cause().getMessage());
                }
                c.channel = connect.channel();
                connections[i] = c;
            }
            return schedule(target, options, mix, connections);
        } finally {
            for (Connection c : connections) {
                if (c != null) {
                    c.channel.close();
                }
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private static Result schedule(LoadTool.Target target, LoadTool.Options options, RequestMix mix,
            Connection[] connections) throws InterruptedException {
        double intervalNanos = 1e9 / options.rate();
        long warmupCount = (long) (options.rate() * options.warmup().toNanos() / 1e9);
        long total = warmupCount + (long) (options.rate() * options.duration().toNanos() / 1e9);
        String head = " HTTP/1.1\r\nHost: " + target.hostHeader() + "\r\n\r\n";
        String query = "/v1/screen?pin=" + options.pin()
                + (options.establishment() != null ? "&establishment=" + options.establishment() : "") + "&number=";
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        boolean[] touched = new boolean[connections.length];
        long notSent = 0;
        long i = 0;
        while (i < total) {
            long now = System.nanoTime();
            long due = Math.min(total, (long) ((now - start) / intervalNanos) + 1);
            if (now < start || i >= due) {
                LockSupport.parkNanos(start + (long) (i * intervalNanos) - now);
                continue;
            }
            for (; i < due; i++) {
                RequestMix.Request r = mix.next();
                int k = (int) (i % connections.length);
                Connection c = connections[k];
                boolean measured = i >= warmupCount;
                if (!c.channel.isActive()) {
                    if (measured) {
                        notSent++;
                    }
                    continue;
                }
                byte[] bytes = ("GET " + query + RequestMix.urlEncode(r.dialled()) + head).getBytes(StandardCharsets.US_ASCII);
                c.pending.add(new Pending(start + (long) (i * intervalNanos), r.blocked(), measured));
                c.channel.write(Unpooled.wrappedBuffer(bytes), c.channel.voidPromise());
                touched[k] = true;
            }
            for (int k = 0; k < connections.length; k++) {
                if (touched[k]) {
                    connections[k].channel.flush();
                    touched[k] = false;
                }
            }
            if (allInactive(connections)) {
                break;
            }
        }
        long measuredTotal = total - warmupCount;
        // the last answers: wait for them, but never past the grace period
        long deadline = System.nanoTime() + options.grace().toNanos();
        while (System.nanoTime() < deadline && outstanding(connections) > 0 && !allInactive(connections)) {
            Thread.sleep(5);
        }
        for (Connection c : connections) {
            c.channel.close().await(2, TimeUnit.SECONDS);
        }
        Histogram latency = new Histogram(1_000, HIGHEST_NANOS, 3);
        long answered = 0;
        long non200 = 0;
        long mismatches = 0;
        long lastAnswer = start;
        for (Connection c : connections) {
            // close() above ran on the event loop; its answers and counters are final now
            c.channel.eventLoop().submit(() -> { }).await(2, TimeUnit.SECONDS);
            latency.add(c.latency);
            answered += c.answered;
            non200 += c.non200;
            mismatches += c.mismatches;
            lastAnswer = Math.max(lastAnswer, c.lastAnswerNanos);
        }
        long measuredStart = start + (long) (warmupCount * intervalNanos);
        double seconds = Math.max(1e-9, (lastAnswer - measuredStart) / 1e9);
        long failed = measuredTotal - answered;
        return new Result(target.url(), measuredTotal - notSent, answered, non200, mismatches, failed,
                answered / seconds, latency);
    }

    private static boolean allInactive(Connection[] connections) {
        for (Connection c : connections) {
            if (c.channel.isActive()) {
                return false;
            }
        }
        return true;
    }

    private static long outstanding(Connection[] connections) {
        long n = 0;
        for (Connection c : connections) {
            n += c.pending.size();
        }
        return n;
    }

    /** One keep-alive connection: its pending requests, in the order written, and what it measured. */
    private static final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
        final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
        final Histogram latency = new Histogram(1_000, HIGHEST_NANOS, 3);
        volatile Channel channel;
        long answered;
        long non200;
        long mismatches;
        long lastAnswerNanos;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            long now = System.nanoTime();
            Pending p = pending.poll();
            if (p == null) {
                ctx.close(); // an answer nobody asked for: the connection is out of step
                return;
            }
            if (!p.measured()) {
                return;
            }
            answered++;
            lastAnswerNanos = now;
            latency.recordValue(Math.min(HIGHEST_NANOS, Math.max(1_000, now - p.dueNanos())));
            if (!response.status().equals(HttpResponseStatus.OK)) {
                non200++;
                return;
            }
            ByteBuf body = response.content();
            boolean deny = ByteBufUtil.indexOf(DENY, body) >= 0;
            boolean allow = ByteBufUtil.indexOf(ALLOW, body) >= 0;
            if (deny == allow || deny != p.expectDeny()) {
                mismatches++;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // its unanswered requests count as failed
        }
    }
}
