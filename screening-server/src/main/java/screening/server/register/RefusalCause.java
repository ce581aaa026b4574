package screening.server.register;

/**
 * Why a register file was refused, or why a poll failed: the short code used as the
 * {@code cause} label of {@code screening_register_refusals_total}, in the SOURCE_REFUSED audit
 * event, and at the start of a source's {@code lastError}.
 */
public enum RefusalCause {
    /** The file is 0 bytes or only whitespace: never read as "an empty list". */
    EMPTY,
    /** The header line is missing, not JSON, or a field is missing or malformed. */
    HEADER,
    /** The header's {@code entries} differs from the number of entry lines. */
    COUNT,
    /** The header's {@code sha256} differs from the SHA-256 of the bytes after the header. */
    CHECKSUM,
    /** An entry line is not valid JSON or not a valid entry (SPEC section 3). */
    ENTRY,
    /** Two entry lines share an {@code id}. */
    DUPLICATE_ID,
    /** The file's version is not higher than the version loaded. */
    VERSION,
    /** The file would remove more than {@code register.maxShrinkPercent} of the loaded entries. */
    SHRINK,
    /**
     * The source answered {@code 401} or {@code 403}: it refuses this filter's token (a peer's feed
     * whose {@code tokenFile} holds the wrong token). Audited once until a fetch succeeds again.
     */
    AUTH,
    /**
     * The file could not be fetched (connection refused, timeout, HTTP error, body cut short).
     * Not a refusal of a file: it is not audited, but it is counted under this cause and shown
     * in {@code lastError}.
     */
    FETCH
}
