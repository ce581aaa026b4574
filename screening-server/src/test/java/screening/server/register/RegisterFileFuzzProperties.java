package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.NumberingPlan;
import screening.server.BoundedRun;
import screening.server.EntryJsonArbitraries;
import screening.server.EscapedBytes;

/**
 * Fuzzes the reading of a register file's entry lines: files of one to four lines (valid NDJSON
 * entries, plain or spaced, with CR or blank endings; entries with faulty fields; the same with
 * byte-level edits; raw text and bytes) under a header whose count and SHA-256 match, so that the
 * line readers are reached, and now and then a broken header.
 *
 * <p>Properties, per file: {@link RegisterFile#parse} gives every line's entry, or a
 * {@link RegisterRefusedException} that names the line (entry causes) or the header; never
 * another exception, and within {@link #LIMIT_MS}. It agrees with the reference reader
 * ({@link ReferenceEntryReader#read}, Jackson over the whole body): the same entries, or the same
 * cause and message; reading with the loaded index as a hint changes nothing. And per line, what
 * the fast reader ({@link EntryLineParser}) accepts is exactly the reference reader's entry for
 * that line, with or without a hint.
 *
 * <p>Tries: jqwik's default ({@code jqwik.tries.default}, 1,000 unless set); the {@code fuzz}
 * Maven profile sets 1,000,000.
 */
class RegisterFileFuzzProperties {

    static final long LIMIT_MS = 10_000;

