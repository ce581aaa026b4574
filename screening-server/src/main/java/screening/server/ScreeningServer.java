package screening.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.Screener;
import screening.server.admin.AdminRoutes;
import screening.server.admin.AdminServer;
import screening.server.audit.AuditLog;
import screening.server.config.ScreeningConfig;
import screening.server.journal.LocalJournal;
import screening.server.metrics.ScreeningMetrics;
import screening.server.query.QueryServer;
import screening.server.register.RegisterSources;

/**
 * A running filter: opens the data directory, loads local entries and the last good copy of every
 * source before listening (SPEC section 7), then starts the query port, the admin port and the
 * register pollers. {@link #close} stops them in the reverse order.
 */
public final class ScreeningServer implements AutoCloseable {

    private final ScreeningServices services;
    private final QueryServer query;
    private final AdminServer admin;

    private ScreeningServer(ScreeningServices services, QueryServer query, AdminServer admin) {
        this.services = services;
        this.query = query;
        this.admin = admin;
    }

    /**
     * Starts a filter on {@code config}; returns once both ports are bound.
     *
     * @param out where the start-up lines (ports, a curl line, a generated token) are printed
     */
    public static ScreeningServer start(ScreeningConfig config, PrintStream out, InstantSource clock)
            throws IOException, InterruptedException {
        Files.createDirectories(config.dataDir());
        ScreeningMetrics metrics = new ScreeningMetrics();
        DialledNumberNormaliser normaliser = new DialledNumberNormaliser(config.numbering());
        EntryValidator validator = new EntryValidator(normaliser);
        Screener screener = new Screener(config.policy(), normaliser, clock);

        List<String> expected = new ArrayList<>();
        expected.add(Entry.LOCAL_SOURCE);
        config.register().sources().forEach(s -> expected.add(s.name()));
        SnapshotPublisher publisher = new SnapshotPublisher(screener, expected);
        publisher.addListener(metrics::snapshotPublished);

        AuditLog audit = AuditLog.open(config.dataDir(), metrics);
        LocalJournal journal = LocalJournal.open(config.dataDir(), validator);
        publisher.update(journal.index(), journal.seq()).join();
        RegisterSources sources = new RegisterSources(config.register(), config.dataDir(), validator,
                publisher, audit, metrics);
        sources.loadAtStart();

        ScreeningServices services = new ScreeningServices(config, screener, validator, publisher, journal,
                audit, sources, metrics);
        QueryServer query = QueryServer.start(services);
        AdminServer admin = AdminServer.start(services, new AdminRoutes(services, out));
        sources.start();
        return new ScreeningServer(services, query, admin);
    }

    /** The running filter's parts. */
    public ScreeningServices services() {
        return services;
    }

    /** Where the query port is bound. */
    public InetSocketAddress queryAddress() {
        return query.address();
    }

    /** Where the admin port is bound. */
    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    /** Stops accepting, answers what is in flight, then closes sources, journal and audit log. */
    @Override
    public void close() {
        query.close();
        admin.close();
        services.sources().close();
        services.publisher().close();
        services.journal().close();
        services.audit().close();
    }
}
