package screening.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import screening.core.EmailRules;
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
 * @param query where the switch's port listens, and its connection limits
 * @param admin where the admin port listens, its tokens, its connection limits and its body limit
 * @param register the register sources and the shrink guard
 * @param dataDir where local entries, last good copies and the audit log live
 * @param node this filter's name in its feed and in the ids it generates (SPEC section 14): 1 to 32
 *     of {@code [a-z0-9-]}
 * @param email the e-mail rules (SPEC section 12)
 * @param log how {@code serve} writes its log lines ({@code log.format}, {@code log.level})
 */
public record ScreeningConfig(
        String establishment,
        Mode mode,
        boolean failClosed,
        NumberingPlan numbering,
        Listen query,
        Admin admin,
        Register register,
        Path dataDir,
        String node,
        EmailRules email,
        LogSettings log) {

    /** A node name (SPEC section 14): 1 to 32 of {@code [a-z0-9-]}. */
    public static final Pattern NODE = Pattern.compile("[a-z0-9-]{1,32}");

    public ScreeningConfig {
        Objects.requireNonNull(node, "node");
        if (!NODE.matcher(node).matches()) {
            throw new IllegalArgumentException("node must be 1 to 32 of a-z, 0-9 and '-'");
        }
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(log, "log");
    }

    /** Settings with the default log settings. */
    public ScreeningConfig(String establishment, Mode mode, boolean failClosed, NumberingPlan numbering, Listen query,
            Admin admin, Register register, Path dataDir, String node, EmailRules email) {
        this(establishment, mode, failClosed, numbering, query, admin, register, dataDir, node, email,
                LogSettings.DEFAULT);
    }

    /** Settings with the default e-mail rules. */
    public ScreeningConfig(String establishment, Mode mode, boolean failClosed, NumberingPlan numbering, Listen query,
            Admin admin, Register register, Path dataDir, String node) {
        this(establishment, mode, failClosed, numbering, query, admin, register, dataDir, node, EmailRules.DEFAULT);
    }

    /** The screening policy these settings give. */
    public ScreeningPolicy policy() {
        return new ScreeningPolicy(mode, failClosed);
    }

    /**
     * A bind address and port, and the port's connection limits. Port 0 asks the OS for an
     * ephemeral port (tests).
     */
    public record Listen(String bind, int port, Connections connections) {
        public Listen {
            Objects.requireNonNull(connections, "connections");
        }

        /** The query port's default limits ({@link Connections#QUERY_DEFAULTS}). */
        public Listen(String bind, int port) {
            this(bind, port, Connections.QUERY_DEFAULTS);
        }
    }

    /**
     * One port's connection limits (SPEC section 15): at most {@code maxConnections} open at once,
     * an idle keep-alive connection closed after {@code idleTimeout}, and a request that has not
     * arrived whole within {@code requestTimeout} answered {@code 408}.
     */
    public record Connections(int maxConnections, Duration idleTimeout, Duration requestTimeout) {
        /** {@code query.*}: 4096, 10m, 10s. */
        public static final Connections QUERY_DEFAULTS = new Connections(4096, Duration.ofMinutes(10), Duration.ofSeconds(10));
        /** {@code admin.*}: 256, 60s, 10s. */
        public static final Connections ADMIN_DEFAULTS = new Connections(256, Duration.ofSeconds(60), Duration.ofSeconds(10));

        public Connections {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
            }
            if (idleTimeout.isNegative() || idleTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be above zero");
            }
        }
    }

    /**
     * The admin port, its tokens, its connection limits and its body limit, and the console's
     * session length and optional TLS (SPEC section 13).
     *
     * @param maxBodyBytes the largest request body read, once its token is accepted (SPEC section 15)
     * @param sessionTtl how long a console session lasts from sign-in ({@code admin.sessionTtl})
     * @param tlsCertificate the PEM certificate chain the admin port serves TLS with, or null for plain HTTP
     * @param tlsPrivateKey the PEM private key of {@code tlsCertificate}; null exactly when it is
     */
    public record Admin(String bind, int port, List<Token> tokens, Connections connections, int maxBodyBytes,
            Duration sessionTtl, Path tlsCertificate, Path tlsPrivateKey) {
        /** {@code admin.maxBodyBytes} when the config leaves it out: 16 MiB. */
        public static final int MAX_BODY_BYTES_DEFAULT = 16 << 20;
        /** {@code admin.sessionTtl} when the config leaves it out: a shift. */
        public static final Duration SESSION_TTL_DEFAULT = Duration.ofHours(8);

        public Admin {
            tokens = List.copyOf(tokens);
            Objects.requireNonNull(connections, "connections");
            Objects.requireNonNull(sessionTtl, "sessionTtl");
            if (sessionTtl.isZero() || sessionTtl.isNegative()) {
                throw new IllegalArgumentException("admin.sessionTtl must be above zero");
            }
            if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
                throw new IllegalArgumentException("admin.tls needs both certificate and privateKey, or neither");
            }
        }

        /** Plain HTTP and 8-hour console sessions. */
        public Admin(String bind, int port, List<Token> tokens, Connections connections, int maxBodyBytes) {
            this(bind, port, tokens, connections, maxBodyBytes, SESSION_TTL_DEFAULT, null, null);
        }

        /** With the admin port's default limits ({@link Connections#ADMIN_DEFAULTS}, 16 MiB bodies). */
        public Admin(String bind, int port, List<Token> tokens) {
            this(bind, port, tokens, Connections.ADMIN_DEFAULTS, MAX_BODY_BYTES_DEFAULT);
        }

        /** The listening view: bind, port and limits. */
        public Listen listen() {
            return new Listen(bind, port, connections);
        }

        /** Whether the admin port speaks TLS. */
        public boolean tls() {
            return tlsCertificate != null;
        }

        /** This admin block with {@code sessionTtl} in place of its own (tests). */
        public Admin withSessionTtl(Duration ttl) {
            return new Admin(bind, port, tokens, connections, maxBodyBytes, ttl, tlsCertificate, tlsPrivateKey);
        }

        /** This admin block serving TLS with {@code certificate} and {@code privateKey} (tests). */
        public Admin withTls(Path certificate, Path privateKey) {
            return new Admin(bind, port, tokens, connections, maxBodyBytes, sessionTtl, certificate, privateKey);
        }
    }

    /** One admin token, by hash only: its name, its role and the SHA-256 of the token in hex. */
    public record Token(String name, TokenRole role, String sha256) {
        public Token {
            Objects.requireNonNull(role, "role");
        }
    }

    /**
     * The register block.
     *
     * @param maxShrinkPercent the shrink guard of every source that does not set its own
     */
    public record Register(List<Source> sources, int maxShrinkPercent) {
        public Register {
            sources = List.copyOf(sources);
        }

        /** The shrink guard of {@code source}: its own {@code maxShrinkPercent}, else the register's. */
        public int maxShrinkPercent(Source source) {
            return source.maxShrinkPercent() != null ? source.maxShrinkPercent() : maxShrinkPercent;
        }
    }

    /**
     * One register source: a {@code file:} or {@code http(s):} URL polled at an interval.
     *
     * @param token the bearer token sent as {@code Authorization: Bearer} to an {@code http(s):}
     *     source, read from {@code tokenFile} at start; null for none. Never printed: {@link #toString}
     *     leaves it out.
     * @param maxShrinkPercent this source's shrink guard (0 to 100), or null for
     *     {@code register.maxShrinkPercent}
     */
    public record Source(String name, URI url, Duration pollInterval, String token, Integer maxShrinkPercent) {

        /** A source without a token, under {@code register.maxShrinkPercent}. */
        public Source(String name, URI url, Duration pollInterval) {
            this(name, url, pollInterval, null, null);
        }

        public Source {
            if (maxShrinkPercent != null && (maxShrinkPercent < 0 || maxShrinkPercent > 100)) {
                throw new IllegalArgumentException("maxShrinkPercent must be 0 to 100, got " + maxShrinkPercent);
            }
        }

        @Override
        public String toString() {
            return "Source[name=" + name + ", url=" + url + ", pollInterval=" + pollInterval + ", token="
                    + (token != null ? "(set)" : "none") + ", maxShrinkPercent=" + maxShrinkPercent + "]";
        }
    }
}
