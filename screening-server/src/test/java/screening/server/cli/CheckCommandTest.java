package screening.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.Action;
import screening.core.Entry;
import screening.core.MatchType;
import screening.core.Scope;
import screening.server.ScreeningServer;
import screening.server.TestFilter;
import screening.server.journal.LocalJournal;

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
    void check_emailAndAddress_printQueryJsonWithCanonicalForm() throws IOException {
        Path config = TestFilter.writeConfig(dir, "");
        List<String> entries = new java.util.ArrayList<>(TestFilter.ENTRIES);
        entries.add("{\"id\":\"SPC-E-1\",\"action\":\"BLOCK\",\"match\":\"DOMAIN\",\"email\":\"example.net\","
                + "\"scope\":\"NATIONAL\"}");
        entries.add("{\"id\":\"SPC-A-1\",\"action\":\"BLOCK\",\"match\":\"EXACT\","
                + "\"address\":\"Flat 3, 12 Rose Street, Hull, ZZ1 1AA\",\"scope\":\"NATIONAL\"}");
        TestFilter.writeRegister(dir, "national", 7, entries);

        Run email = run("check", "--config", config.toString(), "--pin", "1234", "--email", "Jo <JO+x@Mail.Example.NET>");
        Run address = run("check", "--config", config.toString(), "--pin", "1234", "--address", "12 rose st, zz1 1aa");
        Run invalid = run("check", "--config", config.toString(), "--pin", "1234", "--address", "12 Rose Street");

        assertThat(email.exit()).isZero();
        assertThat(email.out().strip()).isEqualTo("{\"decision\":\"DENY\",\"reason\":\"BLOCKED\",\"ref\":\"SPC-E-1\","
                + "\"email\":\"jo@mail.example.net\",\"version\":7}");
        assertThat(address.out().strip()).isEqualTo("{\"decision\":\"DENY\",\"reason\":\"BLOCKED\",\"ref\":\"SPC-A-1\","
                + "\"address\":\"ZZ1 1AA|12|\",\"version\":7}");
        assertThat(invalid.out().strip()).isEqualTo("{\"decision\":\"DENY\",\"reason\":\"INVALID_ADDRESS\",\"version\":7}");
    }

    @Test
    void check_numberAndEmail_exits2NamingTheOptions() throws IOException {
        Run r = run("check", "--config", TestFilter.writeConfig(dir, "").toString(), "--pin", "1234",
                "--number", "07700900123", "--email", "jo@example.org");

        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("error: --number, --email, --address: give exactly one");
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

    @Test
    void check_tornJournalTail_leavesEveryByteOfTheDataDirectoryUnchanged() throws Exception {
        Path config = TestFilter.writeConfig(dir, "");
        Path data = dir.resolve("data");
        try (ScreeningServer s = TestFilter.start(dir)) { // every file a running filter makes
            s.journal().add(List.of(local("L-1", "07700 900311")));
            s.journal().add(List.of(local("L-2", "07700 900322")));
        }
        Path journal = data.resolve(LocalJournal.FILE_NAME);
        try (RandomAccessFile raf = new RandomAccessFile(journal.toFile(), "rw")) {
            raf.setLength(raf.length() - 5); // L-2's record is torn
        }
        Map<String, String> before = hashes(data);

        Child first = check(config, "07700 900311");
        Child torn = check(config, "07700 900322");

        assertThat(first.exit).as(first.err).isZero();
        assertThat(first.out).contains("\"reason\":\"BLOCKED\"").contains("\"ref\":\"L-1\"");
        assertThat(torn.exit).as(torn.err).isZero();
        assertThat(torn.out).contains("\"reason\":\"NOT_BLOCKED\"");
        assertThat(hashes(data)).isEqualTo(before);
    }

    @Test
    void check_noCopyOfTheSourceYet_fetchesWithoutWritingToTheDataDirectory() throws Exception {
        Path config = TestFilter.writeConfig(dir, "");

        Run r = run("check", "--config", config.toString(), "--pin", "1234", "--number", "07700 900123");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"reason\":\"BLOCKED\"");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    private record Child(int exit, String out, String err) {
    }

    /** Runs {@code check} in a child JVM, as an operator would beside a running filter. */
    private static Child check(Path config, String number) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = Files.createTempFile("check", ".out");
        Path err = Files.createTempFile("check", ".err");
        try {
            Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", classpath, Main.class.getName(),
                    "check", "--config", config.toString(), "--pin", "1234", "--number", number)
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The SHA-256 of every file under {@code root}, by relative path. */
    private static Map<String, String> hashes(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                out.put(root.relativize(p).toString(), Files.isRegularFile(p)
                        ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)))
                        : "dir");
            }
        }
        return out;
    }

    private static Entry local(String id, String number) {
        return new Entry(id, Action.BLOCK, MatchType.EXACT, number, Scope.NATIONAL, null, null, null, null,
                "VICTIM_REQUEST", null, null, Entry.LOCAL_SOURCE, "spoc-hull", Instant.parse("2026-11-28T13:00:00Z"));
    }
}
