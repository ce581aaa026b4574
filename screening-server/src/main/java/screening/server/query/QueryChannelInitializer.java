package screening.server.query;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import screening.core.Screener;
import screening.server.audit.AuditLog;
import screening.server.connection.ConnectionTimeouts;
import screening.server.metrics.ScreeningMetrics;

/**
 * The query port's pipeline: {@link QueryRequestDecoder} (our own HTTP/1.1 request decoder:
 * request line and headers each limited to 8 KiB, one reused head object per request), then
 * {@link QueryHandler}. Responses are whole {@code ByteBuf}s written by the handler, so no
 * encoder sits in the pipeline; the port's timeouts are kept by the handler. Called on the event
 * loop, once per connection.
 */
public final class QueryChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** Request line limit (RFC 9112 suggests at least 8000 octets). */
    public static final int MAX_INITIAL_LINE_BYTES = 8 * 1024;
    /** Header block limit (SPEC section 4: over 8 KiB is 431). */
    public static final int MAX_HEADER_BYTES = 8 * 1024;

    private final Screener screener;
    private final String establishment;
    private final ScreeningMetrics metrics;
    private final AuditLog audit;
    private final ConnectionTimeouts timeouts;

    /**
     * A pipeline without timeouts, for an {@code EmbeddedChannel} (tests, benchmarks).
     *
     * @param screener decides
     * @param establishment the config's establishment, used when a request names none
     * @param metrics where decisions and failures are counted
     * @param audit where contact attempts are offered (without waiting)
     */
    public QueryChannelInitializer(Screener screener, String establishment, ScreeningMetrics metrics, AuditLog audit) {
        this(screener, establishment, metrics, audit, null);
    }

    /**
     * The query port's pipeline, its connections timed by {@code timeouts} (null: not timed).
     */
    public QueryChannelInitializer(Screener screener, String establishment, ScreeningMetrics metrics, AuditLog audit,
            ConnectionTimeouts timeouts) {
        this.screener = screener;
        this.establishment = establishment;
        this.metrics = metrics;
        this.audit = audit;
        this.timeouts = timeouts;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        init(ch.pipeline());
    }

    /** Adds the decoder and handler to {@code p} (tests use an {@code EmbeddedChannel}'s). */
    public void init(ChannelPipeline p) {
        QueryRequestDecoder decoder = new QueryRequestDecoder();
        p.addLast("decoder", decoder);
        p.addLast("handler", new QueryHandler(decoder, timeouts, screener, establishment, metrics, audit));
    }
}
