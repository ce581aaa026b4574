package screening.core;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.util.ULocale;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one e-mail normaliser (SPEC section 12): queries, entries and register lines all go through
 * it, so that no way of writing the same mailbox slips past a block.
 *
 * <p>Unicode steps (NFKC, lower case, UTS 46 for IDN domains) come from ICU4J, so that all of
 * them read the same Unicode version: the JDK's {@code java.net.IDN} is IDNA 2003, not UTS 46
 * (see {@link EmailDomain}).
 *
 * <p>Thread-safe and stateless apart from its rules; never blocks. Refusals are
 * {@link NotNormalisableException}s, cheap and free of the input.
 */
public final class EmailNormaliser {

    /*
     * The steps, in order (docs/channels-email.md has them for a SPOC):
     *
     *   raw --NFKC, strip--> text --unwrap--> address --split at '@'--> local, domain
     *   domain --EmailDomain (UTS 46, trailing dot)--> ascii --aliases--> canonical domain
     *   local --dot-atom check, cut at '+', dots dropped if dot-insensitive, check--> canonical local
     *
     * NFKC runs before anything is parsed, so a full-width '＠' or '＜' is an '@' or a '<', and again
     * after a mailto: link is percent-decoded. The whole input is lower-cased (SPEC 12): over-matching
     * a mailbox is safer than missing one. A local part must be ASCII dot-atom (RFC 5321) after
     * that: a Unicode local part is refused, which at the query port is a DENY.
     *
     * Every refusal is a NotNormalisableException with a fixed sentence; none holds the input.
     * Input is capped at MAX_RAW characters before NFKC (which can expand a character eighteen-fold),
     * so the work per call is bounded.
     */

    /** The query API's limit on an address (SPEC section 12), and the limit of a canonical form. */
    public static final int MAX_ADDRESS = 254;

    /** Longest input read at all: an address with a long display name, but nothing unbounded. */
    static final int MAX_RAW = 1024;

    static final int MAX_LOCAL = 64;

    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final String MAILTO = "mailto:";

    private final EmailRules rules;
    private final Map<String, String> aliases;
    private final Set<String> dotInsensitive;
    private final Set<String> providers;

    /**
     * @param rules the domain aliases, dot-insensitive domains and provider domains; their domains
     *     are read as a domain in an address is (so {@code GoogleMail.com.} or an IDN spelling works)
     * @throws IllegalArgumentException naming the rule, if a domain in it is not a domain or the
     *     aliases go round in a circle
     */
    public EmailNormaliser(EmailRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
        Map<String, String> direct = new HashMap<>();
        rules.domainAliases().forEach((from, to) ->
                direct.put(ruleDomain("email.domainAliases", from), ruleDomain("email.domainAliases", to)));
        Map<String, String> resolved = new HashMap<>();
        for (String from : direct.keySet()) {
            String to = from;
            for (int steps = 0; direct.containsKey(to); steps++) {
                if (steps > direct.size()) {
                    throw new IllegalArgumentException("email.domainAliases goes round in a circle through " + from);
                }
                to = direct.get(to);
            }
            if (!to.equals(from)) {
                resolved.put(from, to);
            }
        }
        this.aliases = Map.copyOf(resolved);
        Set<String> dots = new HashSet<>();
        for (String d : rules.dotInsensitiveDomains()) {
            dots.add(alias(ruleDomain("email.dotInsensitiveDomains", d)));
        }
        this.dotInsensitive = Set.copyOf(dots);
        Set<String> prov = new HashSet<>();
        for (String d : rules.providerDomains()) {
            String ascii = ruleDomain("email.providerDomains", d);
            prov.add(ascii);
            prov.add(alias(ascii));
        }
        this.providers = Set.copyOf(prov);
    }

    private static String ruleDomain(String key, String domain) {
        try {
            return EmailDomain.toAscii(prepare(Objects.requireNonNull(domain, key)));
        } catch (NotNormalisableException e) {
            // a configured domain, not a victim's: it may be named
            throw new IllegalArgumentException(key + ": '" + domain + "' is not a domain: " + e.getMessage(), e);
        }
    }

    /** The rules this normaliser applies. */
    public EmailRules rules() {
        return rules;
    }

