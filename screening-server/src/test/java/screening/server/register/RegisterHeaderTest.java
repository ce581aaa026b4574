package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RegisterHeaderTest {

    private static final String SHA = RegisterFiles.sha256("");

    @Test
    void parse_goodHeader_givesEveryField() throws Exception {
        RegisterHeader h = parse(RegisterFiles.header("national", 7, 3, SHA), "national");

        assertThat(h).isEqualTo(new RegisterHeader("national", 7, Instant.parse("2026-11-28T12:00:00Z"), 3, SHA));
    }

    @Test
    void parse_noExpectedSource_acceptsAnyWellFormedName() throws Exception {
        assertThat(parse(RegisterFiles.header("regional-2", 1, 0, SHA), null).source()).isEqualTo("regional-2");
    }

    @Test
    void parse_problems_refusedAsHeaderOnLineOneNamingTheField() {
        String good = RegisterFiles.header("national", 1, 0, SHA);
        assertRefused("not json", "line 1: the header is not valid JSON (column 1)");
        assertRefused("[1]", "line 1: the header must be a JSON object");
        assertRefused(good.replace("}", ",\"x\":1}"), "line 1: unknown header field 'x'");
        assertRefused(good.replace("/1", "/2"), "line 1: format must be \"screening-register/1\"");
        assertRefused(RegisterFiles.header("national", 0, 0, SHA), "line 1: version must be a positive integer");
        assertRefused(good.replace("\"version\":1", "\"version\":\"1\""), "line 1: version must be a positive integer");
        assertRefused(good.replace("2026-11-28T12:00:00Z", "yesterday"),
                "line 1: generated must be an ISO-8601 instant such as 2026-11-28T12:00:00Z");
        assertRefused(RegisterFiles.header("national", 1, -1, SHA), "line 1: entries must be a non-negative integer");
        assertRefused(RegisterFiles.header("national", 1, 0, SHA.toUpperCase()),
                "line 1: sha256 must be 64 lowercase hex digits");
        assertRefused(RegisterFiles.header("nat/ional", 1, 0, SHA),
                "line 1: source must be a name of 1 to 64 of [A-Za-z0-9_-]");
        assertRefused(good.replace(",\"sha256\":\"" + SHA + "\"", ""), "line 1: sha256 must be 64 lowercase hex digits");
    }

    @Test
    void parse_otherSourceThanConfigured_refusedNamingBoth() {
        assertThatThrownBy(() -> parse(RegisterFiles.header("regional", 1, 0, SHA), "national"))
                .isInstanceOfSatisfying(RegisterRefusedException.class, ex -> {
                    assertThat(ex.refusalCause()).isEqualTo(RefusalCause.HEADER);
                    assertThat(ex.getMessage())
                            .isEqualTo("line 1: source is 'regional' but this source is configured as 'national'");
                });
    }

    @Test
    void toJson_anyHeader_isTheLineSpecSixShows() {
        RegisterHeader h = new RegisterHeader("national", 1234, Instant.parse("2026-11-28T12:00:00Z"), 4123, SHA);

        assertThat(new String(h.toJson(), StandardCharsets.UTF_8)).isEqualTo(RegisterFiles.header("national", 1234, 4123, SHA));
    }

    @Test
    void toJson_thenParse_givesTheSameHeader() throws Exception {
        RegisterHeader h = new RegisterHeader("national", 9, Instant.parse("2026-11-28T12:00:00.5Z"), 0, SHA);

        byte[] json = h.toJson();

        assertThat(RegisterHeader.parse(json, json.length, "national")).isEqualTo(h);
    }

    private static RegisterHeader parse(String line, String expectedSource) throws RegisterRefusedException {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        return RegisterHeader.parse(b, b.length - 1, expectedSource);
    }

    private static void assertRefused(String line, String message) {
        assertThatThrownBy(() -> parse(line, "national"))
                .isInstanceOfSatisfying(RegisterRefusedException.class, ex -> {
                    assertThat(ex.refusalCause()).isEqualTo(RefusalCause.HEADER);
                    assertThat(ex.getMessage()).isEqualTo(message);
                });
    }
}
