package screening.core;

/** The config's {@code mode} (SPEC section 3, rules 4 and 5). */
public enum Mode {
    /** Allow whatever no BLOCK entry covers (the default). */
    BLOCKLIST,
    /** Allow only what an ALLOW entry covers; BLOCK still wins. */
    ALLOWLIST
}
