package screening.core;

/** Which calls an entry covers (SPEC section 3). */
public enum Scope {
    /** Every call, everywhere. */
    NATIONAL,
    /** Every PIN at the named establishment. */
    ESTABLISHMENT,
    /** The named PIN (at the named establishment, when one is named). */
    PIN
}
