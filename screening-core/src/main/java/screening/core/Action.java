package screening.core;

/** What an entry does to a matching call (SPEC section 3). */
public enum Action {
    BLOCK,
    ALLOW
}
