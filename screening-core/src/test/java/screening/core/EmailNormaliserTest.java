package screening.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule of SPEC section 12 (e-mail), with examples. */
class EmailNormaliserTest {

    private final EmailNormaliser normaliser = new EmailNormaliser(EmailRules.DEFAULT);

    private String refusal(String raw) {
        try {
            normaliser.normalise(raw);
        } catch (NotNormalisableException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted an input the rules refuse");
    }

    @Test
    void normalise_plainAddress_isItself() {
        assertThat(normaliser.normalise("jane.doe@example.org")).isEqualTo("jane.doe@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"  jane.doe@example.org", "jane.doe@example.org \t", "\u00A0jane.doe@example.org\u3000",
        "\uFEFFjane.doe@example.org", "\u200Bjane.doe@example.org\u200E"})
    void normalise_surroundingSpacesAndInvisibleMarks_areDropped(String raw) {
        assertThat(normaliser.normalise(raw)).isEqualTo("jane.doe@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mailto:jane.doe@example.org", "MAILTO:jane.doe@example.org", "MailTo: jane.doe@example.org",
        " mailto:jane.doe@example.org "})
    void normalise_mailtoPrefixInAnyCase_isDropped(String raw) {
        assertThat(normaliser.normalise(raw)).isEqualTo("jane.doe@example.org");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mailto:jane%2Bx@example.org|jane@example.org",
        "mailto:jane%2edoe%40example.org|jane.doe@example.org",
        "mailto:%6Aane.doe@example.org|jane.doe@example.org",
        "mailto:anna@b%C3%BCcher.example|anna@xn--bcher-kva.example",
        "mailto:%EF%BD%8Aane.doe@example.org|jane.doe@example.org"})
    void normalise_percentEncodedMailto_isDecodedAsAMailProgramWould(String raw, String canonical) {
        assertThat(normaliser.normalise(raw)).isEqualTo(canonical);
    }

