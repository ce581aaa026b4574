package screening.server.query;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import screening.core.Screener;

/**
 * The one seam between {@link QueryPathBenchmark} and the query server: a channel whose pipeline
 * is the query port's, answering from {@code screener}. Called from benchmark set-up only.
 *
 * <p>ADAPT AT MERGE (issue 3): on this branch no query-server initializer exists (QueryServer is
 * a placeholder), so this returns {@link StandInQueryHandler}'s pipeline. The server branch has
 * {@code QueryChannelInitializer(Screener, String establishment, ScreeningMetrics, AuditLog)}
 * with {@code init(ChannelPipeline)}; at merge build the channel from it and delete
 * StandInQueryHandler and StandInQueryServer:
 * <pre>
 * EmbeddedChannel ch = new EmbeddedChannel();
 * new QueryChannelInitializer(screener, establishment, metrics, audit).init(ch.pipeline());
 * </pre>
 * with {@code metrics = new ScreeningMetrics()} and {@code audit = AuditLog.open(tempDir, metrics)}
 * opened in the benchmark's set-up and closed (temp dir deleted) in its tear-down. Mind that
 * {@code blocked()} then offers one contact attempt to the audit log per call. Its responses are
 * whole ByteBufs, which {@code roundTrip} already reads; the benchmark itself does not change.
 */
final class QueryPathUnderTest {

    /** Whether the pipeline is the stand-in rather than the real query server's. */
    static final boolean STAND_IN = true;

    private QueryPathUnderTest() {
    }

    /**
     * @param screener the screener with a published snapshot
     * @param establishment the config's establishment, used when a query names none
     */
    static EmbeddedChannel open(Screener screener, String establishment) {
        return new EmbeddedChannel(new HttpServerCodec(), new StandInQueryHandler(screener, establishment));
    }
}
