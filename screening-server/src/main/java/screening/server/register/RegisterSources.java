package screening.server.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.server.SnapshotPublisher;
import screening.server.audit.AuditLog;
import screening.server.config.ScreeningConfig;
import screening.server.json.Json;
import screening.server.metrics.ScreeningMetrics;

/**
 * Every configured register source: loads the last good copies at start, polls each source on a
 * thread of its own, validates, and hands good files to the {@link SnapshotPublisher}.
 *
 * <p>PLACEHOLDER (issue 5): reads each {@code file:} or {@code classpath:} source once at start,
 * with no validation beyond parsing, and never polls.
 */
public final class RegisterSources implements AutoCloseable {

    private final ScreeningConfig.Register config;
    private final EntryValidator validator;
    private final SnapshotPublisher publisher;

    public RegisterSources(ScreeningConfig.Register config, Path dataDir, EntryValidator validator,
            SnapshotPublisher publisher, AuditLog audit, ScreeningMetrics metrics) {
        this.config = config;
        this.validator = validator;
        this.publisher = publisher;
    }

    /** Loads what is available without waiting on the network (start-up, before listening). */
    public void loadAtStart() throws IOException {
        for (ScreeningConfig.Source s : config.sources()) {
            String url = s.url().toString();
            InputStream in;
            if (url.startsWith("classpath:")) {
                in = RegisterSources.class.getClassLoader().getResourceAsStream(url.substring("classpath:".length()));
            } else {
                in = Files.newInputStream(Path.of(s.url()));
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                JsonNode header = Json.MAPPER.readTree(r.readLine());
                EntryIndex.Builder b = EntryIndex.builder(s.name(), validator);
                String line;
                while ((line = r.readLine()) != null) {
                    Entry e = Json.MAPPER.readValue(line, Entry.class);
                    b.add(e.withProvenance(s.name(), "system", e.createdAt()));
                }
                publisher.update(b.build(), header.get("version").asLong()).join();
            }
        }
    }

    /** Starts polling every source at its interval. */
    public void start() {
    }

    /** Polls every source now; {@code force} overrides the shrink guard for this one load. */
    public void pollNow(boolean force) {
    }

    /** The status of every source, in config order. */
    public List<SourceStatus> status() {
        return new ArrayList<>();
    }

    @Override
    public void close() {
    }
}
