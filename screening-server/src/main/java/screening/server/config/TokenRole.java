package screening.server.config;

/**
 * What the bearer of an admin token may do (SPEC section 5): the one place the role names of
 * {@code admin.tokens[].role} are read. Immutable; thread-safe.
 */
public enum TokenRole {

    /** Every admin endpoint: reads, entry changes and reloads. */
    SECURITY("security"),
    /** The read-only endpoints: status, entries, audit. */
    AUDITOR("auditor");

    private static final String EXPECTED = "expected security or auditor";

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
