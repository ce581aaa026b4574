package screening.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Test fixture for the fuzzers of entry JSON (the admin push body, the register line): entries
 * built from SPEC section 3's fields, each field at a chosen rate bad, of the wrong type, left
 * out or joined by an unknown or repeated one; and byte-level edits of JSON text. Numbers are
 * Ofcom drama numbers only.
 */
public final class EntryJsonArbitraries {

    private EntryJsonArbitraries() {
    }

    /**
     * Entry objects in which each field is at fault with probability {@code percent}; with 0,
     * valid entries (ids from a thousand, so a batch or file may still repeat one).
     *
     * @param spaced whether to write {@code ", "} and {@code ": "} between tokens, as some exporters do
     */
    public static Arbitrary<String> entry(int percent, boolean spaced) {
        return new Faults(percent).entry().map(e -> spaced ? e.replace("\",\"", "\", \"").replace("\":", "\": ") : e);
    }

    /** Applies 1 to 3 byte-level edits to each of {@code json}. */
    public static Arbitrary<byte[]> edited(Arbitrary<byte[]> json) {
        return Combinators.combine(json, edit().list().ofMinSize(1).ofMaxSize(3)).as(EntryJsonArbitraries::edit);
    }

    /** The generators of one fault rate: each field is, with probability {@code percent}, bad, of the wrong type or left out. */
    private record Faults(int percent) {

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
                    field("\"id\":", 3, "ID", "\"SPC-2026-000999\"", OMIT, "\"TAKEN-1\"", "\"\"", "\"a b\"", "\"" + "i".repeat(129) + "\"",
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
            Arbitrary<String> id = Arbitraries.integers().between(0, 999).map(n -> "\"L-" + n + "\"");
            return Combinators.combine(Combinators.combine(fields).as(l -> l), scoped, exactOrPrefix, unknown, id)
                    .as((f, scope, number, extra, i) -> {
                        List<String> parts = new ArrayList<>();
                        for (List<String> p : f) {
                            for (String s : p) {
                                parts.add(s.equals("MATCH") ? number : s.equals("SCOPE") ? scope
                                        : s.equals("\"id\":ID") ? "\"id\":" + i : s);
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
            String wrongKey = key.isEmpty() ? "\"" + values[0].toLowerCase(Locale.ROOT) + "\":" : key;
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
