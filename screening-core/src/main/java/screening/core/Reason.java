package screening.core;

/** Why a decision was taken (SPEC section 3); the name is what the query API returns. */
public enum Reason {
    /** No snapshot is loaded (rule 1). */
    UNAVAILABLE,
    /** The dialled string does not normalise (rule 2). */
    INVALID_NUMBER,
    /** The e-mail address asked about does not normalise (rule 2, SPEC section 12). */
    INVALID_EMAIL,
    /** The postal address asked about does not normalise (rule 2, SPEC section 12). */
    INVALID_ADDRESS,
    /** An applicable BLOCK entry exists (rule 3); the verdict carries its id. */
    BLOCKED,
    /** Allowlist mode and an applicable ALLOW entry exists (rule 4). */
    APPROVED,
    /** Allowlist mode and no applicable ALLOW entry (rule 4). */
    NOT_APPROVED,
    /** Blocklist mode and no applicable BLOCK entry (rule 5). */
    NOT_BLOCKED
}
