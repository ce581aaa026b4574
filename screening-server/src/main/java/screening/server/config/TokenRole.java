package screening.server.config;

/**
 * What the bearer of an admin token may do (SPEC section 5): the one place the role names of
 * {@code admin.tokens[].role} are read. Immutable; thread-safe.
 */
public enum TokenRole {

    /** Every admin endpoint: reads, entry changes and reloads. */
    SECURITY("security"),
    /** The read-only endpoints: status, entries, audit, the feed. */
    AUDITOR("auditor"),
    /** The other node of the pair (SPEC section 14): {@code GET /admin/v1/feed} and nothing else. */
    PEER("peer");

    private static final String EXPECTED = "expected security, auditor or peer";

    private final String configName;

    TokenRole(String configName) {
        this.configName = configName;
    }

    /** The role's name in config and in messages, such as {@code security}. */
    public String configName() {
        return configName;
    }

    /** Whether this role may change entries and reload registers. */
    public boolean mayChange() {
        return this == SECURITY;
    }

    /** Whether this role may read anything beyond the feed: entries, status, audit. */
    public boolean mayRead() {
        return this != PEER;
    }

    /**
     * The role that config names {@code value}.
     *
     * @param key the config key being read, such as {@code admin.tokens[0].role}, for the message
     * @throws ConfigException naming {@code key} when {@code value} is not a role's config name
     */
    public static TokenRole parse(String key, String value) throws ConfigException {
        for (TokenRole r : values()) {
            if (r.configName.equals(value)) {
                return r;
            }
        }
        throw new ConfigException(key + ": " + EXPECTED + ", got " + ConfigNode.quote(value));
    }
}
