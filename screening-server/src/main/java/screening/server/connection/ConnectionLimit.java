package screening.server.connection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import screening.server.time.TimeSource;

/**
 * One port's connection limit (SPEC section 15), as the handler of its listening channel
 * ({@code ServerBootstrap.handler}): it sees each accepted connection before Netty's acceptor
 * registers it. Past {@code maxConnections} open, a new connection is closed at once, unregistered
 * (no pipeline is built for it), counted in {@code screening_connections_refused_total{port}} and
 * reported in a rate-limited log line.
 *
 * <p>It is also the listening channel's error handler. A failed accept ("Too many open files") is
 * counted in {@code screening_accept_failures_total{port}}, reported in the same rate-limited way
 * (one line, no stack trace), and pauses accepting for {@link #ACCEPT_PAUSE_MS}, as Netty's acceptor
 * would for a second; the error goes no further, so Netty logs no stack trace for it.
 *
 * <p>Its handler methods run on the listening channel's event loop; {@link #open} is thread-safe.
 * Nothing here blocks.
 */
public final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    /**
     * How long accepting pauses after a failed accept: long enough not to spin on a listening
     * socket whose pending connection cannot be taken, short enough to take it soon after a
     * descriptor is free.
     */
    public static final long ACCEPT_PAUSE_MS = 100;

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter refused;
    private final Counter acceptFailures;
    private final RefusalLog log;
    private final ChannelFutureListener closed = f -> open.decrementAndGet();
    // made before any accept can fail: loading a class may need a file descriptor
    private Runnable resume;

    /**
     * @param port the port's name in metrics and log lines ({@code query} or {@code admin})
     * @param maxConnections how many connections may be open at once
     * @param clock paces the log lines
     * @param registry where this port's connection meters are registered
     */
    public ConnectionLimit(String port, int maxConnections, TimeSource clock, MeterRegistry registry) {
        this.max = maxConnections;
        this.log = new RefusalLog(port, port + ".maxConnections", maxConnections, clock);
        Gauge.builder("screening.connections.open", open, AtomicInteger::get)
                .description("open connections (SPEC section 15 limits them per port)")
                .tag("port", port).register(registry);
        this.refused = Counter.builder("screening.connections.refused")
                .description("new connections closed at once because the port's maxConnections were open")
                .tag("port", port).register(registry);
        this.acceptFailures = Counter.builder("screening.accept.failures")
                .description("accepts that failed (e.g. no file descriptor left); accepting pauses briefly after each")
                .tag("port", port).register(registry);
    }

    /** How many connections this port has open now. */
    public int open() {
        return open.get();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Channel listening = ctx.channel();
        resume = () -> listening.config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.increment();
            child.unsafe().closeForcibly();
            log.refused(ctx.executor());
            return;
        }
        child.closeFuture().addListener(closed);
        ctx.fireChannelRead(child);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        acceptFailures.increment();
        log.acceptFailed(ctx.executor(), cause);
        if (ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(resume, ACCEPT_PAUSE_MS, TimeUnit.MILLISECONDS);
        }
    }
}
