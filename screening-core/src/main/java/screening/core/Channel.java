package screening.core;

/** What an entry blocks and a query asks about (SPEC section 12); the name is what the audit writes. */
public enum Channel {
    /** A telephone number ({@code number}). */
    PHONE,
    /** An e-mail address ({@code email}). */
    EMAIL,
    /** A UK postal address ({@code address}). */
    POST
}
