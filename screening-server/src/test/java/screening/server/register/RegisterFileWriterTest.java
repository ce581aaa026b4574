package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.server.register.RegisterFiles.blocks;
import static screening.server.register.RegisterFiles.file;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.NumberingPlan;

class RegisterFileWriterTest {

    private final EntryValidator validator = new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));

    @Test
    void render_thenParse_roundTrips() throws Exception {
        List<Entry> entries = RegisterFile.parse(file("national", 1, blocks(0, 5)), null, 0, validator)
                .index().entries().stream().map(e -> e.withProvenance(null, null, null)).toList();

        byte[] out = RegisterFileWriter.render("national", 9, Instant.parse("2026-11-28T12:00:00Z"), entries);

        RegisterFile back = RegisterFile.parse(out, "national", 0, validator);
        assertThat(back.header().version()).isEqualTo(9);
        assertThat(back.index().entries()).extracting(Entry::id)
                .containsExactly("SPC-000", "SPC-001", "SPC-002", "SPC-003", "SPC-004");
    }

    @Test
    void render_entries_isTheFileWrittenByHand() throws Exception {
        List<Entry> entries = RegisterFile.parse(file("national", 1, blocks(0, 3)), null, 0, validator)
                .index().entries().stream().map(e -> e.withProvenance(null, null, null)).toList();

        byte[] out = RegisterFileWriter.render("national", 4, Instant.parse("2026-11-28T12:00:00Z"), entries);

        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo(new String(file("national", 4, blocks(0, 3)), StandardCharsets.UTF_8));
    }

    @Test
    void render_noEntries_isAHeaderLineOnly() {
        byte[] out = RegisterFileWriter.render("national", 1, Instant.parse("2026-11-28T12:00:00Z"), List.of());

        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo(RegisterFiles.header("national", 1, 0, RegisterFiles.sha256("")) + "\n");
    }
}
