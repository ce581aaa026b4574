package screening.core;

import java.time.Instant;

/**
 * One entry of a list, as security staff or the register wrote it (SPEC section 3). A plain
 * value: it is not validated here; {@link EntryValidator} and the snapshot builder do that.
 *
 * @param id unique string
 * @param action BLOCK or ALLOW
 * @param match EXACT or PREFIX for a number; EXACT or DOMAIN for an e-mail; EXACT or POSTCODE for an address
 * @param number any dialable form for EXACT; an E.164 prefix such as {@code +44909} for PREFIX;
 *     null for an e-mail or address entry
 * @param scope NATIONAL, ESTABLISHMENT or PIN
 * @param establishment required for ESTABLISHMENT, optional for PIN, else null
 * @param pin required for PIN, else null
 * @param validFrom inclusive start of validity, or null for "always was"
 * @param validUntil exclusive end of validity, or null for "never ends"
 * @param reason e.g. VICTIM_REQUEST; free text, may be null
 * @param reference the case reference, may be null
 * @param note free text, may be null
 * @param source filled in by the filter: {@code local} or the register source's name
 * @param createdBy filled in by the filter: the token name, or {@code system}
 * @param createdAt filled in by the filter
 * @param email the e-mail address (EXACT) or domain (DOMAIN) of an e-mail entry, else null (SPEC section 12)
 * @param address the postal address (EXACT) or postcode (POSTCODE) of an address entry, else null
 */
public record Entry(
        String id,
        Action action,
        MatchType match,
        String number,
        Scope scope,
        String establishment,
        String pin,
        Instant validFrom,
        Instant validUntil,
        String reason,
        String reference,
        String note,
        String source,
        String createdBy,
        Instant createdAt,
        String email,
        String address) {

    /** The source name of entries pushed through the admin API. */
    public static final String LOCAL_SOURCE = "local";

    /** A telephone-number entry: no {@code email}, no {@code address}. */
    public Entry(String id, Action action, MatchType match, String number, Scope scope, String establishment,
            String pin, Instant validFrom, Instant validUntil, String reason, String reference, String note,
            String source, String createdBy, Instant createdAt) {
        this(id, action, match, number, scope, establishment, pin, validFrom, validUntil, reason, reference,
                note, source, createdBy, createdAt, null, null);
    }

    /**
     * The channel this entry blocks: the one of {@code number}, {@code email} and {@code address}
     * that is set ({@link Channel#PHONE} when none is; the validator refuses an entry with none, or
     * with more than one).
     */
    public Channel channel() {
        if (number == null) {
            if (email != null) {
                return Channel.EMAIL;
            }
            if (address != null) {
                return Channel.POST;
            }
        }
        return Channel.PHONE;
    }

    /** The value of this entry's channel: its number, e-mail or address as written. */
    public String value() {
        return switch (channel()) {
            case PHONE -> number;
            case EMAIL -> email;
            case POST -> address;
        };
    }

    /** A copy with the filter-filled fields set. */
    public Entry withProvenance(String source, String createdBy, Instant createdAt) {
        return new Entry(id, action, match, number, scope, establishment, pin, validFrom, validUntil,
                reason, reference, note, source, createdBy, createdAt, email, address);
    }

    /** A copy with another id (for ids generated when absent). */
    public Entry withId(String newId) {
        return new Entry(newId, action, match, number, scope, establishment, pin, validFrom, validUntil,
                reason, reference, note, source, createdBy, createdAt, email, address);
    }
}
