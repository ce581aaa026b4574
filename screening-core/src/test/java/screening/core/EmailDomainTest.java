package screening.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The domain step alone: UTS 46 to ASCII, the trailing dot, and the checks left after UTS 46. */
class EmailDomainTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "example.org|example.org",
        "EXAMPLE.ORG|example.org",
        "example.org.|example.org",
        "bücher.example|xn--bcher-kva.example",
        "xn--BCHER-kva.example|xn--bcher-kva.example",
        "faß.example|xn--fa-hia.example",
        "παράδειγμα.example|xn--hxajbheg2az3al.example",
        "例え.テスト|xn--r8jz45g.xn--zckzah",
        "exam\u200Bple.org|example.org"})
    void toAscii_domain_givesItsUts46AsciiForm(String domain, String ascii) {
        assertThat(EmailDomain.toAscii(domain)).isEqualTo(ascii);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "org", "[192.0.2.1]", "192.0.2.1", "a..b.org", "a.b.org..", "-a.org", "a-.org",
        "a_b.org", "a b.org", "xn--zz.example", "exa\u200Dmple.org", "a.\u0301b.org"})
    void toAscii_notADomain_isRefused(String domain) {
        assertThatThrownBy(() -> EmailDomain.toAscii(domain)).isInstanceOf(NotNormalisableException.class);
    }

    @Test
    void toAscii_overTheLengthLimits_isRefused() {
        String label63 = "a".repeat(63);
        String domain253 = label63 + "." + label63 + "." + label63 + "." + "b".repeat(57) + ".org";
        assertThat(domain253).hasSize(253);
        assertThat(EmailDomain.toAscii(domain253)).isEqualTo(domain253);
        assertThatThrownBy(() -> EmailDomain.toAscii("c." + domain253)).hasMessage("the domain is longer than 253 characters");
        assertThatThrownBy(() -> EmailDomain.toAscii("a".repeat(64) + ".org"))
                .hasMessage("a part of the domain is longer than 63 characters");
    }
}
