package screening.core;

import com.ibm.icu.text.IDNA;
import java.util.Set;

/**
 * The domain step of the e-mail normaliser (SPEC section 12): a domain as typed, already NFKC
 * and without its {@code @}, to its canonical ASCII form (trailing dot dropped, labels lower
 * case, IDN labels as {@code xn--} per UTS 46). Aliases are the caller's.
 *
 * <p>Thread-safe and stateless; never blocks. Refusals are {@link NotNormalisableException}s
 * whose sentences never hold the domain.
 */
final class EmailDomain {

    /*
     * UTS 46 comes from ICU4J, not java.net.IDN: the JDK implements IDNA 2003 (Unicode 3.2 only,
     * so any letter added since is refused, and the deviation characters ß, ς, ZWJ and ZWNJ are
     * mapped away), while mail software and browsers now follow UTS 46 non-transitional
     * processing, under which faß.example and fass.example are two domains. The block must name
     * the domain the mail is delivered to. The flags below are UTS 46's strict profile: STD3
     * (letters, digits and hyphens only), and the bidi and joiner rules of IDNA 2008.
     */
    private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.USE_STD3_RULES | IDNA.CHECK_BIDI
            | IDNA.CHECK_CONTEXTJ | IDNA.CHECK_CONTEXTO | IDNA.NONTRANSITIONAL_TO_ASCII);

    static final int MAX_DOMAIN = 253;

    private EmailDomain() {
    }

    /**
     * The canonical ASCII domain of {@code domain}.
     *
     * @throws NotNormalisableException naming the problem, never the domain
     */
    static String toAscii(String domain) {
        if (domain.isEmpty()) {
            throw new NotNormalisableException("has nothing after the '@'");
        }
        if (domain.charAt(0) == '[') {
            throw new NotNormalisableException("IP-address domains ('[...]') are not accepted");
        }
        StringBuilder out = new StringBuilder(domain.length() + 16);
        IDNA.Info info = new IDNA.Info();
        UTS46.nameToASCII(domain, out, info);
        if (info.hasErrors()) {
            throw new NotNormalisableException(sentence(info.getErrors()));
        }
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == '.') {
            out.setLength(--end); // the root label: example.org. is example.org
        }
        if (end == 0) {
            throw new NotNormalisableException("has nothing after the '@'");
        }
        String ascii = out.toString();
        checkAscii(ascii);
        return ascii;
    }

    /** What UTS 46 left to us: LDH labels it has checked; the dot, length and IP-address rules. */
    private static void checkAscii(String ascii) {
        int lastDot = ascii.lastIndexOf('.');
        if (lastDot < 0) {
            throw new NotNormalisableException("the domain has no dot (it needs one, as in example.org)");
        }
        if (lastDot == ascii.length() - 1 || ascii.indexOf("..") >= 0 || ascii.charAt(0) == '.') {
            throw new NotNormalisableException("the domain has an empty part (two dots together, or a dot at either end)");
        }
        if (ascii.length() > MAX_DOMAIN) {
            throw new NotNormalisableException("the domain is longer than 253 characters");
        }
        boolean digitsOnly = true;
        for (int i = lastDot + 1; i < ascii.length() && digitsOnly; i++) {
            char c = ascii.charAt(i);
            digitsOnly = c >= '0' && c <= '9';
        }
        if (digitsOnly) {
            // 192.0.2.1 is an IP address however it is written, and no top-level domain is numeric
            throw new NotNormalisableException("IP-address domains are not accepted");
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
                throw new NotNormalisableException("the domain holds a character that domain names cannot hold");
            }
        }
    }

    /** One sentence for the first UTS 46 error that a person can act on. */
    private static String sentence(Set<IDNA.Error> errors) {
        if (errors.contains(IDNA.Error.EMPTY_LABEL)) {
            return "the domain has an empty part (two dots together, or a dot at either end)";
        }
        if (errors.contains(IDNA.Error.LABEL_TOO_LONG)) {
            return "a part of the domain is longer than 63 characters";
        }
        if (errors.contains(IDNA.Error.DOMAIN_NAME_TOO_LONG)) {
            return "the domain is longer than 253 characters";
        }
        if (errors.contains(IDNA.Error.LEADING_HYPHEN) || errors.contains(IDNA.Error.TRAILING_HYPHEN)) {
            return "a part of the domain starts or ends with '-'";
        }
        if (errors.contains(IDNA.Error.HYPHEN_3_4)) {
            return "a part of the domain has '--' in its third and fourth places but is no 'xn--' name";
        }
        if (errors.contains(IDNA.Error.PUNYCODE) || errors.contains(IDNA.Error.INVALID_ACE_LABEL)) {
            return "the domain has an 'xn--' part that does not decode to a valid name";
        }
        if (errors.contains(IDNA.Error.BIDI)) {
            return "the domain mixes right-to-left and left-to-right letters in a way domain names cannot";
        }
        if (errors.contains(IDNA.Error.CONTEXTJ) || errors.contains(IDNA.Error.CONTEXTO_DIGITS)
                || errors.contains(IDNA.Error.CONTEXTO_PUNCTUATION)) {
            return "the domain holds a joiner, digit or punctuation mark where domain names cannot";
        }
        if (errors.contains(IDNA.Error.LEADING_COMBINING_MARK)) {
            return "a part of the domain starts with a combining accent";
        }
        return "the domain holds a character that domain names cannot hold";
    }
}
