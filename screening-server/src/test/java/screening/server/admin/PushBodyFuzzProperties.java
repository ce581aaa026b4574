package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import screening.core.EntryValidator;
import screening.core.NumberingPlan;
import screening.server.BoundedRun;

/**
 * Fuzzes the admin port's push body reader ({@link PushBodyReader}, the body of
 * {@code POST /admin/v1/entries}) with entries built from SPEC section 3's fields (good values,
 * bad values, wrong types, missing and unknown fields, duplicate keys, long text, lone
 * surrogates) alone or in batches; the same JSON with byte-level edits (flips, truncation,
 * duplication, invalid UTF-8, deep nesting, huge numbers); and raw bytes.
 *
 * <p>Each body gives validated entries, or a {@link Refusal} with a known status and code whose
 * message names the field (or says what is wrong with the body as a whole); never another
 * exception, and within {@link #LIMIT_MS}. What SPEC section 15 asks of duplicate keys and lone
 * surrogates is counted in the statistics, not asserted here.
 *
 * <p>Tries: jqwik's default ({@code jqwik.tries.default}, 1,000 unless set); the {@code fuzz}
 * Maven profile sets 1,000,000.
 */
class PushBodyFuzzProperties {

    static final long LIMIT_MS = 10_000;

    private static final EntryValidator VALIDATOR = new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));
    /** Only to tell, for the statistics, whether an accepted body had a duplicate key. */
    private static final ObjectMapper STRICT = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static BoundedRun bounded;

    @BeforeContainer
    static void start() {
        bounded = new BoundedRun(LIMIT_MS);
    }

    @AfterContainer
    static void stop() {
        bounded.close();
    }

    // no edge cases: jqwik would build up to one per try up front, a million of them in the fuzz profile
    @Property(edgeCases = EdgeCasesMode.NONE)
    void read_anyBody_entriesOrRefusalNamingTheField(@ForAll("bodies") Body body) throws Exception {
        Statistics.collect(bounded.call(() -> read(body.bytes())));
    }

    private static String read(byte[] body) {
        List<PushBodyReader.Pushed> pushed;
        try {
            pushed = PushBodyReader.read(body, VALIDATOR, id -> id.equals("TAKEN-1") ? "national" : null);
        } catch (Refusal r) {
            checkRefusal(r);
            return r.code();
        }
        assertThat(pushed).isNotEmpty();
        boolean lone = false;
        for (PushBodyReader.Pushed p : pushed) {
            Entry e = p.entry();
            assertThat(e.id()).isNotNull();
            assertThat(VALIDATOR.validate(e, -1)).as("the key of %s", e.id()).isEqualTo(p.key());
            lone |= hasLoneSurrogate(e.note()) || hasLoneSurrogate(e.reason()) || hasLoneSurrogate(e.reference());
        }
        return "accepted" + (hasDuplicateKey(body) ? ", a duplicate key" : "") + (lone ? ", a lone surrogate" : "");
    }

    private static final String FIELD = "(id|action|match|number|scope|establishment|pin|validFrom|validUntil|reason"
            + "|reference|note|source|createdBy|createdAt|entry)";
    private static final Pattern BAD_JSON = Pattern.compile(
            "the body is not valid JSON( \\(line [0-9]+, column [0-9]+\\))?|the body cannot be read");
    private static final Pattern INVALID_ENTRY = Pattern.compile("the array holds no entries"
            + "|the body must be an entry or an array of entries"
            + "|(entry [0-9]+: )?(must be a JSON object|cannot be read as an entry"
            + "|" + FIELD + " (is filled in by the filter; leave it out|has the wrong type or an unknown value|\\S.*)"
            + "|.* is not an entry field)", Pattern.DOTALL);
    private static final Pattern DUPLICATE_ID = Pattern.compile(
            "(entry [0-9]+: )?id \\S.* (appears twice in this batch|already exists \\(source national\\))", Pattern.DOTALL);

    private static void checkRefusal(Refusal r) {
        String m = r.getMessage();
        switch (r.code()) {
            case "BAD_JSON" -> {
                assertThat(r.status().code()).isEqualTo(400);
                assertThat(m).matches(BAD_JSON);
            }
            case "INVALID_ENTRY" -> {
                assertThat(r.status().code()).isEqualTo(400);
                assertThat(m).matches(INVALID_ENTRY);
            }
            case "DUPLICATE_ID" -> {
                assertThat(r.status().code()).isEqualTo(409);
                assertThat(m).matches(DUPLICATE_ID);
            }
            default -> throw new AssertionError("unexpected refusal " + r.code() + ": " + m);
        }
    }

    private static boolean hasDuplicateKey(byte[] body) {
        try {
            STRICT.readTree(body);
            return false;
        } catch (JacksonException e) {
            return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasLoneSurrogate(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    // ---- bodies ----------------------------------------------------------------------------------

    /** One request body. */
    record Body(byte[] bytes) {
        @Override
        public String toString() {
            return "Body[" + bytes.length + " bytes: " + new String(bytes, 0, Math.min(bytes.length, 3_000),
                    StandardCharsets.UTF_8) + "]";
        }
    }

    @Provide
    Arbitrary<Body> bodies() {
        Arbitrary<byte[]> json = Arbitraries.of(0, 2, 5, 20).flatMap(percent -> new Faults(percent).body())
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> edited = Combinators.combine(json, edit().list().ofMinSize(1).ofMaxSize(3))
                .as(PushBodyFuzzProperties::edit);
        Arbitrary<byte[]> raw = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-truefalsnBLOCKid \\u").ofMaxLength(200)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                Tuple.of(1, Arbitraries.of(ODD_BODIES).map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.of(ODD_BYTES)));
        return Arbitraries.frequencyOf(Tuple.of(6, json), Tuple.of(3, edited), Tuple.of(1, raw)).map(Body::new);
    }

    private static final String GOOD = "{\"id\":\"L-1\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900777\","
            + "\"scope\":\"NATIONAL\"}";

    private static final List<String> ODD_BODIES = List.of("", " ", "null", "true", "0", "\"x\"", "{}", "[]", "[{}]",
            "[null]", "[[]]", GOOD + GOOD, GOOD + " x", GOOD + "]", "[" + GOOD + ",]", "[" + GOOD + "," + GOOD + "]",
            "{\"action\":\"BLOCK\",\"action\":\"ALLOW\",\"match\":\"EXACT\",\"number\":\"07700 900777\",\"scope\":\"NATIONAL\"}",
            "{'id':'L-1'}", "{id:\"L-1\"}", "// c\n" + GOOD, "/* c */" + GOOD, "{\"number\":NaN}", "{\"number\":01}",
            "{\"number\":1e999999}", "{\"number\":" + "9".repeat(2_000) + "}", "{\"note\":" + "1".repeat(100_000) + "}",
            "[".repeat(5_000) + "]".repeat(5_000), "[".repeat(100_000), "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
            "{\"" + "k".repeat(100_000) + "\":1}", "{\"note\":\"" + "n".repeat(300_000) + "\"}",
            "{\"validFrom\":\"2026-13-45T99:99:99Z\"}", "{\"validFrom\":\"+999999999-12-31T23:59:59Z\"}",
            "{\"validFrom\":1e20}", "{\"validFrom\":-9223372036854775808}", "{\"validFrom\":[2026,1,1]}",
            "{\"validFrom\":{\"a\":1}}", "{\"action\":\"block\"}", "{\"action\":\"\"}", "{\"action\":0}",
            "{\"scope\":null,\"scope\":\"PIN\"}", "\ufeff" + GOOD, "{\"note\":\"\\ud800\"}", "{\"note\":\"\\udc00\\ud800\"}",
            "{\"note\":\"\\u0000\"}", "{\"note\":\"\u0000\"}", "{\"note\":\"\\uZZZZ\"}", "{\"note\":\"\\x\"}");

    private static final List<byte[]> ODD_BYTES = List.of(
            GOOD.getBytes(StandardCharsets.UTF_16), GOOD.getBytes(StandardCharsets.UTF_16LE), utf32(GOOD),
            new byte[] {'{', '"', 'n', 'o', 't', 'e', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
            new byte[] {'{', '"', 'n', 'o', 't', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'},
            new byte[] {'{', '"', 'n', 'o', 't', 'e', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}'},
            new byte[] {'{', '"', 'n', 'o', 't', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},
            new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'},
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'});

    private static byte[] utf32(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.codePoints().forEach(c -> {
            out.write(c >>> 24);
            out.write(c >>> 16);
            out.write(c >>> 8);
            out.write(c);
        });
        return out.toByteArray();
    }

    /** The generators of one fault rate: each field is, with probability {@code percent}, bad, of the wrong type or left out. */
    private record Faults(int percent) {

        Arbitrary<String> body() {
            Arbitrary<String> one = entry();
            return Arbitraries.frequencyOf(
                    Tuple.of(6, one),
                    Tuple.of(3, one.list().ofMinSize(1).ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]")),
                    Tuple.of(1, one.list().ofMinSize(20).ofMaxSize(60).map(l -> "[" + String.join(",\n", l) + "]")));
        }

        Arbitrary<String> entry() {
            Arbitrary<String> scoped = Arbitraries.frequencyOf(
                    Tuple.of(4, Arbitraries.just("\"scope\":\"NATIONAL\"")),
                    Tuple.of(2, Arbitraries.of("HULL", "LEEDS01", "ZZ99").map(e -> "\"scope\":\"ESTABLISHMENT\",\"establishment\":\"" + e + "\"")),
                    Tuple.of(2, Arbitraries.of("1234", "A-99", "0001").map(p -> "\"scope\":\"PIN\",\"pin\":\"" + p + "\"")),
                    Tuple.of(1, Arbitraries.just("\"scope\":\"PIN\",\"pin\":\"1234\",\"establishment\":\"HULL\"")));
            Arbitrary<String> exactOrPrefix = Arbitraries.frequencyOf(
                    Tuple.of(5, Arbitraries.of("07700 900777", "+44 7700 900123", "0113 496 0456", "020 7946 0789",
                            "01632 960321", "0044 1632 960001", "+447700900999", "(020) 7946-0123", "116123")
                            .map(n -> "\"match\":\"EXACT\",\"number\":\"" + n + "\"")),
                    Tuple.of(1, Arbitraries.of("+447700", "+44113496", "+4420").map(n -> "\"match\":\"PREFIX\",\"number\":\"" + n + "\"")));
            List<Arbitrary<List<String>>> fields = List.of(
                    field("\"id\":", 3, "\"L-1\"", "\"SPC-2026-000999\"", OMIT, "\"TAKEN-1\"", "\"\"", "\"a b\"", "\"" + "i".repeat(129) + "\"",
                            "\"caf\u00e9\"", "\"\\u0000\""),
                    field("\"action\":", 2, "\"BLOCK\"", "\"ALLOW\"", "\"block\"", "\"DENY\"", "\"\"", "null"),
                    field("", 1, "MATCH", "\"match\":\"EXACT\"", "\"number\":\"07700 900777\"", "\"match\":\"PREFIX\",\"number\":\"+44\"",
                            "\"match\":\"PREFIX\",\"number\":\"+0123\"", "\"match\":\"PREFIX\",\"number\":\"+44x\"",
                            "\"match\":\"PREFIX\",\"number\":\"+" + "4".repeat(20) + "\"",
                            "\"match\":\"EXACT\",\"number\":\"07700 900#123\"", "\"match\":\"EXACT\",\"number\":\"" + "0".repeat(65) + "\"",
                            "\"match\":\"EXACT\",\"number\":\"abc\"", "\"match\":\"EXACT\",\"number\":\"\"",
                            "\"match\":\"FUZZY\",\"number\":\"07700 900777\""),
                    field("", 1, "SCOPE", "\"scope\":\"NATIONAL\",\"pin\":\"1234\"", "\"scope\":\"ESTABLISHMENT\"",
                            "\"scope\":\"PIN\"", "\"scope\":\"ESTABLISHMENT\",\"establishment\":\"hull\"",
                            "\"scope\":\"PIN\",\"pin\":\"12 34\"", "\"scope\":\"PLANET\""),
                    field("\"validFrom\":", 3, OMIT, "\"2026-01-01T00:00:00Z\"", "\"2026-11-28T12:00:00.123456789Z\"",
                            "\"2026-01-01\"", "\"yesterday\"", "0", "\"2026-01-01T00:00:00+01:00\""),
                    field("\"validUntil\":", 3, OMIT, "\"2027-01-01T00:00:00Z\"", "\"+1000000-01-01T00:00:00Z\"",
                            "\"2025-01-01T00:00:00Z\"", "\"2026-01-01T00:00:00Z\""),
                    field("\"reason\":", 3, "\"VICTIM_REQUEST\"", "\"COURT_ORDER\"", OMIT, "\"" + "r".repeat(129) + "\"", "7"),
                    field("\"reference\":", 2, "\"SPC/2026/0101\"", OMIT, "\"" + "f".repeat(129) + "\"", "[]"),
                    field("\"note\":", 4, OMIT, "\"victim asked on the phone\"", "\"caf\u00e9 \u2014 \ud83d\ude00\"",
                            "\"line\\nbreak\\ttab\"", "\"" + "n".repeat(2_001) + "\"", "\"\\ud800\"", "\"\\udc00x\"",
                            "\"\\ud83d\"", "{\"nested\":1}"));
            Arbitrary<List<String>> unknown = Arbitraries.frequencyOf(
                    Tuple.of(200, Arbitraries.just(List.<String>of())),
                    Tuple.of(percent, Arbitraries.of("\"phone\":\"+447700900555\"", "\"source\":\"national\"",
                            "\"createdBy\":\"x\"", "\"createdAt\":\"2026-01-01T00:00:00Z\"", "\"Action\":\"BLOCK\"",
                            "\"\":1", "\"a\\nb\":1", "\"\\ud800\":1", "\"action\":\"ALLOW\"", "\"number\":\"01632 960999\"",
                            "\"scope\":\"PIN\"").map(List::of)));
            return Combinators.combine(Combinators.combine(fields).as(l -> l), scoped, exactOrPrefix, unknown)
                    .as((f, scope, number, extra) -> {
                        List<String> parts = new ArrayList<>();
                        for (List<String> p : f) {
                            for (String s : p) {
                                parts.add(s.equals("MATCH") ? number : s.equals("SCOPE") ? scope : s);
                            }
                        }
                        parts.addAll(extra);
                        return "{" + String.join(",", parts) + "}";
                    });
        }

        /**
         * A field whose first {@code good} values are good ({@link #OMIT}: left out) and the rest
         * not; with probability {@code percent} also given a value of the wrong type, or left out.
         * With an empty {@code key} each value is whole {@code "key":value} text, and the first a
         * placeholder (MATCH, SCOPE) for the consistent choice {@link #entry} makes.
         */
        private Arbitrary<List<String>> field(String key, int good, String... values) {
            Arbitrary<String> ok = Arbitraries.of(Arrays.asList(Arrays.copyOf(values, good)));
            Arbitrary<String> bad = Arbitraries.of(Arrays.asList(Arrays.copyOfRange(values, good, values.length)));
            String wrongKey = key.isEmpty() ? "\"" + values[0].toLowerCase(java.util.Locale.ROOT) + "\":" : key;
            Arbitrary<String> value = percent == 0 ? ok : Arbitraries.frequencyOf(
                    Tuple.of(100 - percent, ok), Tuple.of(percent, bad),
                    Tuple.of(percent, Arbitraries.of(WRONG).map(w -> WRONG_TYPE + wrongKey + w)),
                    Tuple.of(percent, Arbitraries.just(OMIT)));
            return value.map(v -> v.equals(OMIT) ? List.of()
                    : v.startsWith(WRONG_TYPE) ? List.of(v.substring(WRONG_TYPE.length()))
                    : List.of(key.isEmpty() ? v : key + v));
        }
    }

    /** A field value meaning "leave the field out". */
    private static final String OMIT = "<omit>";
    private static final String WRONG_TYPE = "<wrong>";

    /** Values of every JSON type, for any field. */
    private static final List<String> WRONG = List.of("null", "true", "false", "0", "-1", "1.5", "1e400", "-0",
            "123456789012345678901234567890", "[]", "[\"BLOCK\"]", "{}", "{\"a\":\"b\"}", "\"\"", "\" \"", "\"\\u0000\"",
            "\"\\ud800\"", "\"" + "x".repeat(1_000) + "\"");

    // ---- byte-level edits ------------------------------------------------------------------------

    private enum Kind { FLIP, INSERT, DELETE, DUPLICATE, TRUNCATE, INVALID_UTF8, LONE_SURROGATE, NEST, HUGE_NUMBER, DUPLICATE_KEY }

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
                case INVALID_UTF8 -> splice(b, at, 0, new byte[] {(byte) (0x80 | e.value())});
                case LONE_SURROGATE -> splice(b, at, 0, e.value() % 2 == 0 ? ascii("\\ud800")
                        : new byte[] {(byte) 0xED, (byte) 0xB0, (byte) 0x80});
                case NEST -> splice(b, at, 0, ascii("[".repeat(e.length() * 50)));
                case HUGE_NUMBER -> splice(b, at, 0, ascii(e.value() % 2 == 0 ? "1e99999999" : "9".repeat(e.length() * 100)));
                case DUPLICATE_KEY -> {
                    int brace = indexOf(b, (byte) '{', at);
                    yield brace < 0 ? b : splice(b, brace + 1, 0, ascii(e.value() % 2 == 0
                            ? "\"action\":\"ALLOW\"," : "\"number\":\"01632 960999\","));
                }
            };
        }
        return b;
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, at);
        out.writeBytes(insert);
        out.write(b, at + remove, b.length - at - remove);
        return out.toByteArray();
    }
}
