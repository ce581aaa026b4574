package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static screening.server.register.RegisterFiles.block;
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

class RegisterFileTest {

    private final EntryValidator validator = new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));

    @Test
    void parse_goodFile_fillsProvenanceFromHeader() throws Exception {
        RegisterFile rf = RegisterFile.parse(file("national", 7, blocks(0, 3)), "national", 0, validator);

        assertThat(rf.header().version()).isEqualTo(7);
        assertThat(rf.index().size()).isEqualTo(3);
        Entry e = rf.index().get("SPC-001");
        assertThat(e.source()).isEqualTo("national");
        assertThat(e.createdBy()).isEqualTo("system");
        assertThat(e.createdAt()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
    }

    @Test
    void parse_headerOnlyWithZeroEntries_isAnExplicitEmptyList() throws Exception {
        RegisterFile rf = RegisterFile.parse(file("national", 1, List.of()), "national", 0, validator);

        assertThat(rf.index().size()).isZero();
    }

    @Test
    void parse_crlfLineEnds_accepted() throws Exception {
        String body = block(1) + "\r\n" + block(2) + "\r\n";
        byte[] f = (RegisterFiles.header("national", 1, 2, RegisterFiles.sha256(body)) + "\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);

        assertThat(RegisterFile.parse(f, "national", 0, validator).index().size()).isEqualTo(2);
    }

    @Test
    void parse_lastLineWithoutNewline_accepted() throws Exception {
        String body = block(1) + "\n" + block(2);
        byte[] f = (RegisterFiles.header("national", 1, 2, RegisterFiles.sha256(body)) + "\n" + body)
                .getBytes(StandardCharsets.UTF_8);

        assertThat(RegisterFile.parse(f, "national", 0, validator).index().size()).isEqualTo(2);
    }

    @Test
    void parse_emptyOrBlank_refusedAsEmpty() {
        assertRefused(new byte[0], RefusalCause.EMPTY, "the file is empty (0 bytes)");
        assertRefused(" \n\n".getBytes(StandardCharsets.UTF_8), RefusalCause.EMPTY, "the file holds only whitespace");
    }

    @Test
    void parse_headerWithoutNewline_refusedAsHeader() {
        assertRefused("{\"format\":\"x\"}", RefusalCause.HEADER, "line 1: the header line must end with a newline");
    }

    @Test
    void parse_headerProblem_refusedAsHeaderBeforeTheBodyIsRead() {
        String body = "not an entry\n";
        assertRefused(RegisterFiles.header("national", 1, 5, RegisterFiles.sha256("")).replace("/1", "/2") + "\n" + body,
                RefusalCause.HEADER, "line 1: format must be \"screening-register/1\"");
    }

    @Test
    void parse_blankLineInside_refusedNamingTheLine() {
        String body = block(1) + "\n\n" + block(2) + "\n";
        byte[] f = (RegisterFiles.header("national", 1, 3, RegisterFiles.sha256(body)) + "\n" + body)
                .getBytes(StandardCharsets.UTF_8);

        assertRefused(f, RefusalCause.ENTRY, "line 3: empty line (one entry per line, no blank lines)");
    }

    @Test
    void parse_blankLineAtTheEnd_refusedNamingTheLine() {
        String body = block(1) + "\n" + block(2) + "\n\n";
        byte[] f = (RegisterFiles.header("national", 1, 3, RegisterFiles.sha256(body)) + "\n" + body)
                .getBytes(StandardCharsets.UTF_8);

        assertRefused(f, RefusalCause.ENTRY, "line 4: empty line (one entry per line, no blank lines)");
    }

    @Test
    void parse_entryProblems_refusedNamingLineAndField() {
        assertEntryRefused(block(1).replace("\"BLOCK\"", "\"BLCK\""), "line 3: action has an invalid value");
        assertEntryRefused(block(1).replace("}", ",\"colour\":\"red\"}"), "line 3: unknown field 'colour'");
        assertEntryRefused(block(1).replace("}", ",\"source\":\"local\"}"),
                "line 3: source must be absent (the filter fills it in)");
        assertEntryRefused(block(1).replace("\"NATIONAL\"", "\"PIN\""), "line 3: pin is required for scope PIN");
        assertEntryRefused("{\"id\":\"X\",\"number\":7700900123}", "line 3: number has an invalid value");
        assertEntryRefused("{\"id\":\"X\",", "line 3: not valid JSON");
        assertEntryRefused(block(1) + " " + block(2), "line 3: more than one JSON value on the line");
        assertEntryRefused(block(1) + "]", "line 3: not valid JSON (column " + (block(1).length() + 1) + ")");
        assertEntryRefused("{\"id\":\"X\",\"number\":07700}", "line 3: not valid JSON (column 21)");
        assertEntryRefused("null", "line 3: must be a JSON object of entry fields");
    }

    @Test
    void parse_messages_neverHoldTheNumber() {
        String bad = block(1).replace("+447700900001", "+447700900001x");
        byte[] f = file("national", 2, List.of(block(0), bad));

        assertThatThrownBy(() -> RegisterFile.parse(f, "national", 0, validator))
                .hasMessageNotContaining("7700900001");
    }

    @Test
    void parse_versionNotAboveLoaded_refusedAsVersion() {
        assertThatThrownBy(() -> RegisterFile.parse(file("national", 5, blocks(0, 2)), "national", 5, validator))
                .isInstanceOfSatisfying(RegisterRefusedException.class,
                        ex -> assertThat(ex.refusalCause()).isEqualTo(RefusalCause.VERSION));
    }

    private void assertEntryRefused(String line, String message) {
        byte[] f = file("national", 1, List.of(block(0), line));
        assertRefused(f, RefusalCause.ENTRY, message);
    }

    private void assertRefused(String text, RefusalCause cause, String message) {
        assertRefused(text.getBytes(StandardCharsets.UTF_8), cause, message);
    }

    private void assertRefused(byte[] bytes, RefusalCause cause, String message) {
        assertThatThrownBy(() -> RegisterFile.parse(bytes, "national", 0, validator))
                .isInstanceOfSatisfying(RegisterRefusedException.class, ex -> {
                    assertThat(ex.refusalCause()).isEqualTo(cause);
                    assertThat(ex.getMessage()).isEqualTo(message);
                });
    }
}
