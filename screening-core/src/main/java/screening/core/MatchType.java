package screening.core;

/** How an entry's number is compared with the dialled number (SPEC section 3). */
public enum MatchType {
    /** Equal canonical forms. */
    EXACT,
    /** The canonical E.164 form starts with the entry's E.164 prefix. */
    PREFIX
}
