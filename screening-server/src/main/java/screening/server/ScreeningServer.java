package screening.server;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import screening.core.DialledNumberNormaliser;
import screening.core.EmailNormaliser;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.PostalAddressNormaliser;
import screening.core.Screener;
import screening.server.admin.AdminQueries;
import screening.server.admin.AdminRoutes;
import screening.server.admin.AdminServer;
import screening.server.admin.AdminTokens;
import screening.server.admin.AdminWorkers;
import screening.server.admin.ConsoleEndpoints;
import screening.server.console.ConsoleAssets;
import screening.server.console.ConsoleSessions;
import screening.server.admin.JournalAuditReconciler;
import screening.server.admin.AuthFailureAudit;
import screening.server.admin.LocalEntryChanges;
import screening.server.admin.LocalFeed;
import screening.server.audit.AuditLog;
import screening.server.config.ScreeningConfig;
import screening.server.connection.FileDescriptorBudget;
import screening.server.journal.LocalJournal;
import screening.server.metrics.ScreeningMetrics;
import screening.server.query.QueryServer;
import screening.server.register.RegisterSources;
import screening.server.snapshot.SnapshotPublisher;
import screening.server.storage.DataDirectory;
import screening.server.storage.FileOpener;
import screening.server.storage.WriteFaults;
import screening.server.time.TimeSource;

/**
 * A running filter: opens the data directory, loads local entries and the last good copy of every
 * source before listening (SPEC section 7), then starts the query port, the admin port and the
 * register pollers. {@link #close} stops them in the reverse order.
 */
