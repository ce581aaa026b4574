package screening.core;

/** What an entry blocks and a query asks about (SPEC section 12); the name is what the audit writes. */
public enum Channel {
    /** A telephone number ({@code number}). */
    PHONE("number"),
    /** An e-mail address ({@code email}). */
    EMAIL("email"),
    /** A UK postal address ({@code address}). */
    POST("address");

    private final String field;

    Channel(String field) {
        this.field = field;
    }

    /** The entry and query field that holds this channel's value: {@code number}, {@code email} or {@code address}. */
    public String field() {
        return field;
    }

    /**
     * A canonical value of this channel masked for a log line (SPEC section 9): a number's
     * {@link CanonicalNumber#mask}, an e-mail's {@link EmailNormaliser#mask}, an address's or
     * postcode's outward code ({@link PostalAddress#mask}). A number entry's PREFIX ({@code +44909})
     * is masked as a number is.
     */
    public String mask(String canonical) {
        return switch (this) {
            case PHONE -> CanonicalNumber.mask(CanonicalNumber.parse(canonical));
            case EMAIL -> EmailNormaliser.mask(canonical);
            case POST -> PostalAddress.mask(canonical);
        };
    }
}
