package screening.server;

import screening.core.EntryValidator;
import screening.core.Screener;
import screening.server.audit.AuditLog;
import screening.server.config.ScreeningConfig;
import screening.server.journal.LocalJournal;
import screening.server.metrics.ScreeningMetrics;
import screening.server.register.RegisterSources;

/**
 * Everything a running filter is made of, for the servers to call into. Built once at start by
 * {@link ScreeningServer}.
 */
public record ScreeningServices(
        ScreeningConfig config,
        Screener screener,
        EntryValidator validator,
        SnapshotPublisher publisher,
        LocalJournal journal,
        AuditLog audit,
        RegisterSources sources,
        ScreeningMetrics metrics) {
}
