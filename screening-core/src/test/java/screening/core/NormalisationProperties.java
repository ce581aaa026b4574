package screening.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the normaliser: formatting noise never changes a number's canonical form, and the
 * fast path agrees with the libphonenumber path on every input it answers.
 */
class NormalisationProperties {

    private static final List<DialledCorpus.Base> BASES = DialledCorpus.bases();
    private static final DialledNumberNormaliser NORMALISER = new DialledNumberNormaliser(DialledCorpus.PLAN);
    private static final String SEPARATORS = " -./()\u00A0\u2009\u3000";

    /** One noisy dialling of a base number, with the canonical form it must keep. */
    record Dialling(String dialled, String canonical) {
    }

    @Provide
    Arbitrary<Dialling> noisyDiallings() {
        Arbitrary<DialledCorpus.Base> base = Arbitraries.of(BASES);
        Arbitrary<Integer> shape = Arbitraries.integers().between(0, 4);
        Arbitrary<List<Integer>> separatorsAt = Arbitraries.integers().between(0, 40).list().ofMaxSize(8);
        Arbitrary<Character> separator = Arbitraries.of(SEPARATORS.chars().mapToObj(c -> (char) c).toList());
        Arbitrary<List<Integer>> unicodeAt = Arbitraries.integers().between(0, 40).list().ofMaxSize(6);
        Arbitrary<Integer> script = Arbitraries.of(0, 1, 2, 3, 4, 5, 6);
        Arbitrary<String> postDial = Arbitraries.of("", "", ",1", ";2#", "p123", "P", "w9", "W55", ",,4", " p 0 0");
        Arbitrary<Boolean> sendKey = Arbitraries.of(true, false);
        Arbitrary<List<String>> prefixes = Arbitraries.of(DialledCorpus.STRIP).list().ofMaxSize(4);
        return Combinators.combine(base, shape, separatorsAt, separator, unicodeAt, script, postDial, sendKey)
                .flatAs((b, sh, seps, sep, uni, sc, pd, hash) -> prefixes.map(pre -> {
                    String full = switch (sh) {
                        case 0 -> "+" + b.cc() + b.nsn();
                        case 1 -> "00" + b.cc() + b.nsn();
                        case 2 -> b.trunk().isEmpty() ? "+" + b.cc() + b.nsn() : "+" + b.cc() + "(" + b.trunk() + ")" + b.nsn();
                        case 3 -> b.national() ? b.trunk() + b.nsn() : "00" + b.cc() + b.nsn();
                        default -> b.trunk().isEmpty() ? "00" + b.cc() + b.nsn() : "00" + b.cc() + b.trunk() + b.nsn();
                    };
                    StringBuilder sb = new StringBuilder(String.join("", pre)).append(full);
                    for (int at : uni) {
                        int i = at % sb.length();
                        char c = sb.charAt(i);
                        if (c >= '0' && c <= '9') {
                            sb.replace(i, i + 1, new String(Character.toChars(DialledCorpus.DIGIT_ZEROS[sc] + (c - '0'))));
                        }
                    }
                    for (int at : seps) {
                        int i = at % (sb.length() + 1);
                        if (i > 0 && i < sb.length() && Character.isLowSurrogate(sb.charAt(i))) {
                            i++; // never split a supplementary digit in two
                        }
                        sb.insert(i, sep);
                    }
                    if (hash) {
                        sb.append('#');
                    }
                    sb.append(pd);
                    return new Dialling(sb.toString(), b.canonical());
                }));
    }

    @Property(tries = 3000)
    void normalise_formattingNoise_neverChangesTheCanonicalForm(@ForAll("noisyDiallings") Dialling d) {
        long key = NORMALISER.normalise(d.dialled());
        assertThat(key).as(escaped(d.dialled())).isNotEqualTo(CanonicalNumber.INVALID);
        assertThat(CanonicalNumber.toString(key)).as(escaped(d.dialled())).isEqualTo(d.canonical());
    }

    /** Non-ASCII characters as \\uXXXX, so a failure report shows exactly what was dialled. */
    static String escaped(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\u%04X", c)));
        return sb.toString();
    }

    @Property(tries = 3000)
    void normalise_shortCodeWithNoise_staysTheShortCode(
            @ForAll("shortCodes") String code, @ForAll @IntRange(min = 0, max = 6) int script,
            @ForAll boolean sendKey, @ForAll boolean postDial) {
        String dialled = DialledCorpus.digits(code, DialledCorpus.DIGIT_ZEROS[script], true)
                + (sendKey ? "#" : "") + (postDial ? "p12" : "");
        assertThat(CanonicalNumber.toString(NORMALISER.normalise(dialled))).isEqualTo("GB:" + code);
    }

    @Provide
    Arbitrary<String> shortCodes() {
        return Arbitraries.of(DialledCorpus.SHORT_CODES);
    }

    /** Inputs shaped like what the fast path looks at, plus near misses, in several regions. */
    @Provide
    Arbitrary<String> plainShapes() {
        Arbitrary<String> head = Arbitraries.of("+", "00", "0", "", "+0", "000", "+44", "+440", "0044", "+39", "+390",
                "+1", "+11", "+33", "+330", "+61", "+610", "+49", "+7", "+800", "+979", "+881", "+354", "(+", "141", "9");
        List<Integer> codes = List.copyOf(com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedCallingCodes());
        Arbitrary<String> anyCode = Combinators.combine(Arbitraries.of("+", "00", "+ "), Arbitraries.of(codes))
                .as((p, c) -> p + c);
        head = Arbitraries.oneOf(head, anyCode);
        Arbitrary<String> body = Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(17);
        Arbitrary<String> noise = Arbitraries.strings().withChars("0123456789 -./()#*+x,p٣３").ofMaxLength(3);
        return Combinators.combine(head, body, noise, Arbitraries.integers().between(0, 3))
                .as((h, b, n, where) -> switch (where) {
                    case 0 -> h + b;
                    case 1 -> h + " " + b;
                    case 2 -> h + b + n;
                    default -> n + h + b;
                });
    }

    @Property(tries = 10000)
    void fastPath_whereItAnswers_agreesWithLibphonenumber(
            @ForAll("plainShapes") String dialled, @ForAll("regions") String region) {
        DialledNumberNormaliser n = normaliserFor(region);
        long fast = n.fastPath.normalise(dialled);
        if (fast != FastPathNormaliser.NOT_HANDLED) {
            assertThat(fast).as(region + " [" + dialled + "]").isEqualTo(n.libphonenumberPath.normalise(dialled));
        }
    }

    @Provide
    Arbitrary<String> regions() {
        return Arbitraries.of("GB", "FR", "IT", "US", "DE", "AU", "IE", "GG", "NZ", "IN");
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, DialledNumberNormaliser> BY_REGION =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static DialledNumberNormaliser normaliserFor(String region) {
        return BY_REGION.computeIfAbsent(region, r -> new DialledNumberNormaliser(
                new NumberingPlan(r, NumberingPlan.DEFAULT.stripPrefixes(), null, 4)));
    }
}
