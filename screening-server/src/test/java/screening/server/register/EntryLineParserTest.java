package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import screening.core.Entry;
import screening.server.json.Json;

class EntryLineParserTest {

    private static final Instant GENERATED = Instant.parse("2026-11-28T12:00:00Z");

    private final EntryLineParser parser = new EntryLineParser("national", "system", GENERATED);

    @Test
    void parse_plainLines_givesWhatJacksonGives() {
        List<String> lines = List.of(
                "{\"id\":\"R-1\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"+447700900123\",\"scope\":\"NATIONAL\"}",
                "{\"id\":\"R-2\",\"action\":\"ALLOW\",\"match\":\"PREFIX\",\"number\":\"+44113496\",\"scope\":\"PIN\","
                        + "\"pin\":\"P7\",\"establishment\":\"HULL\",\"validFrom\":\"2026-01-01T00:00:00Z\","
                        + "\"validUntil\":\"2027-01-01T00:00:00.123456789Z\",\"reason\":\"VICTIM_REQUEST\","
                        + "\"reference\":\"CASE/1\",\"note\":\"n\"}",
                " { \"id\" : \"R-3\" , \"note\" : null ,\t\"pin\":null }\r",
                "{}");
        for (String line : lines) {
            Entry fast = fast(line, null);

            assertThat(fast).as(line).isNotNull().isEqualTo(jackson(line));
        }
    }

    @Test
    void parse_linesJacksonMustJudge_declines() {
        List<String> lines = List.of(
                "",
                "   ",
                "{\"id\":\"R\\u002d1\"}",
                "{\"note\":\"caf\u00e9\"}",
                "{\"id\":1}",
                "{\"id\":true}",
                "{\"id\":\"a\",\"id\":\"b\"}",
                "{\"colour\":\"red\"}",
                "{\"source\":\"other\"}",
                "{\"createdBy\":\"x\"}",
                "{\"action\":\"block\"}",
                "{\"action\":\"\"}",
                "{\"validFrom\":\"2026-01-01T00:00:00+01:00\"}",
                "{\"validFrom\":\"2026-13-01T00:00:00Z\"}",
                "{\"id\":\"a\"} {\"id\":\"b\"}",
                "{\"id\":\"a\"}x",
                "{\"id\":\"a\"}\r\r",
                "{\"id\":nul}",
                "{\"id\":\"a\",}",
                "[]",
                "{\"id\":\"a\"");
        for (String line : lines) {
            assertThat(fast(line, null)).as(line).isNull();
        }
    }

    @Test
    void parse_fieldEqualToTheHints_sharesTheHintsString() {
        String line = "{\"id\":\"R-1\",\"number\":\"+447700900123\",\"pin\":\"P1\",\"reason\":\"VICTIM_REQUEST\"}";
        Entry hint = jackson(line);

        Entry e = fast(line, hint);

        assertThat(e).isEqualTo(hint);
        assertThat(e.id()).isSameAs(hint.id());
        assertThat(e.number()).isSameAs(hint.number());
        assertThat(e.pin()).isSameAs(hint.pin());
        assertThat(e.reason()).isSameAs(hint.reason());
    }

    @Property(tries = 2000)
    void parse_anyLine_declinesOrAgreesWithJackson(@ForAll("lines") String line) {
        Entry fast = fast(line, null);
        Entry jackson = jacksonOrNull(line);

        if (fast != null) {
            assertThat(fast).isEqualTo(jackson);
        }
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> name = Arbitraries.of("id", "action", "match", "number", "scope", "establishment", "pin",
                "validFrom", "validUntil", "reason", "reference", "note", "source", "Id", "x");
        Arbitrary<String> value = Arbitraries.of("\"R-1\"", "\"BLOCK\"", "\"ALLOW\"", "\"EXACT\"", "\"PREFIX\"",
                "\"PIN\"", "\"NATIONAL\"", "\"ESTABLISHMENT\"", "\"block\"", "\"+447700900123\"", "null", "1", "true",
                "\"\"", "\"a\\\"b\"", "\"\u00e9\"", "\"2026-01-01T00:00:00Z\"", "\"2026-01-01T00:00:00.5Z\"",
                "\"2026-02-30T00:00:00Z\"", "\"1700000000\"", "{}", "[]", "nul");
        Arbitrary<String> ws = Arbitraries.of("", "", " ", "\t", "\r");
        Arbitrary<String> field = net.jqwik.api.Combinators.combine(ws, name, ws, value, ws)
                .as((a, n, b, v, c) -> a + "\"" + n + "\"" + b + ":" + v + c);
        return field.list().ofMaxSize(6).flatMap(fs -> Arbitraries.of("", ",", "}").flatMap(tail ->
                Arbitraries.of("{", " {", "").map(head -> head + String.join(",", fs) + "}" + tail)));
    }

    private Entry fast(String line, Entry hint) {
        byte[] b = ("xx" + line + "\nyy").getBytes(StandardCharsets.UTF_8);
        int to = b.length - 3;
        return parser.parse(b, 2, to, hint);
    }

    private static Entry jackson(String line) {
        try {
            return Json.MAPPER.readValue(line, Entry.class).withProvenance("national", "system", GENERATED);
        } catch (Exception ex) {
            throw new AssertionError(line, ex);
        }
    }

    private static Entry jacksonOrNull(String line) {
        try {
            Entry e = Json.MAPPER.readValue(line, Entry.class);
            if (e == null || e.source() != null) {
                return null;
            }
            return e.withProvenance("national", "system", GENERATED);
        } catch (Exception ex) {
            return null;
        }
    }
}
