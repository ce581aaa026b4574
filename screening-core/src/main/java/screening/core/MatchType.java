package screening.core;

/** How an entry's value is compared with the one asked about (SPEC sections 3 and 12). */
public enum MatchType {
    /** Equal canonical forms (for an address: same postcode and building, sub-premises equal or either absent). */
    EXACT,
    /** A number: the canonical E.164 form starts with the entry's E.164 prefix. */
    PREFIX,
    /** An e-mail: every mailbox at the entry's domain and its subdomains. */
    DOMAIN,
    /** An address: every address in the entry's full postcode. */
    POSTCODE;

    /** Whether an entry of {@code channel} may use this match. */
    public boolean allowedFor(Channel channel) {
        return switch (channel) {
            case PHONE -> this == EXACT || this == PREFIX;
            case EMAIL -> this == EXACT || this == DOMAIN;
            case POST -> this == EXACT || this == POSTCODE;
        };
    }
}
