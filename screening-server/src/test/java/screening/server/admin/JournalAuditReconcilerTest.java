package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.Action;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.MatchType;
import screening.core.NumberingPlan;
import screening.core.Scope;
import screening.server.audit.AuditChain;
import screening.server.audit.AuditLog;
import screening.server.journal.LocalJournal;
import screening.server.metrics.ScreeningMetrics;

class JournalAuditReconcilerTest {

    @TempDir
    Path dir;

    final EntryValidator validator = new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));

    static Entry entry(String id, String number) {
        return new Entry(id, Action.BLOCK, MatchType.EXACT, number, Scope.NATIONAL, null, null, null, null,
                "VICTIM_REQUEST", null, null, Entry.LOCAL_SOURCE, "spoc-hull", Instant.parse("2026-11-28T13:00:00Z"));
    }

    /** A change as the admin writer makes it: the journal record, then its audit line. */
    static void pushAudited(LocalJournal j, AuditLog a, Entry e) throws Exception {
        j.add(List.of(e), seq -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("entry", e);
            d.put("reason", e.reason());
            a.append(AuditLog.EventType.ENTRY_ADDED, "spoc-hull", d);
        });
    }

    @Test
    void reconcile_journalAndAuditInStep_appendsNothing() throws Exception {
        try (AuditLog a = AuditLog.open(dir, new ScreeningMetrics()); LocalJournal j = LocalJournal.open(dir, validator)) {
            pushAudited(j, a, entry("A", "07700 900001"));
            j.remove("A", seq -> a.append(AuditLog.EventType.ENTRY_REMOVED, "spoc-hull", Map.of("entry", entry("A", "07700 900001"))));
            pushAudited(j, a, entry("B", "07700 900002"));
        }
        try (AuditLog a = AuditLog.open(dir, new ScreeningMetrics()); LocalJournal j = LocalJournal.open(dir, validator)) {
            assertThat(a.entriesAtOpen()).containsOnlyKeys("B");

            JournalAuditReconciler.Result r = JournalAuditReconciler.reconcile(j, a);

            assertThat(r.none()).isTrue();
            assertThat(a.lastSeq()).isEqualTo(3);
        }
    }

    @Test
    void reconcile_addWithoutItsLine_appendsReconciledEntryAddedBySystem() throws Exception {
        try (AuditLog a = AuditLog.open(dir, new ScreeningMetrics()); LocalJournal j = LocalJournal.open(dir, validator)) {
            pushAudited(j, a, entry("A", "07700 900001"));
            j.add(List.of(entry("B", "07700 900002"))); // the crash came before its audit line
        }
        try (AuditLog a = AuditLog.open(dir, new ScreeningMetrics()); LocalJournal j = LocalJournal.open(dir, validator)) {
            JournalAuditReconciler.Result r = JournalAuditReconciler.reconcile(j, a);

            assertThat(r.added()).containsExactly("B");
            assertThat(r.removed()).isEmpty();
            JsonNode line = a.read(1, 10).get(0);
            assertThat(line.path("type").asText()).isEqualTo("ENTRY_ADDED");
            assertThat(line.path("actor").asText()).isEqualTo(AuditLog.SYSTEM_ACTOR);
            assertThat(line.path("reconciled").asBoolean()).isTrue();
            assertThat(line.path("reason").asText()).isEqualTo("VICTIM_REQUEST");
            assertThat(line.path("entry").path("id").asText()).isEqualTo("B");
            assertThat(line.path("entry").path("createdBy").asText()).isEqualTo("spoc-hull");
        }
        assertThat(AuditChain.verify(dir).ok()).isTrue();
        try (AuditLog a = AuditLog.open(dir, new ScreeningMetrics()); LocalJournal j = LocalJournal.open(dir, validator)) {
            assertThat(JournalAuditReconciler.reconcile(j, a).none()).as("once is enough").isTrue();
        }
    }

    @Test
    void reconcile_removalWithoutItsLine_appendsReconciledEntryRemovedWithTheEntryAsAudited() throws Exception {
        try (AuditLog a = AuditLog.open(dir, new ScreeningMetrics()); LocalJournal j = LocalJournal.open(dir, validator)) {
            pushAudited(j, a, entry("A", "07700 900001"));
            pushAudited(j, a, entry("B", "07700 900002"));
            j.remove("A"); // the crash came before its audit line
            j.compact(); // the comparison needs no journal history
        }
        try (AuditLog a = AuditLog.open(dir, new ScreeningMetrics()); LocalJournal j = LocalJournal.open(dir, validator)) {
            JournalAuditReconciler.Result r = JournalAuditReconciler.reconcile(j, a);

            assertThat(r.removed()).containsExactly("A");
            assertThat(r.added()).isEmpty();
            JsonNode line = a.read(2, 10).get(0);
            assertThat(line.path("type").asText()).isEqualTo("ENTRY_REMOVED");
            assertThat(line.path("actor").asText()).isEqualTo(AuditLog.SYSTEM_ACTOR);
            assertThat(line.path("reconciled").asBoolean()).isTrue();
            assertThat(line.path("entry").path("id").asText()).isEqualTo("A");
            assertThat(line.path("entry").path("number").asText()).isEqualTo("07700 900001");
        }
        assertThat(AuditChain.verify(dir).ok()).isTrue();
    }
}