    private static final EntryValidator VALIDATOR = new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));
    private static final String SOURCE = "national";
    private static final Instant GENERATED = Instant.parse("2026-11-28T12:00:00Z");
    private static final Set<RefusalCause> LINE_CAUSES = EnumSet.of(RefusalCause.ENTRY, RefusalCause.DUPLICATE_ID);
    private static final Pattern LINE = Pattern.compile("line ([0-9]+): \\S.*", Pattern.DOTALL);
    private static BoundedRun bounded;

    @BeforeContainer
    static void start() {
        bounded = new BoundedRun(LIMIT_MS);
    }

    @AfterContainer
    static void stop() {
        bounded.close();
    }

    /** What one file came to: the outcome, and how many of its lines the fast reader took. */
    record Outcome(String file, int fastLines) {
    }

    // no edge cases: jqwik would build up to one per try up front, a million of them in the fuzz profile
    @Property(edgeCases = EdgeCasesMode.NONE)
    void parse_anyFile_entriesOrRefusalNamingTheLine_asTheReferenceReads(@ForAll("files") RegisterBytes file)
            throws Exception {
        Outcome o = bounded.call(() -> check(file.bytes()));
        Statistics.label("file").collect(o.file());
        Statistics.label("lines the fast reader took").collect(o.fastLines());
    }

    private static Outcome check(byte[] bytes) throws Exception {
        int nl = RegisterFile.indexOf(bytes, (byte) '\n', 0);
        long lines = nl < 0 ? 0 : RegisterFile.countLines(bytes, nl + 1);
        RegisterFile file = null;
        RegisterRefusedException refused = null;
        try {
            file = RegisterFile.parse(bytes, SOURCE, 1, VALIDATOR);
        } catch (RegisterRefusedException e) {
            refused = e;
        }
        if (file != null) {
            assertThat(file.index().size()).as("one entry a line").isEqualTo(lines);
            for (Entry e : file.index().entries()) {
                assertThat(e.source()).isEqualTo(SOURCE);
                assertThat(e.createdBy()).isEqualTo("system");
                assertThat(e.createdAt()).isEqualTo(GENERATED);
            }
        } else {
            assertThat(refused.getMessage()).isNotBlank();
            if (LINE_CAUSES.contains(refused.refusalCause())) {
                Matcher m = LINE.matcher(refused.getMessage());
                assertThat(m.matches()).as("names the line: %s", refused.getMessage()).isTrue();
                assertThat(Long.parseLong(m.group(1))).as("a line of the body").isBetween(2L, lines + 1);
            }
        }
        int fast = 0;
        if (file != null || LINE_CAUSES.contains(refused.refusalCause())) {
            // the header passed: the reference reader must come to the same end
            RegisterHeader header = RegisterHeader.parse(bytes, nl, SOURCE);
            EntryIndex reference = null;
            RegisterRefusedException referenceRefused = null;
            try {
                reference = ReferenceEntryReader.read(bytes, nl + 1, lines, header, VALIDATOR);
            } catch (RegisterRefusedException e) {
                referenceRefused = e;
            }
            if (file != null) {
                assertThat(reference).as("the reference reader accepts it too: %s", referenceRefused).isNotNull();
                assertThat(file.index().entries()).isEqualTo(reference.entries());
                RegisterFile again = RegisterFile.parse(bytes, SOURCE, 1, VALIDATOR, reference);
                assertThat(again.index().entries()).as("read again with the loaded index as hints").isEqualTo(reference.entries());
            } else {
                assertThat(referenceRefused).as("the reference reader refuses it too").isNotNull();
                assertThat(referenceRefused.refusalCause()).isEqualTo(refused.refusalCause());
                assertThat(referenceRefused.getMessage()).isEqualTo(refused.getMessage());
            }
            fast = eachLineAsTheReference(bytes, nl + 1, header);
        }
        return new Outcome(file != null ? "accepted" : refused.refusalCause().name(), fast);
    }

    /** Each line the fast reader takes is the reference reader's entry for it; returns how many it took. */
    private static int eachLineAsTheReference(byte[] bytes, int bodyStart, RegisterHeader header) {
        EntryLineParser fast = new EntryLineParser(SOURCE, "system", GENERATED);
        int taken = 0;
        int start = bodyStart;
        while (start < bytes.length) {
            int end = RegisterFile.indexOf(bytes, (byte) '\n', start);
            if (end < 0) {
                end = bytes.length;
            }
            Entry f = fast.parse(bytes, start, end, null);
            if (f != null) {
                taken++;
                Entry reference = ReferenceEntryReader.readLine(bytes, start, end, header);
                assertThat(f).as("line %s", new String(bytes, start, end - start, StandardCharsets.ISO_8859_1))
                        .isEqualTo(reference);
                assertThat(fast.parse(bytes, start, end, reference)).as("with the entry itself as the hint").isEqualTo(reference);
            }
            start = end + 1;
        }
        return taken;
    }

    // ---- files -----------------------------------------------------------------------------------

    /** One register file's bytes. */
    record RegisterBytes(byte[] bytes) {
        @Override
        public String toString() {
            return "RegisterBytes[" + bytes.length + " bytes: \"" + EscapedBytes.of(bytes, 4_000) + "\"]";
        }
    }

    @Provide
    Arbitrary<RegisterBytes> files() {
        Arbitrary<byte[]> plain = Combinators.combine(Arbitraries.of(0, 0, 0, 0, 2, 5, 20), Arbitraries.of(false, false, true))
                .flatAs(EntryJsonArbitraries::entry).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> raw = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.strings().withChars("{}[]\":,0123456789 \t\\unlBLOCKidtrue").ofMaxLength(120)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(120)),
                Tuple.of(1, Arbitraries.of(ODD_LINES).map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.of(OTHER_ENCODINGS)));
        Arbitrary<byte[]> line = Arbitraries.frequencyOf(Tuple.of(14, plain), Tuple.of(3, EntryJsonArbitraries.edited(plain)),
                Tuple.of(2, raw));
        Arbitrary<String> ending = Arbitraries.of("\n", "\n", "\n", "\n", "\n", "\n", "\r\n", " \n", "\t\n", "\n\n");
        Arbitrary<byte[]> body = Combinators.combine(line, ending).as(RegisterFileFuzzProperties::concat)
                .list().ofMinSize(1).ofMaxSize(4)
                .map(l -> l.stream().reduce(new byte[0], RegisterFileFuzzProperties::concat));
        Arbitrary<Boolean> lastNewline = Arbitraries.integers().between(0, 9).map(n -> n != 0);
        Arbitrary<Integer> header = Arbitraries.integers().between(0, 39); // 0 to 5: a broken header of some kind
        return Combinators.combine(body, lastNewline, header).as(RegisterFileFuzzProperties::file).map(RegisterBytes::new);
    }

    private static final List<String> ODD_LINES = List.of("", " ", "{}", "[]", "null", "{\"id\":\"L-1\"} {}",
            "{\"id\":\"L-1\"}{\"id\":\"L-2\"}", "{\"id\":\"L-1\",}", "{\"id\":\"L-1\"", "{\"id\":\"L-1\",\"id\":\"L-2\"}",
            "{\"source\":\"other\"}", "{\"createdBy\":\"spoc-hull\"}", "{\"createdAt\":\"2026-01-01T00:00:00Z\"}",
            "{\"id\":\"L-1\"}\r", "{\"id\":\"L-1\"}\r\r", "\r{\"id\":\"L-1\"}", "{\"id\":\"L-1\"\r}", "{\"id\":null}",
            "{\"validFrom\":\"2026-11-28T12:00:00.Z\"}", "{\"validFrom\":\"2026-02-30T12:00:00Z\"}",
            "{\"validFrom\":\"2026-11-28T24:00:00Z\"}", "{\"validFrom\":\"2026-11-28T12:00:60Z\"}",
            "{\"validFrom\":\"2026-11-28t12:00:00z\"}", "{\"validFrom\":\"2026-11-28T12:00:00.1234567890Z\"}",
            "{\"action\":\"BLOCK \"}", "{\"action\":\"BLOC\"}", "{\"action\":\"BLOCKS\"}", "{\"action\":\"Block\"}",
            "{\"action\":\"\\u0042LOCK\"}", "{\"note\":\"caf\u00e9\"}", "{\"note\":\"\u0000\"}", "{\"note\":\"a\\\"b\"}",
            "{\"number\":nul}", "{\"number\":nulll}", "{\"number\":null,\"number\":null}", "{\"pin\":\"\",\"scope\":\"PIN\"}",
            "{ \"id\" : \"L-1\" , \"action\" : \"BLOCK\" }", "{\t\"id\":\"L-1\"\t}", "\t{\"id\":\"L-1\"}",
            "{\"id\":\"L-1\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900777\",\"scope\":\"NATIONAL\"}",
            "{\"id\":\"L-1\",\"action\":\"BLOCK\",\"match\":\"PREFIX\",\"number\":\"+447700\",\"scope\":\"NATIONAL\"}",
            "{\"id\":\"L-1\",\"action\":\"ALLOW\",\"match\":\"EXACT\",\"number\":\"01632 960321\",\"scope\":\"PIN\",\"pin\":\"1234\","
                    + "\"validFrom\":\"2026-01-01T00:00:00Z\",\"validUntil\":\"2027-01-01T00:00:00.5Z\"}");

    private static final String VALID = "{\"id\":\"U-1\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900777\","
            + "\"scope\":\"NATIONAL\"}";

    /** A valid entry in the encodings Jackson would detect, with and without a byte order mark, and in UTF-8 with one. */
    private static final List<byte[]> OTHER_ENCODINGS = List.of(VALID.getBytes(StandardCharsets.UTF_16BE),
            VALID.getBytes(StandardCharsets.UTF_16LE), VALID.getBytes(StandardCharsets.UTF_16),
            concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, VALID.getBytes(StandardCharsets.UTF_16LE)),
            concat(new byte[] {0, 0}, VALID.getBytes(StandardCharsets.UTF_16BE)),
            concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, VALID.getBytes(StandardCharsets.UTF_8)),
            concat(new byte[] {0}, VALID.getBytes(StandardCharsets.UTF_8)));

    /** The header (6 in 40 broken: count, checksum, version, source or the line itself) and the body. */
    private static byte[] file(byte[] body, boolean lastNewline, int header) {
        byte[] b = lastNewline || body.length == 0 || body[body.length - 1] != '\n' ? body : Arrays.copyOf(body, body.length - 1);
        long lines = RegisterFile.countLines(b, 0);
        String sha = RegisterFile.sha256Hex(b, 0, b.length);
        RegisterHeader h = switch (header) {
            case 0 -> new RegisterHeader(SOURCE, 2, GENERATED, lines + 1, sha);
            case 1 -> new RegisterHeader(SOURCE, 2, GENERATED, lines, "0".repeat(64));
            case 2 -> new RegisterHeader(SOURCE, 1, GENERATED, lines, sha);
            case 3 -> new RegisterHeader("regional", 2, GENERATED, lines, sha);
            default -> new RegisterHeader(SOURCE, 2, GENERATED, lines, sha);
        };
        byte[] line = switch (header) {
            case 4 -> "{\"format\":\"screening-register/1\"".getBytes(StandardCharsets.US_ASCII);
            case 5 -> new byte[0];
            default -> h.toJson();
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(line);
        out.write('\n');
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, String b) {
        return concat(a, b.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
