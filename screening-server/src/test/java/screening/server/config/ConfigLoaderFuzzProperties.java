package screening.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
import screening.server.BoundedRun;
import screening.server.EscapedBytes;

/**
 * Fuzzes {@link ConfigLoader#load} with YAML files: documents built from SPEC section 11's key
 * tree with good values, values of the wrong type or out of range, unknown, misspelt and repeated
 * keys, tags, anchors and aliases, block and flow styles and deep nesting; the same with
 * byte-level edits (flips, truncation, tabs and indentation, duplication); and raw text and bytes
 * (invalid UTF-8, UTF-16, control characters).
 *
 * <p>Each file gives a {@link ScreeningConfig} or a {@link ConfigException} whose message is one
 * line that names a key (or says the file is not valid YAML); never another exception, and
 * within {@link #LIMIT_MS}.
 *
 * <p>Tries: jqwik's default ({@code jqwik.tries.default}, 1,000 unless set); the {@code fuzz}
 * Maven profile sets 1,000,000.
 */
class ConfigLoaderFuzzProperties {

    static final long LIMIT_MS = 10_000;

    private static Path dir;
    private static Path file;
    private static BoundedRun bounded;

    @BeforeContainer
    static void start() throws IOException {
        // a memory file system where there is one: a million writes to a disk cost more than the loads
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "config-fuzz") : Files.createTempDirectory("config-fuzz");
        file = dir.resolve("screening.yaml");
        bounded = new BoundedRun(LIMIT_MS);
    }

    @AfterContainer
    static void stop() throws IOException {
        bounded.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // no edge cases: jqwik would build up to one per try up front, a million of them in the fuzz profile
    @Property(edgeCases = EdgeCasesMode.NONE)
    void load_anyFile_configOrOneLineNamingTheKey(@ForAll("files") Yaml yaml) throws Exception {
        Statistics.collect(bounded.call(() -> load(yaml.bytes())));
    }

    /** Loads {@code bytes} from the file; returns "loaded", or the refused key's first path segment. */
    private static String load(byte[] bytes) throws IOException {
        Files.write(file, bytes);
        try {
            ScreeningConfig c = ConfigLoader.load(file);
            assertThat(c.establishment()).matches("[A-Z0-9]{2,8}");
            return "loaded";
        } catch (ConfigException e) {
            String m = e.getMessage();
            assertThat(m).as("a message").isNotBlank();
            assertThat(LINE_BREAK_OR_CONTROL.matcher(m).find()).as("one line without control characters: %s", m).isFalse();
            assertThat(NAMES_A_KEY.matcher(m).lookingAt() || m.contains(UNKNOWN_KEY))
                    .as("names a key or says the YAML is invalid: %s", m).isTrue();
            return m.contains(UNKNOWN_KEY) ? "unknown key" : m.substring(0, m.indexOf(':'));
        }
    }

    /** Line breaks (Java's \\R) and control characters; a tab, which YAML's own messages quote from the line, is allowed. */
    private static final Pattern LINE_BREAK_OR_CONTROL = Pattern.compile("[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f\\u2028\\u2029]");
    private static final String UNKNOWN_KEY = ": unknown key (expected one of ";
    private static final String INDEX = "(\\[[0-9]+\\])";
    /** A path of the key tree, then ": "; or "config: " for what concerns the whole file. */
    private static final Pattern NAMES_A_KEY = Pattern.compile("(config|"
            + "establishment|mode|failClosed|dataDir|node|email"
            + "|numbering(\\.(defaultRegion|stripPrefixes" + INDEX + "?|outsideLinePrefix|minPrefixDigits))?"
            + "|query(\\.(bind|port|maxConnections|idleTimeout|requestTimeout))?"
            + "|admin(\\.(bind|port|maxConnections|idleTimeout|requestTimeout|maxBodyBytes|sessionTtl"
            + "|tls(\\.(certificate|privateKey))?"
            + "|tokens(" + INDEX + "(\\.(name|role|sha256))?)?))?"
            + "|register(\\.(sources(" + INDEX + "(\\.(name|url|pollInterval|tokenFile|maxShrinkPercent))?)?|maxShrinkPercent))?"
            + "|log(\\.(format|level))?"
            + "): ");

    // ---- documents -------------------------------------------------------------------------------

    /** One config file's bytes. */
    record Yaml(byte[] bytes) {
        @Override
        public String toString() {
            return "Yaml[" + bytes.length + " bytes: \"" + EscapedBytes.of(bytes, 4_000) + "\"]";
        }
    }

    /** A YAML node: a scalar (or any flow text) as written, a sequence, or a mapping whose keys may repeat. */
    sealed interface Node permits Scalar, Seq, Mapping {
    }

    record Scalar(String text) implements Node {
    }

    record Seq(List<Node> items, boolean flow) implements Node {
    }

    record Mapping(List<Map.Entry<String, Node>> entries, boolean flow) implements Node {
    }

    @Provide
    Arbitrary<Yaml> files() {
        Arbitrary<byte[]> document = document().map(d -> render(d).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> edited = Combinators.combine(document, edit().list().ofMinSize(1).ofMaxSize(3))
                .as(ConfigLoaderFuzzProperties::edit);
        Arbitrary<byte[]> raw = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.strings().withChars("establishmode: \n-\t[]{},\"'#&*!|>?%@`0123456789HUL")
                        .ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(100).map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)),
                Tuple.of(1, Arbitraries.of(ODD_FILES).map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.of(ODD_ENCODINGS)));
        return Arbitraries.frequencyOf(Tuple.of(6, document), Tuple.of(3, edited), Tuple.of(1, raw)).map(Yaml::new);
    }

    private static final List<String> ODD_FILES = List.of("", "\n", "---\n", "...\n", "~\n", "null\n", "[]\n",
            "- establishment: HULL\n", "establishment\n", "establishment:\n", "\"establishment\": HULL",
            "---\nestablishment: HULL\n---\nestablishment: LEEDS\n", "%YAML 1.2\n---\nestablishment: HULL\n",
            "%TAG ! tag:example.org,2026:\n---\nestablishment: !x HULL\n", "establishment: HULL\n\t mode: allowlist\n",
            "? establishment\n: HULL\n", "? [a, b]\n: c\n", "{establishment: HULL, mode: allowlist}",
            "establishment: HULL # comment\n# only a comment", "<<: {establishment: HULL}\n",
            "base: &b {establishment: HULL}\n<<: *b\n", "establishment: *missing\n",
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                    + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
            "establishment: &e HULL\ndataDir: *e\n", "establishment: !!binary SFVMTA==\n",
            "establishment: !!python/object:os.system x\n", "establishment: !<tag:yaml.org,2002:str> HULL\n",
            "establishment: HULL\nestablishment: LEEDS\n", "establishment: \"HULL\n", "establishment: 'HULL\n",
            "establishment: |\n  HULL\n", "establishment: >-\n  HULL\n", "establishment: \"\\ud800\"\n",
            "establishment: \"\\U0010FFFF\"\n", "establishment: \"\\x00\"\n", "establishment: HULL\u0000\n",
            "\ufeffestablishment: HULL\n", "establishment: HULL\r\nmode: allowlist\r\n", "establishment: HULL\rmode: x\r",
            "establishment: " + "[".repeat(2_000) + "]".repeat(2_000) + "\n",
            "establishment: " + "{a: ".repeat(2_000) + "b" + "}".repeat(2_000) + "\n",
            "x: " + "- ".repeat(500) + "y\n", "establishment: " + "H".repeat(100_000) + "\n",
            "\"" + "k".repeat(60_000) + "\": 1\n");

    private static final List<byte[]> ODD_ENCODINGS = List.of(
            "establishment: HULL\n".getBytes(StandardCharsets.UTF_16),
            "establishment: HULL\n".getBytes(StandardCharsets.UTF_16LE),
            "establishment: H\u00dcLL\n".getBytes(StandardCharsets.ISO_8859_1),
            new byte[] {'e', 's', 't', ':', ' ', (byte) 0xC3, '\n'},
            new byte[] {'e', ':', ' ', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'},
            new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0, 'e', 0, 0, 0},
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, ':', ' ', 'x'});

    /**
     * A document of the key tree in which each key is, with probability {@code percent}, given a
     * bad value, a value of the wrong type, left out, repeated or joined by an unknown key; at a
     * low rate most documents have one or two faults, so every key's own check is reached.
     */
    private static Arbitrary<Node> document() {
        return Arbitraries.of(0, 2, 5, 20).flatMap(percent -> new Faults(percent).document());
    }

    /** The generators of one fault rate. */
    private record Faults(int percent) {

        Arbitrary<Node> document() {
            Arbitrary<Node> token = mapping(
                    field("name", 3, "spoc-hull", "auditor.1", "spoc-leeds", "", "a b", "x".repeat(65), "-lead"),
                    field("role", 2, "security", "auditor", "Security", "admin", ""),
                    field("sha256", 1, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                            "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", "9f86d0", "z".repeat(64)));
            Arbitrary<Node> source = mapping(
                    field("name", 3, "national", "regional-2", "peer-a", "local", "", "a/b"),
                    field("url", 5, "file:/srv/register/national.ndjson", "https://register.example.org/national.ndjson",
                            "http://register.example.org:8080/r", "classpath:config/sample-register.ndjson",
                            "\"http://[::1]:8700/r\"", "file:relative", "file://host/share/r", "https://",
                            "ftp://register.example.org/r", "classpath:", "%%", "\"\"", "\"file:/a b\"",
                            "mailto:spoc@example.org", "file:/"),
                    field("pollInterval", 4, "5s", "500ms", "1m", "2h", "0s", "5", "5d", "999999999h", "1234567890s", "-5s",
                            "5 s"),
                    field("maxShrinkPercent", 3, "100", "0", "50", "101", "-1", "\"50\"", "null"));
            Arbitrary<Node> numbering = mapping(
                    field("defaultRegion", 3, "GB", "US", "IT", "gb", "XX", "ZZ", "G", "GBR", "001"),
                    field("stripPrefixes", 3, "[\"141\", \"1470\", \"18001\", \"18002\", \"#31#\", \"*31#\"]", "[]",
                            "[\"9\"]", "[141]", "[\"123456789\"]", "[\"\"]", "\"141\"", "[\"1a\"]", "[null]"),
                    field("outsideLinePrefix", 2, "null", "\"9\"", "\"99999\"", "9", "\"a\"", "\"\"", "~"),
                    field("minPrefixDigits", 3, "4", "1", "15", "0", "16", "-1", "4.5", "\"4\"", "2147483648",
                            "99999999999999999999", "0x10", "1e2"));
            Arbitrary<Node> query = mapping(
                    field("bind", 4, "127.0.0.1", "0.0.0.0", "\"::1\"", "localhost", "\"[::1]\"", "\"\"", "a b",
                            "\"fe80::1%eth0\"", "host_name"),
                    field("port", 3, "8700", "0", "65535", "8701", "65536", "-1", "\"8700\"", "8700.0", "99999999999"),
                    field("maxConnections", 2, "4096", "1", "0", "-1", "1000001", "x", "\"64\""),
                    field("idleTimeout", 2, "10m", "1s", "0s", "5", "x"),
                    field("requestTimeout", 2, "10s", "500ms", "0s", "-1s", "10 s"));
            Arbitrary<Node> admin = mapping(
                    field("bind", 2, "127.0.0.1", "\"::1\"", "\"\""),
                    field("port", 2, "8701", "0", "8700", "70000"),
                    field("maxConnections", 2, "256", "1", "0", "x"),
                    field("idleTimeout", 1, "60s", "0s", "x"),
                    field("requestTimeout", 2, "10s", "1h", "-5s"),
                    field("maxBodyBytes", 2, "16777216", "1024", "1023", "1073741825", "x", "1e6"),
                    listField("tokens", token));
            Arbitrary<Node> register = mapping(
                    listField("sources", source),
                    field("maxShrinkPercent", 3, "50", "0", "100", "101", "-1", "50.5"));
            return mapping(
                    field("establishment", 4, "HULL", "LEEDS01", "HMP01", "\"HULL\"", "hull", "X", "ABCDEFGHI", "'HUL'",
                            "\"\"", "1234"),
                    field("mode", 2, "blocklist", "allowlist", "BLOCKLIST", "deny", "\"allowlist\""),
                    field("failClosed", 2, "true", "false", "\"true\"", "yes", "1", "True"),
                    nodeField("numbering", numbering),
                    nodeField("query", query),
                    nodeField("admin", admin),
                    nodeField("register", register),
                    field("dataDir", 2, "data", "/var/lib/screening", "\"\"", "\" \"", "\"a\\0b\"", "~",
                            "\"C:\\\\data\""),
                    field("node", 3, "hull-a", "b", "\"hull-b-2\"", "Hull-A", "hull_a", "\"\"", "x".repeat(33), "hull.a"),
                    nodeField("log", mapping(
                            field("format", 3, "text", "json", "\"json\"", "JSON", "xml", "\"\"", "1"),
                            field("level", 5, "error", "warn", "info", "debug", "trace", "INFO", "warning", "verbose"))));
        }

        /** A key whose first {@code good} values are valid and the rest not. */
        private Arbitrary<Optional<Map.Entry<String, Node>>> field(String key, int good, String... values) {
            Arbitrary<Node> ok = Arbitraries.of(Arrays.copyOf(values, good)).map(Scalar::new);
            Arbitrary<Node> bad = Arbitraries.of(Arrays.copyOfRange(values, good, values.length)).map(Scalar::new);
            return nodeField(key, Arbitraries.frequencyOf(Tuple.of(100 - percent, ok), Tuple.of(percent, bad)));
        }

        private Arbitrary<Optional<Map.Entry<String, Node>>> nodeField(String key, Arbitrary<Node> value) {
            Arbitrary<Optional<Map.Entry<String, Node>>> present = value.map(v -> Optional.of(new SimpleEntry<>(key, v)));
            if (percent == 0) {
                return present;
            }
            return Arbitraries.frequencyOf(
                    Tuple.of(200 - percent, present),
                    Tuple.of(percent, wrong().map(v -> Optional.of(new SimpleEntry<>(key, v)))),
                    Tuple.of(percent, Arbitraries.just(Optional.empty())));
        }

        private Arbitrary<Optional<Map.Entry<String, Node>>> listField(String key, Arbitrary<Node> item) {
            Arbitrary<Node> list = Combinators.combine(item.list().ofMaxSize(3), Arbitraries.integers().between(0, 4))
                    .as((items, style) -> new Seq(items, style == 0));
            return nodeField(key, list);
        }

        @SafeVarargs
        private Arbitrary<Node> mapping(Arbitrary<Optional<Map.Entry<String, Node>>>... fields) {
            Arbitrary<List<Optional<Map.Entry<String, Node>>>> known = Combinators.combine(Arrays.asList(fields)).as(l -> l);
            Arbitrary<List<Map.Entry<String, Node>>> unknown = Arbitraries.frequencyOf(
                    Tuple.of(200, Arbitraries.just(List.<Map.Entry<String, Node>>of())),
                    Tuple.of(percent, Combinators.combine(Arbitraries.of(UNKNOWN_KEYS), Arbitraries.of("1", "x", "[]", "{}", "~"))
                            .as((k, v) -> List.<Map.Entry<String, Node>>of(new SimpleEntry<>(k, new Scalar(v))))));
            Arbitrary<Integer> repeat = Arbitraries.integers().between(0, 399); // below percent: repeat the first key
            Arbitrary<Boolean> flow = Arbitraries.integers().between(0, 9).map(n -> n == 0);
            return Combinators.combine(known, unknown, repeat, flow).as((k, u, r, f) -> {
                List<Map.Entry<String, Node>> entries = new ArrayList<>();
                k.forEach(e -> e.ifPresent(entries::add));
                entries.addAll(u);
                if (r < percent && !entries.isEmpty()) {
                    entries.add(entries.get(0));
                }
                return new Mapping(entries, f);
            });
        }
    }

    /** Scalars and shapes of every other type, for any key. */
    private static final List<String> WRONG = List.of("~", "null", "1", "-1", "1.5", "true", "no", "\"\"", "''",
            "1e400", ".nan", "-.inf", "0x1F", "0o17", "99999999999999999999999999", "!!binary aGVsbG8=", "!!str 5",
            "!!int x", "!!float x", "!custom x", "!!map {}", "!!set {a, b}", "!!omap [a: 1]", "2026-11-28T12:00:00Z",
            "\"a\\nb\"", "\"a\\rb\"", "\"\\u2028\"", "\"\\x00\"", "\"\\ud800\"", "\"\\e\\a\"", "*undefined", "&x 1",
            "\"" + "a".repeat(100) + "\"", "\"\\U0001F600\"", "'it''s'", "[]", "{}", "[1, [2]]", "{a: {b: c}}",
            "[" + "[".repeat(200) + "]".repeat(200) + "]", "{a: 1, a: 2}", "[a, b", "{a: 1", "\"unterminated",
            "@reserved", "`reserved", "%", "- item", "? complex", ": colon", "a: b", "|\n  line one\n  line two",
            ">-\n  folded");

    private static Arbitrary<Node> wrong() {
        return Arbitraries.of(WRONG).map(Scalar::new);
    }

    /** Keys that are not in this mapping: misspelt, differently cased, SPEC keys of later sections, odd YAML keys. */
    private static final List<String> UNKNOWN_KEYS = List.of("Establishment", "establisment", "MODE", "node", "email",
            "maxConnections", "idleTimeout", "requestTimeout", "maxBodyBytes", "sessionTtl", "tls", "tokenFile", "x",
            "\"\"", "\"a\\nb\"", "\"a\\u2028b\"", "\"k\\x1b[31m\"", "'quoted key'", "\"\\ud800\"", "<<", "1", "~", "true",
            "[a, b]", "{a: b}", "? x", "\u00e9tablissement", "\"" + "k".repeat(300) + "\"");

    // ---- rendering -------------------------------------------------------------------------------

    static String render(Node root) {
        StringBuilder out = new StringBuilder();
        if (root instanceof Mapping m && !m.flow() && !m.entries().isEmpty()) {
            block(out, m, "");
        } else {
            out.append(flow(root)).append('\n');
        }
        return out.toString();
    }

    private static void block(StringBuilder out, Mapping m, String indent) {
        for (Map.Entry<String, Node> e : m.entries()) {
            out.append(indent).append(e.getKey()).append(':');
            value(out, e.getValue(), indent);
        }
    }

    /** Writes {@code v} after a key or a "- ", and the line end. */
    private static void value(StringBuilder out, Node v, String indent) {
        String inner = indent + "  ";
        if (v instanceof Mapping m && !m.flow() && !m.entries().isEmpty()) {
            out.append('\n');
            block(out, m, inner);
        } else if (v instanceof Seq s && !s.flow() && !s.items().isEmpty()) {
            out.append('\n');
            for (Node item : s.items()) {
                out.append(inner).append("-");
                if (item instanceof Mapping im && !im.flow() && !im.entries().isEmpty()) {
                    // the first key on the dash's line, the others under it
                    Map.Entry<String, Node> first = im.entries().get(0);
                    out.append(' ').append(first.getKey()).append(':');
                    value(out, first.getValue(), inner + "  ");
                    block(out, new Mapping(im.entries().subList(1, im.entries().size()), false), inner + "  ");
                } else {
                    value(out, item, inner);
                }
            }
        } else {
            out.append(' ').append(flow(v).replace("\n", "\n" + inner)).append('\n');
        }
    }

    private static String flow(Node n) {
        if (n instanceof Scalar s) {
            return s.text();
        }
        StringBuilder b = new StringBuilder();
        if (n instanceof Seq s) {
            b.append('[');
            for (int i = 0; i < s.items().size(); i++) {
                b.append(i == 0 ? "" : ", ").append(flowItem(s.items().get(i)));
            }
            return b.append(']').toString();
        }
        Mapping m = (Mapping) n;
        b.append('{');
        for (int i = 0; i < m.entries().size(); i++) {
            Map.Entry<String, Node> e = m.entries().get(i);
            b.append(i == 0 ? "" : ", ").append(e.getKey()).append(": ").append(flowItem(e.getValue()));
        }
        return b.append('}').toString();
    }

    /** Block scalars cannot stand inside a flow collection: those are written as a quoted line. */
    private static String flowItem(Node n) {
        String f = flow(n);
        return f.startsWith("|") || f.startsWith(">") ? "\"" + f.replace("\n", "\\n") + "\"" : f;
    }

    // ---- byte-level edits ------------------------------------------------------------------------

    private enum Kind { FLIP, INSERT, DELETE, DUPLICATE, TRUNCATE, TAB, INDENT, UNINDENT, NUL, QUOTE }

    record Edit(Kind kind, int at, int length, int value) {
    }

    private static Arbitrary<Edit> edit() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(1, 40), Arbitraries.integers().between(0, 255)).as(Edit::new);
    }

    private static byte[] edit(byte[] input, List<Edit> edits) {
        byte[] b = input;
        for (Edit e : edits) {
            int n = b.length;
            int at = e.at() % (n + 1);
            int len = Math.min(e.length(), n - at);
            b = switch (e.kind()) {
                case FLIP -> {
                    if (n == 0) {
                        yield b;
                    }
                    byte[] c = b.clone();
                    c[at % n] ^= (byte) (1 << (e.value() & 7));
                    yield c;
                }
                case INSERT -> splice(b, at, 0, new byte[] {(byte) e.value()});
                case DELETE -> splice(b, at, len, new byte[0]);
                case DUPLICATE -> splice(b, at + len, 0, Arrays.copyOfRange(b, at, at + len));
                case TRUNCATE -> Arrays.copyOf(b, at);
                case TAB -> splice(b, at, 0, new byte[] {'\t'});
                case INDENT -> splice(b, lineStart(b, at), 0, new byte[] {' ', ' '});
                case UNINDENT -> {
                    int s = lineStart(b, at);
                    yield s < n && b[s] == ' ' ? splice(b, s, 1, new byte[0]) : b;
                }
                case NUL -> splice(b, at, 0, new byte[] {0});
                case QUOTE -> splice(b, at, 0, new byte[] {(byte) "\"'[{&*!|>%".charAt(e.value() % 10)});
            };
        }
        return b;
    }

    private static int lineStart(byte[] b, int at) {
        int i = Math.min(at, b.length);
        while (i > 0 && b[i - 1] != '\n') {
            i--;
        }
        return i;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, at);
        out.writeBytes(insert);
        out.write(b, at + remove, b.length - at - remove);
        return out.toByteArray();
    }
}
