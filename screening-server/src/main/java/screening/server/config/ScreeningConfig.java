package screening.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import screening.core.Mode;
import screening.core.NumberingPlan;
import screening.core.ScreeningPolicy;

/**
 * The whole config (SPEC section 11), validated. Built by {@link ConfigLoader}; immutable.
 *
 * @param establishment this filter's establishment code ([A-Z0-9]{2,8})
 * @param mode blocklist or allowlist
 * @param failClosed deny when no snapshot is loaded
 * @param numbering the numbering block
 * @param query where the switch's port listens
 * @param admin where the admin port listens, and its tokens
 * @param register the register sources and the shrink guard
 * @param dataDir where local entries, last good copies and the audit log live
 */
public record ScreeningConfig(
        String establishment,
        Mode mode,
        boolean failClosed,
        NumberingPlan numbering,
        Listen query,
        Admin admin,
        Register register,
        Path dataDir) {

    /** The screening policy these settings give. */
    public ScreeningPolicy policy() {
        return new ScreeningPolicy(mode, failClosed);
    }

    /** A bind address and port. Port 0 asks the OS for an ephemeral port (tests). */
    public record Listen(String bind, int port) {
    }

    /** The admin port and its tokens. */
    public record Admin(String bind, int port, List<Token> tokens) {
        public Admin {
            tokens = List.copyOf(tokens);
        }

        /** The query-side view: bind and port. */
        public Listen listen() {
            return new Listen(bind, port);
        }
    }

    /** One admin token, by hash only: its name, its role and the SHA-256 of the token in hex. */
    public record Token(String name, TokenRole role, String sha256) {
        public Token {
            Objects.requireNonNull(role, "role");
        }
    }

    /** The register block. */
    public record Register(List<Source> sources, int maxShrinkPercent) {
        public Register {
            sources = List.copyOf(sources);
        }
    }

    /** One register source: a {@code file:} or {@code http(s):} URL polled at an interval. */
    public record Source(String name, URI url, Duration pollInterval) {
    }
}