    /**
     * The canonical form of one address, {@code local@domain} (SPEC section 12).
     *
     * @throws NotNormalisableException (with a sentence naming the problem, never the input) when
     *     {@code raw} is not an address this filter accepts; never anything else, for any string
     * @throws NullPointerException if {@code raw} is null
     */
    public String normalise(String raw) {
        String address = unwrap(prepare(raw));
        checkPlainText(address);
        if (address.indexOf('"') >= 0) {
            throw new NotNormalisableException("quoted local parts (\"...\") are not accepted");
        }
        if (address.indexOf('(') >= 0 || address.indexOf(')') >= 0) {
            throw new NotNormalisableException("comments in brackets ('(...)') are not accepted");
        }
        int at = address.indexOf('@');
        if (at < 0) {
            throw new NotNormalisableException("has no '@'");
        }
        if (address.indexOf('@', at + 1) >= 0) {
            throw new NotNormalisableException("has more than one '@'");
        }
        if (at == 0) {
            throw new NotNormalisableException("has nothing before the '@'");
        }
        String domain = domain(address.substring(at + 1));
        String local = local(address.substring(0, at), dotInsensitive.contains(domain));
        if (local.length() + 1 + domain.length() > MAX_ADDRESS) {
            throw new NotNormalisableException("is longer than 254 characters");
        }
        return local + '@' + domain;
    }

    /**
     * The canonical domain a {@code DOMAIN} entry blocks: {@code raw} may be a bare domain
     * ({@code example.org}), {@code @example.org}, or a whole address (its domain is taken).
     * The domain goes through the same steps as an address's (NFKC, lower case, trailing dot,
     * IDN to ASCII, aliases).
     *
     * @throws NotNormalisableException as {@link #normalise}
     * @throws NullPointerException if {@code raw} is null
     */
    public String normaliseDomain(String raw) {
        String text = prepare(raw);
        int at = text.indexOf('@');
        if (at > 0 || text.indexOf('<') >= 0 || startsWithMailto(text)) {
            return domainOf(normalise(raw));
        }
        checkPlainText(text);
        if (at == 0) {
            if (text.indexOf('@', 1) >= 0) {
                throw new NotNormalisableException("has more than one '@'");
            }
            text = text.substring(1);
        }
        return domain(text);
    }

    /**
     * Whether a canonical domain is one of {@code email.providerDomains} or a subdomain of one
     * (refused as a DOMAIN entry).
     */
    public boolean isProviderDomain(String canonicalDomain) {
        String d = canonicalDomain;
        while (true) {
            if (providers.contains(d)) {
                return true;
            }
            int dot = d.indexOf('.');
            if (dot < 0) {
                return false;
            }
            d = d.substring(dot + 1);
        }
    }

