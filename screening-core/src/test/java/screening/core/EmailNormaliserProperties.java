package screening.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the e-mail normaliser: its canonical form is a fixed point, the wrappers and
 * noise SPEC section 12 accepts never change it, and no string at all makes it throw anything
 * but a refusal.
 */
class EmailNormaliserProperties {

    private static final EmailNormaliser NORMALISER = new EmailNormaliser(EmailRules.DEFAULT);
    private static final String ATEXT = "abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*-/=?^_`{|}~";

    /** A valid address, with what may be added to it without changing its mailbox. */
    record Noisy(String address, String noisy) {
    }

    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<String> atom = Arbitraries.strings().withChars(ATEXT).ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> local = atom.list().ofMinSize(1).ofMaxSize(4).map(atoms -> String.join(".", atoms));
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> domain = Combinators.combine(label.list().ofMaxSize(2),
                        Arbitraries.of("example.org", "example.com", "example.net", "gmail.com", "googlemail.com",
                                "bücher.example", "xn--mnchen-3ya.example", "faß.example", "пример.example", "例子.example"))
                .as((subs, base) -> subs.isEmpty() ? base : String.join(".", subs) + "." + base);
        return Combinators.combine(local, domain).as((l, d) -> l + "@" + d);
    }

    @Provide
    Arbitrary<Noisy> noisyAddresses() {
        Arbitrary<String> tag = Arbitraries.strings().withChars(ATEXT + "+.").ofMaxLength(10)
                .filter(t -> !t.startsWith(".") && !t.endsWith(".") && !t.contains(".."));
        Arbitrary<Long> caseBits = Arbitraries.longs();
        Arbitrary<Integer> wrapper = Arbitraries.integers().between(0, 7);
        Arbitrary<String> space = Arbitraries.of("", " ", "  ", "\t", "\u00A0", "\u3000", "\u2009", "\uFEFF");
        Arbitrary<Boolean> trailingDot = Arbitraries.of(true, false);
        Arbitrary<Boolean> fullWidth = Arbitraries.of(true, false);
        return Combinators.combine(addresses(), tag, caseBits, wrapper, space, trailingDot, fullWidth)
                .as((a, t, bits, w, sp, dot, wide) -> {
                    int at = a.indexOf('@');
                    String local = a.substring(0, at);
                    // a tag is only noise if the local part has none of its own
                    String tagged = local.indexOf('+') < 0 && !t.isEmpty() ? local + "+" + t : local;
                    String s = tagged + "@" + a.substring(at + 1) + (dot ? "." : "");
                    s = flipCase(s, bits);
                    if (w == 1 || w == 2 || w == 7) {
                        s = s.replace("%", "%25").replace("?", "%3F").replace("/", "%2F"); // as a mailto: link encodes them
                    }
                    if (wide) {
                        s = EmailCorpus.fullWidth(s);
                    }
                    s = switch (w) {
                        case 0 -> s;
                        case 1 -> "mailto:" + s;
                        case 2 -> "MailTo:" + s;
                        case 3 -> "Some One <" + s + ">";
                        case 4 -> "\"One, Some\" <" + s + ">";
                        case 5 -> "<" + s + ">";
                        case 6 -> "x@example.net <" + s + ">";
                        default -> "Some One <mailto:" + s + ">";
                    };
                    return new Noisy(a, sp + s + sp);
                });
    }

    /** ASCII letters of {@code s} upper-cased where the matching bit of {@code bits} is set. */
    private static String flipCase(String s, long bits) {
        StringBuilder sb = new StringBuilder(s);
        for (int i = 0; i < sb.length(); i++) {
            char c = sb.charAt(i);
            if (c >= 'a' && c <= 'z' && (bits >>> (i % 64) & 1) != 0) {
                sb.setCharAt(i, (char) (c - 0x20));
            }
        }
        return sb.toString();
    }

    @Property(tries = 5000)
    void normalise_canonicalForm_isAFixedPoint(@ForAll("addresses") String address) {
        String once = NORMALISER.normalise(address);
        assertThat(NORMALISER.normalise(once)).as(escaped(address)).isEqualTo(once);
        assertThat(once).isEqualTo(once.toLowerCase(Locale.ROOT)).doesNotContain("+");
        assertThat(NORMALISER.normaliseDomain(once)).isEqualTo(EmailNormaliser.domainOf(once));
    }

    @Property(tries = 5000)
    void normalise_caseSpacesMailtoDisplayNamesAndTags_neverChangeIt(@ForAll("noisyAddresses") Noisy n) {
        assertThat(NORMALISER.normalise(n.noisy())).as(escaped(n.noisy())).isEqualTo(NORMALISER.normalise(n.address()));
    }

    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(80);
        Arbitrary<String> pieces = Arbitraries.of("@", "<", ">", "mailto:", "MAILTO:", "%", "%2B", "%4", "%C3", "%ZZ", "\"", "(",
                        ")", "[", "]", ".", "..", "+", " ", "?", "//", "xn--", "xn--zz", "example.org", "gmail.com", "jane",
                        "\uFF20", "\uFE6B", "\u3002", "\uFF0E", "\u00DF", "\u1E9E", "\u0130", "\u200B", "\u200D", "\uFEFF",
                        "\u00AD", "\uFDFA", "\u3392", "\uD800", "\uDC00", "\uD83D\uDE00", "\u0000", "\u007F", "\n", "\u0301",
                        "\u05D0", "\u0627", "1", "\u0661", "\u30FB", "\u00B7")
                .list().ofMaxSize(20).map(l -> String.join("", l));
        return Arbitraries.oneOf(unicode, pieces, Arbitraries.strings().ascii().ofMaxLength(60));
    }

    @Property(tries = 100_000)
    void normalise_anyString_givesAnAddressOrARefusal(@ForAll("anyText") String raw) {
        String canonical;
        try {
            canonical = NORMALISER.normalise(raw);
        } catch (NotNormalisableException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(canonical.length()).isLessThanOrEqualTo(EmailNormaliser.MAX_ADDRESS);
        assertThat(canonical.chars().allMatch(c -> c > ' ' && c < 0x7F)).as(escaped(raw)).isTrue();
        assertThat(NORMALISER.normalise(canonical)).as(escaped(raw)).isEqualTo(canonical);
    }

    @Property(tries = 20_000)
    void normaliseDomain_anyString_givesADomainOrARefusal(@ForAll("anyText") String raw) {
        String domain;
        try {
            domain = NORMALISER.normaliseDomain(raw);
        } catch (NotNormalisableException e) {
            return;
        }
        assertThat(domain).as(escaped(raw)).matches("[a-z0-9-]+(\\.[a-z0-9-]+)+");
        assertThat(NORMALISER.normaliseDomain(domain)).isEqualTo(domain);
    }

    @Property(tries = 200)
    void normalise_overTheInputLimit_isRefused(@ForAll("anyText") String piece) {
        String huge = (piece.isEmpty() ? "a" : piece).repeat(EmailNormaliser.MAX_RAW + 1);
        try {
            NORMALISER.normalise(huge);
        } catch (NotNormalisableException e) {
            return;
        }
        throw new AssertionError("a string over the input limit was accepted");
    }

    static String escaped(String s) {
        return NormalisationProperties.escaped(s);
    }
}
