package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
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
import screening.server.EntryJsonArbitraries;
import screening.server.EscapedBytes;

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
            pushed = PushBodyReader.read(body, VALIDATOR, "hull-a", id -> id.equals("TAKEN-1") ? "national" : null);
        } catch (Refusal r) {
            checkRefusal(r);
            return r.code();
        }
        assertThat(pushed).isNotEmpty();
        boolean lone = false;
        for (PushBodyReader.Pushed p : pushed) {
            Entry e = p.entry();
            assertThat(e.id()).isNotNull();
            assertThat(screening.core.CanonicalNumber.parse(p.canonical())).as("the key of %s", e.id())
                    .isEqualTo(VALIDATOR.validate(e, -1));
            lone |= hasLoneSurrogate(e.note()) || hasLoneSurrogate(e.reason()) || hasLoneSurrogate(e.reference());
        }
        return "accepted" + (hasDuplicateKey(body) ? ", a duplicate key" : "") + (lone ? ", a lone surrogate" : "");
    }

    private static final String FIELD = "(id|action|match|number|scope|establishment|pin|validFrom|validUntil|reason"
            + "|reference|note|source|createdBy|createdAt|entry)";
    private static final Pattern BAD_JSON = Pattern.compile(
            "the body is not valid JSON(: a key appears twice in one object)?( \\(line [0-9]+, column [0-9]+\\))?|the body cannot be read");
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
            return "Body[" + bytes.length + " bytes: \"" + EscapedBytes.of(bytes, 3_000) + "\"]";
        }
    }

    @Provide
    Arbitrary<Body> bodies() {
        Arbitrary<byte[]> json = Arbitraries.of(0, 2, 5, 20).flatMap(PushBodyFuzzProperties::body)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> edited = EntryJsonArbitraries.edited(json);
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

    private static Arbitrary<String> body(int percent) {
        Arbitrary<String> one = EntryJsonArbitraries.entry(percent, false);
        return Arbitraries.frequencyOf(
                Tuple.of(6, one),
                Tuple.of(3, one.list().ofMinSize(1).ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]")),
                Tuple.of(1, one.list().ofMinSize(20).ofMaxSize(60).map(l -> "[" + String.join(",\n", l) + "]")));
    }
}