    /** NFKC, lower case, the surrounding spaces and invisible marks gone; bounded and whole. */
    private static String prepare(String raw) {
        Objects.requireNonNull(raw, "raw");
        if (raw.length() > MAX_RAW) {
            throw new NotNormalisableException("is longer than " + MAX_RAW + " characters, far too long for an e-mail address");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))) {
                    i++;
                } else {
                    throw new NotNormalisableException("holds a broken character (half of a surrogate pair)");
                }
            }
        }
        String text = UCharacter.toLowerCase(ULocale.ROOT, NFKC.normalize(raw));
        return strip(text);
    }

    /** Drops spaces and invisible format characters (a pasted byte-order mark) at both ends. */
    private static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && ignorableAtEdge(s.charAt(from))) {
            from++;
        }
        while (to > from && ignorableAtEdge(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean ignorableAtEdge(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT;
    }

    private static boolean startsWithMailto(String s) {
        return s.startsWith(MAILTO);
    }

    /** The bare address inside {@code Name <addr>} and {@code mailto:} wrappers. */
    private static String unwrap(String text) {
        String address = text;
        int close = address.length() - 1;
        if (close > 0 && address.charAt(close) == '>') {
            int open = address.lastIndexOf('<', close);
            if (open < 0) {
                throw new NotNormalisableException("has a '>' without its '<'");
            }
            // whatever stands before the '<' is a display name, '@' and quotes included
            address = strip(address.substring(open + 1, close));
        }
        if (startsWithMailto(address)) {
            address = strip(mailto(address.substring(MAILTO.length())));
        }
        if (address.isEmpty()) {
            throw new NotNormalisableException("is empty");
        }
        return address;
    }

    /**
     * The address of a {@code mailto:} link (RFC 6068), percent-decoded as a mail program would,
     * so that {@code mailto:jane%2Bx@example.org} is {@code jane+x@example.org}.
     */
    private static String mailto(String uri) {
        if (uri.startsWith("//")) {
            throw new NotNormalisableException("a 'mailto:' link has no '//': write 'mailto:' then the address");
        }
        if (uri.indexOf('?') >= 0) {
            // ?to= and ?cc= can name more recipients than the one before the '?'
            throw new NotNormalisableException("a 'mailto:' link with '?' fields is not accepted: give the address alone");
        }
        if (uri.indexOf('%') < 0) {
            return uri;
        }
        String decoded = percentDecoded(uri);
        if (decoded == null) {
            throw new NotNormalisableException("a 'mailto:' link has a broken '%' escape");
        }
        return UCharacter.toLowerCase(ULocale.ROOT, NFKC.normalize(decoded));
    }

    /**
     * {@code %XX} escapes as UTF-8 bytes, or null if one is cut short, not hex, or not UTF-8.
     * Written here because java.net.URLDecoder reads '+' as a space (a form, not a URI) and the
     * core takes nothing from java.net.
     */
    private static String percentDecoded(String uri) {
        ByteBuffer bytes = ByteBuffer.allocate(uri.length() * 4);
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '%') {
                int hi = i + 2 < uri.length() ? Character.digit(uri.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(uri.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    return null;
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else {
                int cp = uri.codePointAt(i);
                bytes.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Refuses control characters and the display-form brackets inside the bare address. */
    private static void checkPlainText(String address) {
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (Character.getType(c) == Character.CONTROL) {
                throw new NotNormalisableException("holds a control character");
            }
            if (c == '<' || c == '>') {
                throw new NotNormalisableException("has a '<' or '>' that is not around the whole address");
            }
        }
    }

    /** The canonical domain: {@link EmailDomain}, then the aliases. */
    private String domain(String typed) {
        return alias(EmailDomain.toAscii(typed));
    }

    private String alias(String ascii) {
        return aliases.getOrDefault(ascii, ascii);
    }

    /** The canonical local part: dot-atom as typed, the subaddress cut, dots dropped where they do not count. */
    private static String local(String typed, boolean dotInsensitive) {
        checkDotAtom(typed);
        String local = typed;
        int plus = local.indexOf('+');
        if (plus >= 0) {
            local = local.substring(0, plus);
            if (local.isEmpty()) {
                throw new NotNormalisableException("has nothing before the '+' subaddress");
            }
        }
        if (dotInsensitive) {
            local = local.replace(".", "");
            if (local.isEmpty()) {
                throw new NotNormalisableException("has only dots before the '@'");
            }
        }
        checkDotAtom(local);
        if (local.length() > MAX_LOCAL) {
            throw new NotNormalisableException("the part before the '@' is longer than 64 characters");
        }
        return local;
    }

    /** RFC 5321 Dot-string: atoms of atext, joined by single dots. */
    private static void checkDotAtom(String local) {
        if (local.charAt(0) == '.' || local.charAt(local.length() - 1) == '.') {
            throw new NotNormalisableException("the part before the '@' starts or ends with a dot");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '.') {
                if (local.charAt(i + 1) == '.') {
                    throw new NotNormalisableException("the part before the '@' has two dots together");
                }
            } else if (!isAtext(c)) {
                if (c == ' ') {
                    throw new NotNormalisableException("has a space inside the address");
                }
                throw new NotNormalisableException(c < 0x80
                        ? "the part before the '@' holds a character that addresses cannot hold unquoted"
                        : "the part before the '@' holds a letter outside plain ASCII, which this filter does not accept");
            }
        }
    }

    private static boolean isAtext(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    /**
     * The domain of a canonical address (after the last {@code @}).
     */
    public static String domainOf(String canonical) {
        return canonical.substring(canonical.lastIndexOf('@') + 1);
    }

    /**
     * A canonical address or domain masked for a log line (SPEC section 9): the first character of
     * the local part, {@code ***}, then {@code @domain} ({@code j***@example.org}); a domain alone
     * is kept.
     */
    public static String mask(String canonical) {
        if (canonical == null) {
            return "null";
        }
        int at = canonical.lastIndexOf('@');
        if (at < 0) {
            return canonical;
        }
        return (at > 0 ? canonical.substring(0, 1) : "") + "***" + canonical.substring(at);
    }
}
