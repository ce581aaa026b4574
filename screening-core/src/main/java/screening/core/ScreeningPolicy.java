package screening.core;

import java.util.Objects;

/**
 * The config's {@code mode} and {@code failClosed} (SPEC section 3, rules 1, 4 and 5).
 *
 * @param mode blocklist (default) or allowlist
 * @param failClosed deny when no snapshot is loaded (default true)
 */
public record ScreeningPolicy(Mode mode, boolean failClosed) {

    /** Blocklist, fail closed. */
    public static final ScreeningPolicy DEFAULT = new ScreeningPolicy(Mode.BLOCKLIST, true);

    public ScreeningPolicy {
        Objects.requireNonNull(mode, "mode must not be null");
    }
}
