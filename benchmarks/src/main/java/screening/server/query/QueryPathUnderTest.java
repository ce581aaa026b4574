package screening.server.query;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import screening.core.Screener;
import screening.server.audit.AuditLog;
import screening.server.metrics.ScreeningMetrics;

/**
 * The one seam between {@link QueryPathBenchmark} and the query server: a channel whose pipeline
 * is the query port's own ({@link QueryChannelInitializer}), answering from {@code screener},
 * with real metrics and a real audit log in a temp directory (so a blocked call also pays for its
 * contact-attempt offer). Called from benchmark set-up and tear-down only; one at a time.
 */
final class QueryPathUnderTest implements AutoCloseable {

    final EmbeddedChannel channel;
    private final AuditLog audit;
    private final Path dataDir;

    private QueryPathUnderTest(EmbeddedChannel channel, AuditLog audit, Path dataDir) {
        this.channel = channel;
        this.audit = audit;
        this.dataDir = dataDir;
    }

    /**
     * @param screener the screener with a published snapshot
     * @param establishment the config's establishment, used when a query names none
     */
    static QueryPathUnderTest open(Screener screener, String establishment) {
        try {
            Path dir = Files.createTempDirectory("query-path-bench");
            ScreeningMetrics metrics = new ScreeningMetrics();
            AuditLog audit = AuditLog.open(dir, metrics);
            EmbeddedChannel ch = new EmbeddedChannel();
            new QueryChannelInitializer(screener, establishment, metrics, audit).init(ch.pipeline());
            return new QueryPathUnderTest(ch, audit, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        audit.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
