package screening.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.TestFilter;

class CheckCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void check_blockedNumber_printsQueryJsonAndExits0() throws IOException {
        Path config = TestFilter.writeConfig(dir, "");

        Run r = run("check", "--config", config.toString(), "--pin", "1234", "--number", "07700 900123");

        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).isEqualTo("{\"decision\":\"DENY\",\"reason\":\"BLOCKED\",\"ref\":\"SPC-2026-000101\","
                + "\"number\":\"+447700900123\",\"version\":7}");
    }

    @Test
    void check_otherEstablishment_allowsEstablishmentBlock() throws IOException {
        Path config = TestFilter.writeConfig(dir, "");

        Run r = run("check", "--config", config.toString(), "--pin", "1234", "--number", TestFilter.BLOCKED_AT_HULL,
                "--establishment", "LEEDS");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"reason\":\"NOT_BLOCKED\"");
    }

    @Test
    void check_badPin_exits2NamingOption() throws IOException {
        Path config = TestFilter.writeConfig(dir, "");

        Run r = run("check", "--config", config.toString(), "--pin", "12 34", "--number", "07700900123");

        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("error: --pin:").doesNotContain("07700900123");
    }

    @Test
    void check_missingNumber_exits2() throws IOException {
        Run r = run("check", "--config", TestFilter.writeConfig(dir, "").toString(), "--pin", "1234");

        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--number");
    }

    @Test
    void check_badConfig_exits2NamingKey() throws IOException {
        Path config = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(config, "establishment: HULL\nmode: sometimes\n");

        Run r = run("check", "--config", config.toString(), "--pin", "1234", "--number", "07700900123");

        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("error: mode:");
    }
}