public final class ScreeningServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ScreeningServer.class.getName());

    private final Screener screener;
    private final SnapshotPublisher publisher;
    private final LocalJournal journal;
    private final AuditLog audit;
    private final RegisterSources sources;
    private final ScreeningMetrics metrics;
    private final QueryServer query;
    private final AdminServer admin;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ScreeningServer(Screener screener, SnapshotPublisher publisher, LocalJournal journal, AuditLog audit,
            RegisterSources sources, ScreeningMetrics metrics, QueryServer query, AdminServer admin) {
        this.screener = screener;
        this.publisher = publisher;
        this.journal = journal;
        this.audit = audit;
        this.sources = sources;
        this.metrics = metrics;
        this.query = query;
        this.admin = admin;
    }

    /**
     * Starts a filter on {@code config}; returns once both ports are bound.
     *
     * @param out where the start-up lines (ports, a curl line, a generated token) are printed
     * @param clock the one clock: decisions' validity windows, audit times and pacing, entry times, the
     *     Date header, register polling, connection timeouts
     * @throws IOException when the data directory cannot be created, read or written, or a file in
     *     it cannot be opened (one line naming the path and the reason: SPEC section 15), a port
     *     cannot be bound (naming its key), or the two ports' {@code maxConnections} do not fit in
     *     the process's open-file limit (naming both keys)
     */
    public static ScreeningServer start(ScreeningConfig config, PrintStream out, TimeSource clock)
            throws IOException, InterruptedException {
        return start(config, out, clock, FileOpener.SYSTEM);
    }

    /**
     * As {@link #start(ScreeningConfig, PrintStream, TimeSource)}, with the journal and the audit
     * log opened by {@code opener} (a fault test's failing disk).
     */
    public static ScreeningServer start(ScreeningConfig config, PrintStream out, TimeSource clock,
            FileOpener opener) throws IOException, InterruptedException {
        checkFileDescriptors(config);
        DataDirectory.prepare(config.dataDir());
        ScreeningMetrics metrics = new ScreeningMetrics();
        DialledNumberNormaliser normaliser = new DialledNumberNormaliser(config.numbering());
        EmailNormaliser emails = new EmailNormaliser(config.email());
        PostalAddressNormaliser addresses = new PostalAddressNormaliser();
        EntryValidator validator = new EntryValidator(normaliser, emails, addresses);
        // libphonenumber loads its metadata lazily, at its first parse; pay that before listening, not on
        // the switch's first formatted call
        normaliser.normaliseUncached("+44 (0)113 496 0000");
        normaliser.normaliseUncached("00 1 202 555 0100");
        Screener screener = new Screener(config.policy(), normaliser, emails, addresses, clock);

        List<String> expected = new ArrayList<>();
        expected.add(Entry.LOCAL_SOURCE);
        config.register().sources().forEach(s -> expected.add(s.name()));
        SnapshotPublisher publisher = new SnapshotPublisher(screener, expected);
        publisher.addListener(metrics::snapshotPublished);

        AuditLog audit = openAudit(config.dataDir(), metrics, clock, opener);
        LocalJournal journal = null;
        RegisterSources sources = null;
        QueryServer query = null;
        AdminServer admin = null;
        try {
            journal = openJournal(config.dataDir(), validator, opener);
            reconcile(journal, audit);
            watchStorage(metrics, audit, journal);
            publisher.update(journal.index(), journal.seq()).join();
            RegisterSources.Options d = RegisterSources.Options.DEFAULTS;
            sources = new RegisterSources(config.register(), config.dataDir(), validator, publisher, audit, metrics,
                    new RegisterSources.Options(d.connectTimeout(), d.requestTimeout(), d.maxBackoff(), clock, d.jitter()));
            sources.loadAtStart();

            LocalJournal j = journal;
            RegisterSources src = sources;
            query = listen("query", config.query(), () -> QueryServer.start(config.query(), config.establishment(),
                    screener, metrics, audit, clock));
            SslContext tls = AdminServer.tlsContext(config.admin());
            AdminTokens tokens = AdminTokens.load(config.admin().tokens(), out);
            AdminWorkers workers = new AdminWorkers();
            LocalFeed feed = new LocalFeed(config.node(), j, clock, metrics);
            AuthFailureAudit authFailures = AuthFailureAudit.start(audit, clock);
            ConsoleEndpoints console = new ConsoleEndpoints(tokens, authFailures,
                    new ConsoleSessions(config.admin().sessionTtl(), ConsoleSessions.MAX_SESSIONS_DEFAULT, clock),
                    ConsoleAssets.load(ScreeningServer.class.getClassLoader()), config.admin().tls());
            AdminRoutes routes = new AdminRoutes(tokens,
                    new LocalEntryChanges(validator, screener, publisher, j, audit, clock, workers.writer(), config.node()),
                    new AdminQueries(screener, normaliser, j, src, audit, feed), feed, src,
                    authFailures, workers, console);
            admin = listen("admin", config.admin().listen(),
                    () -> AdminServer.start(config.admin(), screener, metrics, routes, clock, tls));
            sources.start();
            return new ScreeningServer(screener, publisher, journal, audit, sources, metrics, query, admin);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // a failed start leaves no port bound and no writer thread running
            if (query != null) {
                query.close();
            }
            if (admin != null) {
                admin.close();
            }
            if (sources != null) {
                sources.close();
            }
            publisher.close();
            if (journal != null) {
                journal.close();
            }
            audit.close();
            throw e;
        }
    }

    private static AuditLog openAudit(Path dataDir, ScreeningMetrics metrics, TimeSource clock, FileOpener opener)
            throws IOException {
        try {
            return AuditLog.open(dataDir, metrics, clock, opener);
        } catch (FileSystemException e) {
            throw DataDirectory.cannotOpen(dataDir, e);
        }
    }

    private static LocalJournal openJournal(Path dataDir, EntryValidator validator, FileOpener opener)
            throws IOException {
        try {
            return LocalJournal.open(dataDir, validator, opener);
        } catch (FileSystemException e) {
            throw DataDirectory.cannotOpen(dataDir, e);
        }
    }

    /**
     * Audits the changes a crash left without their audit lines. A failure (a full disk) does not
     * stop the start: queries must be answered; the next start tries again.
     */
    private static void reconcile(LocalJournal journal, AuditLog audit) {
        try {
            JournalAuditReconciler.reconcile(journal, audit);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "audit log: could not append the lines that reconcile it with the "
                    + "journal ({0}); the next start tries again", WriteFaults.reason(e));
        }
    }

    private static void watchStorage(ScreeningMetrics metrics, AuditLog audit, LocalJournal journal) {
        metrics.storageFile(AuditLog.LOG_NAME, audit.writeFaults(), w -> w.state() == WriteFaults.State.FULL,
                w -> w.state() == WriteFaults.State.FAILING, WriteFaults::failures);
        metrics.storageFile(LocalJournal.FILE_NAME, journal.faults(), w -> w.state() == WriteFaults.State.FULL,
                w -> w.state() == WriteFaults.State.FAILING, WriteFaults::failures);
    }

    /** Refuses a config whose two connection limits do not fit in the process's open-file limit. */
    private static void checkFileDescriptors(ScreeningConfig config) throws IOException {
        long limit = FileDescriptorBudget.processLimit();
        if (limit < 0) {
            LOG.log(System.Logger.Level.WARNING, "cannot read this process's open-file limit: "
                    + "query.maxConnections + admin.maxConnections not checked against it");
            return;
        }
        String problem = FileDescriptorBudget.problem(config.query().connections().maxConnections(),
                config.admin().connections().maxConnections(), limit);
        if (problem != null) {
            throw new IOException(problem);
        }
    }

    private interface Bind<T> {
        T bind() throws InterruptedException;
    }

    /** Binds a port, turning a bind failure into an IOException that names the config key. */
    private static <T> T listen(String key, ScreeningConfig.Listen listen, Bind<T> bind)
            throws IOException, InterruptedException {
        try {
            return bind.bind();
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked-style from sync()
            throw new IOException(key + ".port: cannot listen on " + listen.bind() + ":" + listen.port() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The screener answering the query port. */
    public Screener screener() {
        return screener;
    }

    /** The local journal (entries pushed on the admin port). */
    public LocalJournal journal() {
        return journal;
    }

    /** The audit log. */
    public AuditLog audit() {
        return audit;
    }

    /** The metrics registry behind {@code /metrics}. */
    public ScreeningMetrics metrics() {
        return metrics;
    }

    /** Where the query port is bound. */
    public InetSocketAddress queryAddress() {
        return query.address();
    }

    /** Where the admin port is bound. */
    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    /**
     * Stops accepting, answers what is in flight, then closes sources, journal and audit log.
     * Idempotent; blocks up to a few seconds; never call it on an event loop.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        query.close();
        admin.close();
        sources.close();
        publisher.close();
        journal.close();
        audit.close();
    }
}
