package screening.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import screening.server.audit.AuditLog;
import screening.server.metrics.ScreeningMetrics;

class AuditCommandTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();

    int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl.execute(args);
    }

    void writeEvents(int n) throws Exception {
        try (AuditLog a = AuditLog.open(dir, new ScreeningMetrics())) {
            for (int i = 0; i < n; i++) {
                a.append(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "192.0.2." + i));
            }
        }
    }

    @Test
    void verify_intactChain_exit0WithSummary() throws Exception {
        writeEvents(5);
        assertThat(run("audit", "verify", "--data-dir", dir.toString())).isZero();
        assertThat(out.toString()).contains("chain intact, 5 events");
    }

    @Test
    void verify_editedLine_exit1NamingTheNextSeq() throws Exception {
        writeEvents(5);
        Path log = dir.resolve(AuditLog.LOG_NAME);
        Files.writeString(log, Files.readString(log).replace("192.0.2.2", "192.0.2.7"));
        assertThat(run("audit", "verify", "--data-dir", dir.toString())).isEqualTo(1);
        // line 3 was edited, so line 4's prev no longer matches
        assertThat(out.toString()).contains("BROKEN at seq 4");
    }

    @Test
    void verify_lineThatDoesNotParse_exit1NamingIt() throws Exception {
        writeEvents(5);
        Path log = dir.resolve(AuditLog.LOG_NAME);
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        lines.set(1, lines.get(1).substring(0, 20));
        Files.write(log, lines, StandardCharsets.UTF_8);
        assertThat(run("audit", "verify", "--data-dir", dir.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("BROKEN at seq 2").contains("does not parse");
    }

    @Test
    void verify_lastLineRemoved_exit1ByTheHead() throws Exception {
        writeEvents(5);
        Path log = dir.resolve(AuditLog.LOG_NAME);
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        Files.write(log, lines.subList(0, 4), StandardCharsets.UTF_8);
        assertThat(run("audit", "verify", "--data-dir", dir.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("BROKEN at seq 5");
    }

    @Test
    void verify_emptyDataDir_exit0() {
        assertThat(run("audit", "verify", "--data-dir", dir.toString())).isZero();
        assertThat(out.toString()).contains("0 events");
    }

    @Test
    void audit_noSubcommand_exit2() {
        assertThat(run("audit")).isEqualTo(2);
    }
}
