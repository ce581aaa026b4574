package screening.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import screening.core.Decision;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.Mode;
import screening.core.NumberingPlan;
import screening.core.Reason;
import screening.core.Screener;
import screening.core.ScreeningPolicy;
import screening.core.Verdict;
import screening.server.snapshot.SnapshotPublisher;
import screening.server.audit.AuditLog;
import screening.server.config.ScreeningConfig;
import screening.server.metrics.ScreeningMetrics;
import screening.server.register.RegisterSources;

class RegisterCommandTest {

    private static final String HEADER = "id,action,match,number,scope,establishment,pin,validFrom,validUntil,reason,"
            + "reference,note\n";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void verify_sampleRegister_exitsZeroWithSummary() throws Exception {
        Path sample = Path.of("..", "config", "sample-register.ndjson");

        assertThat(run("register", "verify", sample.toString())).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).startsWith("OK ").contains("source national, version 1",
                "9 entries (7 BLOCK, 2 ALLOW)");
    }

    @Test
    void verify_badFiles_exitOneWithCauseAndLine() throws Exception {
        String good = Files.readString(Path.of("..", "config", "sample-register.ndjson"));
        String[] lines = good.split("\n");

        assertVerifyFails("", "EMPTY: the file is empty (0 bytes)");
        assertVerifyFails(good.replace("\"entries\":9", "\"entries\":10"),
                "COUNT: line 1: header says entries 10 but the file has 9 entry lines");
        assertVerifyFails(good.replace("SPC/2026/0102", "SPC/2026/0103"), "CHECKSUM: line 1: sha256 does not match");
        assertVerifyFails(good.replace("\"version\":1", "\"version\":-1"),
                "HEADER: line 1: version must be a positive integer");
        // edit line 4 and fix the checksum, as a careless producer would
        String edited = lines[3].replace("\"ESTABLISHMENT\"", "\"REGION\"");
        assertVerifyFails(rechecksum(lines, 3, edited), "ENTRY: line 4: scope has an invalid value");
        String dup = lines[2].replace("+44 113 496 0456", "+44 113 496 0457").replace("000102", "000101");
        assertVerifyFails(rechecksum(lines, 2, dup),
                "DUPLICATE_ID: line 3: id SPC-2026-000101 duplicates the id on line 2");
        String badNumber = lines[5].replace("+4477009009", "+44");
        assertVerifyFails(rechecksum(lines, 5, badNumber), "ENTRY: line 6: number prefix has 2 digits");
    }

    @Test
    void verify_missingFile_exitsTwo() {
        assertThat(run("register", "verify", dir.resolve("nope.ndjson").toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("does not exist");
    }

    @Test
    void build_csv_roundTripsThroughVerifyAndLoads() throws Exception {
        Path csv = dir.resolve("entries.csv");
        Files.writeString(csv, HEADER
                + "A-1,BLOCK,EXACT,07700 900123,NATIONAL,,,,,VICTIM_REQUEST,SPC/1,\n"
                + "A-2,BLOCK,EXACT,\"+44 20 7946 0789\",ESTABLISHMENT,HULL,,2026-01-01T00:00:00Z,,COURT_ORDER,CO/2,"
                + "\"a note, with a comma and \"\"quotes\"\"\nand a line break\"\n"
                + "A-3,allow,EXACT,01632 960001,PIN,,1234,,,LEGAL,,\n");
        Path register = dir.resolve("national.ndjson");

        assertThat(run("register", "build", "--from", csv.toString(), "--source", "national", "--version", "42",
                "--out", register.toString())).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(run("register", "verify", "--source", "national", register.toString())).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("version 42", "3 entries (2 BLOCK, 1 ALLOW)");
        assertThat(Files.readString(register)).contains("\"note\":\"a note, with a comma and \\\"quotes\\\"\\nand a line break\"");

        Screener screener = load(register);
        assertThat(screen(screener, "07700 900123").ref()).isEqualTo("A-1");
        assertThat(screen(screener, "020 7946 0789").ref()).isEqualTo("A-2");
        assertThat(screen(screener, "01632 960001").decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void build_toStdout_writesTheFile() throws Exception {
        Path csv = dir.resolve("entries.csv");
        Files.writeString(csv, "id,action,match,number,scope\nA-1,BLOCK,EXACT,+447700900123,NATIONAL\n");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = run("register", "build", "--from", csv.toString(), "--source", "national", "--version", "1",
                    "--generated", "2026-11-28T12:00:00Z");
        } finally {
            System.setOut(old);
        }

        assertThat(code).isEqualTo(ExitCode.OK);
        String body = "{\"id\":\"A-1\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"+447700900123\","
                + "\"scope\":\"NATIONAL\"}\n";
        assertThat(stdout.toString(StandardCharsets.UTF_8)).endsWith("\n" + body)
                .startsWith("{\"format\":\"screening-register/1\",\"source\":\"national\",\"version\":1,"
                        + "\"generated\":\"2026-11-28T12:00:00Z\",\"entries\":1,\"sha256\":\"");
    }

    @Test
    void build_invalidRow_exitsOneNamingLineAndField() throws Exception {
        assertBuildFails("A-1,BLOCK,EXACT,07700 900123,NATIONAL,,,,,,,\nA-2,BLOCK,EXACT,07700 9OO124,NATIONAL,,,,,,,\n",
                "line 3: number does not normalise");
        assertBuildFails("A-1,BLOCK,EXACT,07700 900123,PIN,,,,,,,\n", "line 2: pin is required for scope PIN");
        assertBuildFails("A-1,BLOK,EXACT,07700 900123,NATIONAL,,,,,,,\n", "line 2: action must be one of BLOCK, ALLOW");
        assertBuildFails("A-1,BLOCK,EXACT,07700 900123,NATIONAL,,,,,,,\nA-1,BLOCK,EXACT,07700 900124,NATIONAL,,,,,,,\n",
                "line 3: id duplicates");
        assertBuildFails("A-1,BLOCK,EXACT,07700 900123,NATIONAL,,,tomorrow,,,,\n",
                "line 2: validFrom must be an ISO-8601 instant");
        assertBuildFails("A-1,BLOCK,EXACT,07700 900123,NATIONAL\n", "line 2: has 5 cells but the header names 12");
        assertBuildFails("\"A-1,BLOCK\n", "line 2: a quoted cell is never closed");
    }

    @Test
    void build_unknownColumn_exitsOne() throws Exception {
        Path csv = dir.resolve("entries.csv");
        Files.writeString(csv, "id,action,colour\n");

        assertThat(run("register", "build", "--from", csv.toString(), "--source", "national", "--version", "1"))
                .isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(err.toString()).contains("line 1: unknown column 'colour'");
    }

    @Test
    void build_badUsage_exitsTwo() throws Exception {
        Path csv = dir.resolve("entries.csv");
        Files.writeString(csv, HEADER);

        assertThat(run("register", "build", "--source", "national", "--version", "1")).isEqualTo(ExitCode.USAGE);
        assertThat(run("register", "build", "--from", csv.toString(), "--source", "national", "--version", "0"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(run("register", "build", "--from", csv.toString(), "--source", "nat/ional", "--version", "1"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(run("register", "build", "--from", dir.resolve("no.csv").toString(), "--source", "national",
                "--version", "1")).isEqualTo(ExitCode.USAGE);
        assertThat(run("register", "build", "--from", csv.toString(), "--source", "national", "--version", "x"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(run("register")).isEqualTo(ExitCode.USAGE);
    }

    private void assertBuildFails(String rows, String message) throws Exception {
        Path csv = dir.resolve("entries.csv");
        Files.writeString(csv, HEADER + rows);
        StringWriter e = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(e, true));

        int code = cl.execute("register", "build", "--from", csv.toString(), "--source", "national", "--version", "1",
                "--out", dir.resolve("out.ndjson").toString());

        assertThat(code).as(e.toString()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(e.toString()).contains(message).doesNotContain("7700 9OO124");
    }

    private void assertVerifyFails(String content, String message) throws Exception {
        Path f = dir.resolve("bad.ndjson");
        Files.writeString(f, content);
        StringWriter e = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(e, true));

        assertThat(cl.execute("register", "verify", f.toString())).as(e.toString()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(e.toString()).startsWith("INVALID ").contains(message);
    }

    private static String rechecksum(String[] lines, int index, String replacement) {
        StringBuilder body = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            body.append(i == index ? replacement : lines[i]).append('\n');
        }
        String header = lines[0].replaceAll("\"sha256\":\"[0-9a-f]{64}\"",
                "\"sha256\":\"" + screening.server.register.RegisterFile.sha256Hex(
                        body.toString().getBytes(StandardCharsets.UTF_8), 0, body.length()) + "\"");
        return header + "\n" + body;
    }

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Screener load(Path register) throws Exception {
        DialledNumberNormaliser n = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
        Screener screener = new Screener(new ScreeningPolicy(Mode.BLOCKLIST, true), n,
                InstantSource.fixed(Instant.parse("2026-11-28T13:00:00Z")));
        SnapshotPublisher publisher = new SnapshotPublisher(screener, List.of(Entry.LOCAL_SOURCE, "national"));
        publisher.update(EntryIndex.empty(Entry.LOCAL_SOURCE), 0).join();
        ScreeningMetrics metrics = new ScreeningMetrics();
        try (RegisterSources sources = new RegisterSources(new ScreeningConfig.Register(List.of(
                new ScreeningConfig.Source("national", register.toUri(), java.time.Duration.ofHours(1))), 50),
                dir.resolve("data"), new EntryValidator(n), publisher, AuditLog.open(dir, metrics), metrics)) {
            sources.loadAtStart();
            assertThat(sources.status().get(0).version()).isEqualTo(42L);
        }
        publisher.close();
        return screener;
    }

    private static Verdict screen(Screener s, String number) {
        Verdict v = new Verdict();
        s.screen("1234", "HULL", number, v);
        assertThat(v.reason()).isNotEqualTo(Reason.UNAVAILABLE);
        return v;
    }
}
