package screening.core;

/** The answer to "may this PIN dial this number?". */
public enum Decision {
    ALLOW,
    DENY
}
