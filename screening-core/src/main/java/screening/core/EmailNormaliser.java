package screening.core;

import java.util.Objects;

/**
 * The one e-mail normaliser (SPEC section 12): queries, entries and register lines all go through
 * it, so that no way of writing the same mailbox slips past a block.
 *
 * <p>Thread-safe and stateless apart from its rules; never blocks.
 */
public final class EmailNormaliser {

    private final EmailRules rules;

    /** @param rules the domain aliases, dot-insensitive domains and provider domains */
    public EmailNormaliser(EmailRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
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
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * The canonical domain a {@code DOMAIN} entry blocks: {@code raw} may be a bare domain
     * ({@code example.org}), {@code @example.org}, or a whole address (its domain is taken).
     * The domain goes through the same steps as an address's (NFKC, lower case, trailing dot,
     * IDN to ASCII, aliases).
     *
     * @throws NotNormalisableException as {@link #normalise}
     */
    public String normaliseDomain(String raw) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Whether a canonical domain is one of {@code email.providerDomains} or a subdomain of one
     * (refused as a DOMAIN entry).
     */
    public boolean isProviderDomain(String canonicalDomain) {
        throw new UnsupportedOperationException("not yet");
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
