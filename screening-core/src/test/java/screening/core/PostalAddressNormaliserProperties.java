package screening.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the postal address normaliser: an address built from parts reads as its parts,
 * the canonical form is a fixed point, and formatting noise and abbreviations never change it.
 * {@link PostalAddressNormaliserFuzzProperties} feeds it arbitrary strings.
 */
class PostalAddressNormaliserProperties {

    private static final PostalAddressNormaliser NORMALISER = new PostalAddressNormaliser();

    /** Every spelling of each street word in the table, by full form. */
    private static final Map<String, List<String>> SPELLINGS = spellings();

    private static Map<String, List<String>> spellings() {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        AddressWords.defaults().streetSpellings().forEach((spelling, full) ->
                out.computeIfAbsent(full, k -> new ArrayList<>()).add(spelling));
        out.values().forEach(java.util.Collections::sort);
        return out;
    }

    /** An address built from parts, the lines it is written as, and its canonical form by the rules. */
    record Built(List<String> lines, String canonical, String streetType) {
        String text() {
            return String.join(", ", lines);
        }
    }

    @Provide
    Arbitrary<Built> addresses() {
        Arbitrary<String> premise = Arbitraries.of("Flat", "Apartment", "Apt", "Unit", "Room", "Studio", "flat", "Flat No.");
        Arbitrary<String> sub = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.integers().between(1, 999).map(String::valueOf),
                Combinators.combine(Arbitraries.integers().between(1, 99), Arbitraries.chars().range('A', 'H'))
                        .as((n, c) -> n + "" + c),
                Arbitraries.chars().range('A', 'F').map(String::valueOf));
        Arbitrary<String> number = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 999).map(String::valueOf),
                Combinators.combine(Arbitraries.integers().between(1, 300), Arbitraries.chars().range('A', 'D'))
                        .as((n, c) -> n + "" + c));
        Arbitrary<String> name = Arbitraries.of("Rose Cottage", "Ivy House", "Mill Farm", "Oak Lodge", "Holly Barn",
                "Rose Court", "Old Rectory", "Orchard View");
        Arbitrary<String> street = Arbitraries.of("High", "Mill", "Church", "Station", "Acacia", "Chestnut", "Park", "Green");
        Arbitrary<String> type = Arbitraries.of(List.copyOf(SPELLINGS.keySet()));
        Arbitrary<String> town = Arbitraries.of("Hull", "Beverley", "Cottingham", "Hessle", "Hornsea", "Withernsea");
        Arbitrary<String> postcode = Combinators.combine(
                        Arbitraries.of("ZZ", "Z"), Arbitraries.integers().between(0, 99), Arbitraries.integers().between(0, 9),
                        Arbitraries.strings().withCharRange('A', 'Z').ofLength(2))
                .as((area, district, sector, unit) -> area + district + " " + sector + unit);
        return Combinators.combine(premise, sub, Arbitraries.of(true, false), number, name, street, type,
                        Combinators.combine(town, postcode).as(Tuple::of))
                .as((p, s, named, n, nm, st, ty, tp) -> {
                    List<String> lines = new ArrayList<>();
                    if (!s.isEmpty()) {
                        lines.add(p + " " + s);
                    }
                    if (named) {
                        lines.add(nm);
                    }
                    lines.add((named ? "" : n + " ") + st + " " + capitalised(ty));
                    lines.add(tp.get1());
                    lines.add(tp.get2());
                    String building = named ? nm.toUpperCase(Locale.ROOT) : n;
                    return new Built(lines, tp.get2() + "|" + building + "|" + s, ty);
                });
    }

    @Property(tries = 2000)
    void normalise_addressFromParts_givesThePartsCanonicalForm(@ForAll("addresses") Built a) {
        assertThat(NORMALISER.normalise(a.text()).canonical()).as(a.text()).isEqualTo(a.canonical());
    }

    @Property(tries = 2000)
    void normalise_canonicalPartsRejoined_changesNothing(@ForAll("addresses") Built a) {
        PostalAddress once = NORMALISER.normalise(a.text());
        assertThat(NORMALISER.normalise(rejoined(once))).as(a.text()).isEqualTo(once);
    }

    @Property(tries = 5000)
    void normalise_anyStringThatReads_rejoinedChangesNothing(@ForAll("addressLike") String text, @ForAll boolean endsInPostcode) {
        String raw = endsInPostcode ? text + ", ZZ9 9ZZ" : text;
        PostalAddress once;
        try {
            once = NORMALISER.normalise(raw);
        } catch (NotNormalisableException e) {
            Statistics.label("reads").collect(false);
            return;
        }
        Statistics.label("reads").collect(true);
        assertThat(NORMALISER.normalise(rejoined(once))).as(escaped(raw)).isEqualTo(once);
    }

    private static String rejoined(PostalAddress a) {
        return (a.subPremise().isEmpty() ? "" : "Flat " + a.subPremise() + ", ") + a.building() + ", " + a.postcode();
    }

    /** Noise of the kinds that never matter: case, spacing, punctuation, street abbreviations. */
    record Noise(List<Integer> caseFlips, List<Tuple.Tuple2<Integer, String>> spaces, String wrapOpen, String wrapClose,
                 int spelling) {
    }

    @Provide
    Arbitrary<Noise> noise() {
        Arbitrary<String> space = Arbitraries.of("  ", " . ", ". ", " - ", "-", "\u00A0", " \u2013 ", " (", ") ", "\t", " * ",
                "\u3000", "_", " : ", "!", "\u200B ");
        return Combinators.combine(
                        Arbitraries.integers().between(0, 200).list().ofMaxSize(30),
                        Combinators.combine(Arbitraries.integers().between(0, 200), space).as(Tuple::of).list().ofMaxSize(8),
                        Arbitraries.of("", "(", "[", "\"", "- ", "* ", "  "),
                        Arbitraries.of("", ")", "]", ".", "!", ",", ", ", ";", "  "),
                        Arbitraries.integers().between(0, 20))
                .as(Noise::new);
    }

    @Property(tries = 3000)
    void normalise_caseSpacingPunctuationAbbreviations_neverChangeTheCanonicalForm(
            @ForAll("addresses") Built a, @ForAll("noise") Noise n) {
        String want = NORMALISER.normalise(a.text()).canonical();
        List<String> lines = new ArrayList<>(a.lines());
        List<String> spellings = SPELLINGS.get(a.streetType());
        String spelling = spellings.get(n.spelling() % spellings.size());
        int streetLine = lines.size() - 3;
        String line = lines.get(streetLine);
        lines.set(streetLine, line.substring(0, line.lastIndexOf(' ') + 1) + spelling);
        StringBuilder sb = new StringBuilder(String.join(", ", lines));
        for (int flip : n.caseFlips()) {
            int i = flip % sb.length();
            char c = sb.charAt(i);
            sb.setCharAt(i, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        List<Integer> spaceAt = new ArrayList<>();
        for (int i = 0; i < sb.length(); i++) {
            if (sb.charAt(i) == ' ') {
                spaceAt.add(i);
            }
        }
        // replace spaces from the end, so that earlier positions stay where they were
        List<Tuple.Tuple2<Integer, String>> edits = new ArrayList<>();
        for (Tuple.Tuple2<Integer, String> s : n.spaces()) {
            edits.add(Tuple.of(spaceAt.get(s.get1() % spaceAt.size()), s.get2()));
        }
        edits.sort((x, y) -> Integer.compare(y.get1(), x.get1()));
        int last = -1;
        for (Tuple.Tuple2<Integer, String> e : edits) {
            if (e.get1() != last) {
                sb.replace(e.get1(), e.get1() + 1, e.get2());
                last = e.get1();
            }
        }
        String noisy = n.wrapOpen() + sb + n.wrapClose();
        assertThat(NORMALISER.normalise(noisy).canonical()).as(escaped(noisy)).isEqualTo(want);
    }

    /** Strings made of address pieces and random characters, so that many of them read. */
    @Provide
    Arbitrary<String> addressLike() {
        return addressPieces();
    }

    static Arbitrary<String> addressPieces() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("Flat", "Apt", "Unit", "No.", "The", "St", "Rd", "Lane", "Court", "Rose", "Cottage", "High",
                        "Street", "Three", "Saint", "Hull", ", ", "; ", " ", "  ", "/", "-", "#", "'", "ZZ1", "1AA", "ZZ10",
                        "3AB", "ZZ11AA", "zzl", "lAA", "O", "S", "B"),
                Arbitraries.integers().between(0, 120).map(String::valueOf),
                Arbitraries.strings().withCharRange('A', 'z').ofMaxLength(4),
                Arbitraries.strings().all().ofMaxLength(3));
        return piece.list().ofMaxSize(16).map(l -> String.join(" ", l));
    }

    /** Non-ASCII characters as \\uXXXX, so a failure report shows exactly what was written. */
    static String escaped(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\u%04X", c)));
        return sb.toString();
    }

    private static String capitalised(String word) {
        return word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT);
    }
}