    @Test
    void normalise_percentOutsideMailto_isAnOrdinaryCharacter() {
        assertThat(normaliser.normalise("jane%2Bx@example.org")).isEqualTo("jane%2bx@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mailto:jane%2@example.org", "mailto:jane%zz@example.org", "mailto:jane%C3@example.org",
        "mailto:jane%FF@example.org"})
    void normalise_brokenPercentEscapeInMailto_isRefused(String raw) {
        assertThat(refusal(raw)).isEqualTo("a 'mailto:' link has a broken '%' escape");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mailto:jane.doe@example.org?subject=hi", "mailto:?to=jane.doe@example.org",
        "mailto:decoy@example.net?cc=jane.doe@example.org"})
    void normalise_mailtoWithHeaderFields_isRefused(String raw) {
        assertThat(refusal(raw)).contains("'?' fields");
    }

    @Test
    void normalise_mailtoWithSlashes_isRefused() {
        assertThat(refusal("mailto://jane.doe@example.org")).contains("'//'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Jane Doe <jane.doe@example.org>", "\"Doe, Jane\" <jane.doe@example.org>", "<jane.doe@example.org>",
        "jane.doe@example.org <jane.doe@example.org>", "someone@example.net <Jane.Doe@example.org>",
        "Jane <mailto:jane.doe@example.org>", "  Jane  <  jane.doe@example.org  >  ", "\"a <b>\" <jane.doe@example.org>"})
    void normalise_displayForm_givesTheAddressInTheBrackets(String raw) {
        assertThat(normaliser.normalise(raw)).isEqualTo("jane.doe@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Jane <jane.doe@example.org> x", "jane.doe@example.org>", "<jane.doe@example.org", "Jane <<jane.doe@example.org>>"})
    void normalise_brokenDisplayForm_isRefused(String raw) {
        assertThatThrownBy(() -> normaliser.normalise(raw)).isInstanceOf(NotNormalisableException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ｊａｎｅ．ｄｏｅ＠ｅｘａｍｐｌｅ．ｏｒｇ", "jane.doe\uFF20example.org", "jane.doe\uFE6Bexample.org",
        "\uD835\uDC23\uD835\uDC1A\uD835\uDC27\uD835\uDC1E.doe@example.org", "\u24D9ane.doe@example.org", "jane\u2024doe@example.org",
        "ｍａｉｌｔｏ：jane.doe@example.org", "Jane ＜jane.doe@example.org＞"})
    void normalise_compatibilityForms_areReadAsTheirNfkcLetters(String raw) {
        assertThat(normaliser.normalise(raw)).isEqualTo("jane.doe@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JANE.DOE@EXAMPLE.ORG", "Jane.Doe@Example.Org", "jAnE.dOe@eXaMpLe.OrG", "\u212Aate@example.org"})
    void normalise_anyCase_isLowerCase(String raw) {
        assertThat(normaliser.normalise(raw)).isEqualTo(raw.startsWith("\u212A") ? "kate@example.org" : "jane.doe@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane.doe@example.org.", "jane.doe@EXAMPLE.ORG.", "jane.doe@example\u3002org", "jane.doe@example.org\u3002"})
    void normalise_trailingOrIdeographicDot_isTheSameDomain(String raw) {
        assertThat(normaliser.normalise(raw)).isEqualTo("jane.doe@example.org");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "anna@bücher.example|anna@xn--bcher-kva.example",
        "anna@BÜCHER.EXAMPLE|anna@xn--bcher-kva.example",
        "anna@bu\u0308cher.example|anna@xn--bcher-kva.example",
        "anna@XN--BCHER-KVA.example|anna@xn--bcher-kva.example",
        "anna@exa\u00ADmple.org|anna@example.org",
        "anna@münchen.example|anna@xn--mnchen-3ya.example",
        "anna@пример.example|anna@xn--e1afmkfd.example",
        "anna@例子.example|anna@xn--fsqu00a.example"})
    void normalise_idnDomain_isAsciiPerUts46(String raw, String canonical) {
        assertThat(normaliser.normalise(raw)).isEqualTo(canonical);
    }

    @Test
    void normalise_deviationCharacter_isKeptAsUts46NonTransitionalDoes() {
        assertThat(normaliser.normalise("anna@faß.example")).isEqualTo("anna@xn--fa-hia.example");
        assertThat(normaliser.normalise("anna@fass.example")).isEqualTo("anna@fass.example");
    }

    @Test
    void normalise_aliasedDomain_isItsTarget() {
        assertThat(normaliser.normalise("spcvictim@googlemail.com")).isEqualTo("spcvictim@gmail.com");
        assertThat(normaliser.normalise("spcvictim@mail.googlemail.com")).isEqualTo("spcvictim@mail.googlemail.com");
    }

    @Test
    void normalise_configuredAlias_isApplied() {
        EmailNormaliser custom = new EmailNormaliser(new EmailRules(
                Map.of("mail.example.net", "example.net"), Set.of(), Set.of()));
        assertThat(custom.normalise("jane@Mail.Example.Net.")).isEqualTo("jane@example.net");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jane.doe+news@example.org|jane.doe@example.org",
        "jane.doe+@example.org|jane.doe@example.org",
        "jane.doe+a+b@example.org|jane.doe@example.org",
        "jane.doe+x.y@example.org|jane.doe@example.org",
        "spc.victim+tag@gmail.com|spcvictim@gmail.com"})
    void normalise_subaddress_isDroppedForEveryDomain(String raw, String canonical) {
        assertThat(normaliser.normalise(raw)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spc.victim.test@gmail.com", "spcvictimtest@gmail.com", "s.p.c.v.i.c.t.i.m.t.e.s.t@gmail.com",
        "spc.victim.test@googlemail.com", "SPC.Victim.Test+x@GoogleMail.com."})
    void normalise_dotsAtDotInsensitiveDomain_areDropped(String raw) {
        assertThat(normaliser.normalise(raw)).isEqualTo("spcvictimtest@gmail.com");
    }

    @Test
    void normalise_dotsAtOtherDomains_areKept() {
        assertThat(normaliser.normalise("jane.doe@example.org")).isNotEqualTo(normaliser.normalise("janedoe@example.org"));
        assertThat(normaliser.normalise("spc.victim@mail.gmail.com")).isEqualTo("spc.victim@mail.gmail.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"jane\"@example.org", "\"jane doe\"@example.org", "\"j@ne\"@example.org"})
    void normalise_quotedLocalPart_isRefused(String raw) {
        assertThat(refusal(raw)).isEqualTo("quoted local parts (\"...\") are not accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane(comment)@example.org", "jane@(comment)example.org", "(x)jane@example.org"})
    void normalise_comment_isRefused(String raw) {
        assertThat(refusal(raw)).isEqualTo("comments in brackets ('(...)') are not accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane@[192.0.2.1]", "jane@[IPv6:2001:db8::1]", "jane@192.0.2.1", "jane@192.0.2.1."})
    void normalise_ipAddressDomain_isRefused(String raw) {
        assertThat(refusal(raw)).startsWith("IP-address domains");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane.doe.example.org", "jane.doe at example.org", "mailto:jane.doe", "Jane <jane.doe>"})
    void normalise_noAt_isRefused(String raw) {
        assertThat(refusal(raw)).isEqualTo("has no '@'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane@doe@example.org", "jane@example.org@example.net", "Jane <a@b@example.org>"})
    void normalise_twoAts_isRefused(String raw) {
        assertThat(refusal(raw)).isEqualTo("has more than one '@'");
    }

    @Test
    void normalise_emptyLocalPart_isRefused() {
        assertThat(refusal("@example.org")).isEqualTo("has nothing before the '@'");
        assertThat(refusal("+tag@example.org")).isEqualTo("has nothing before the '+' subaddress");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane@localhost", "jane@org", "jane@org."})
    void normalise_domainWithoutDot_isRefused(String raw) {
        assertThat(refusal(raw)).startsWith("the domain has no dot");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jane..doe@example.org|the part before the '@' has two dots together",
        ".jane@example.org|the part before the '@' starts or ends with a dot",
        "jane.@example.org|the part before the '@' starts or ends with a dot",
        "jane.+x@example.org|the part before the '@' starts or ends with a dot",
        "jane doe@example.org|has a space inside the address",
        "jane,doe@example.org|the part before the '@' holds a character that addresses cannot hold unquoted",
        "jané@example.org|the part before the '@' holds a letter outside plain ASCII, which this filter does not accept",
        "ja\u200Bne@example.org|the part before the '@' holds a letter outside plain ASCII, which this filter does not accept",
        "jane@exa mple.org|the domain holds a character that domain names cannot hold",
        "jane@example..org|the domain has an empty part (two dots together, or a dot at either end)",
        "jane@-example.org|a part of the domain starts or ends with '-'",
        "jane@xn--zz.example|the domain has an 'xn--' part that does not decode to a valid name",
        "jane@|has nothing after the '@'",
        "jane@.|the domain has an empty part (two dots together, or a dot at either end)",
        "jane@a\tb.org|holds a control character"})
    void normalise_notDotAtomOrBadDomain_isRefusedWithItsOwnSentence(String raw, String sentence) {
        assertThat(refusal(raw)).isEqualTo(sentence);
    }

    @Test
    void normalise_overLengthLimits_isRefused() {
        String local64 = "a".repeat(64);
        assertThat(normaliser.normalise(local64 + "@example.org")).isEqualTo(local64 + "@example.org");
        assertThat(refusal("a".repeat(65) + "@example.org")).isEqualTo("the part before the '@' is longer than 64 characters");
        String label = "b".repeat(60);
        String domain = label + "." + label + "." + label + ".example.org"; // 194 characters
        assertThat(refusal("a".repeat(60) + "@" + domain)).isEqualTo("is longer than 254 characters");
        assertThat(refusal("jane@" + "c".repeat(64) + ".example.org")).isEqualTo("a part of the domain is longer than 63 characters");
        assertThat(refusal("x".repeat(EmailNormaliser.MAX_RAW + 1))).startsWith("is longer than 1024 characters");
    }

    @Test
    void normalise_unpairedSurrogate_isRefused() {
        assertThat(refusal("jane\uD800@example.org")).isEqualTo("holds a broken character (half of a surrogate pair)");
        assertThat(refusal("jane@example.org\uDC00")).isEqualTo("holds a broken character (half of a surrogate pair)");
    }

    @Test
    void normalise_refusal_neverHoldsTheInput() {
        for (String raw : new String[] {"\"victim\"@refuge.example.net", "victim(x)@refuge.example.net", "victim.refuge.example.net",
            "victim@victim@refuge.example.net", "victim@[192.0.2.1]", "victim..x@refuge.example.net", "victim@refuge",
            "mailto:victim@refuge.example.net?subject=x", "victim@ref_uge.example.net"}) {
            assertThat(refusal(raw)).doesNotContain("victim").doesNotContain("refuge").doesNotContain("192");
        }
    }

    @Test
    void normalise_null_throwsNullPointerException() {
        assertThatThrownBy(() -> normaliser.normalise(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "example.org|example.org",
        "@example.org|example.org",
        "  @Example.Org.  |example.org",
        "Bücher.Example|xn--bcher-kva.example",
        "jane.doe+x@mail.example.net|mail.example.net",
        "Jane <jane@example.com>|example.com",
        "mailto:jane@example.com|example.com",
        "googlemail.com|gmail.com"})
    void normaliseDomain_domainOrAddress_givesTheCanonicalDomain(String raw, String canonical) {
        assertThat(normaliser.normaliseDomain(raw)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "@", "@@example.org", "[192.0.2.1]", "192.0.2.1", "exa mple.org", "\"x\"@example.org"})
    void normaliseDomain_notADomain_isRefused(String raw) {
        assertThatThrownBy(() -> normaliser.normaliseDomain(raw)).isInstanceOf(NotNormalisableException.class);
    }

    @Test
    void isProviderDomain_providerOrItsSubdomain_isTrue() {
        assertThat(normaliser.isProviderDomain("gmail.com")).isTrue();
        assertThat(normaliser.isProviderDomain("hotmail.co.uk")).isTrue();
        assertThat(normaliser.isProviderDomain("eu.outlook.com")).isTrue();
        assertThat(normaliser.isProviderDomain(normaliser.normaliseDomain("GoogleMail.com"))).isTrue();
        assertThat(normaliser.isProviderDomain("x.googlemail.com")).isTrue();
    }

    @Test
    void isProviderDomain_otherOrParentDomain_isFalse() {
        assertThat(normaliser.isProviderDomain("example.org")).isFalse();
        assertThat(normaliser.isProviderDomain("co.uk")).isFalse();
        assertThat(normaliser.isProviderDomain("com")).isFalse();
        assertThat(normaliser.isProviderDomain("notgmail.com")).isFalse();
    }

    @Test
    void constructor_rulesInAnyForm_areReadAsDomains() {
        EmailNormaliser custom = new EmailNormaliser(new EmailRules(
                Map.of("GoogleMail.com.", "Gmail.Com"), Set.of("GMAIL.COM"), Set.of("Bücher.example")));
        assertThat(custom.normalise("s.p.c@googlemail.com")).isEqualTo("spc@gmail.com");
        assertThat(custom.isProviderDomain("mail.xn--bcher-kva.example")).isTrue();
    }

    @Test
    void constructor_aliasChain_resolvesToTheEnd() {
        EmailNormaliser custom = new EmailNormaliser(new EmailRules(
                Map.of("a.example", "b.example", "b.example", "c.example"), Set.of("c.example"), Set.of()));
        assertThat(custom.normalise("j.o@a.example")).isEqualTo("jo@c.example");
        assertThat(custom.normalise("j.o@b.example")).isEqualTo("jo@c.example");
    }

    @Test
    void constructor_aliasCircle_throwsNamingTheKey() {
        assertThatThrownBy(() -> new EmailNormaliser(new EmailRules(
                Map.of("a.example", "b.example", "b.example", "a.example"), Set.of(), Set.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("email.domainAliases");
    }

    @Test
    void constructor_ruleThatIsNoDomain_throwsNamingTheKey() {
        assertThatThrownBy(() -> new EmailNormaliser(new EmailRules(Map.of(), Set.of("gmail"), Set.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("email.dotInsensitiveDomains: 'gmail' is not a domain");
    }

    @Test
    void mask_canonicalAddress_keepsFirstLetterAndDomain() {
        assertThat(EmailNormaliser.mask("jane.doe@example.org")).isEqualTo("j***@example.org");
        assertThat(EmailNormaliser.domainOf("jane.doe@example.org")).isEqualTo("example.org");
    }
}
