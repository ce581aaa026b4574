package screening.server.query;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import screening.core.Screener;

/**
 * The one seam between {@link QueryPathBenchmark} and the query server: a channel whose pipeline
 * is the query port's, answering from {@code screener}. Called from benchmark set-up only.
 *
 * <p>ADAPT AT MERGE (issue 3): today no query-server initializer exists (QueryServer is a
 * placeholder), so this returns {@link StandInQueryHandler}'s pipeline. When the query server
 * exposes its channel initializer, build the channel from it here, e.g.
 * {@code new EmbeddedChannel(new QueryChannelInitializer(services))}, and delete the stand-in;
 * the benchmark itself does not change.
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
