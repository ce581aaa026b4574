package screening.server.console;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import screening.server.config.TokenRole;
import screening.server.time.TimeSource;

/**
 * The console's sign-in sessions (SPEC section 13), in memory only: a session is made when a
 * token signs in, names that token and its role, and ends at sign-out or {@code admin.sessionTtl}
 * after it began, whichever comes first. A restart ends every session.
 *
 * <p>Thread-safe: every method takes one short lock and never blocks on I/O, so it may be called
 * on the admin event loop.
 */
public final class ConsoleSessions {

    /*
     * A session id is 256 random bits, base64url without padding (43 characters); it lives only in
     * the browser's cookie. The store keys sessions by the SHA-256 of the id, so neither a heap dump
     * nor the map's own equals() compares against the id itself: looking up an id hashes it first,
     * and the hash found is compared with MessageDigest.isEqual, in constant time.
     *
     * Every session lives for the same ttl, so insertion order is expiry order: a LinkedHashMap
     * drops expired sessions from its head, and past MAX_SESSIONS the oldest goes first.
     */

    /** The most sessions kept at once; past it the oldest is ended. */
    public static final int MAX_SESSIONS_DEFAULT = 10_000;
    /** {@code admin.sessionTtl} when the config leaves it out: a shift. */
    public static final Duration TTL_DEFAULT = Duration.ofHours(8);

    private static final int ID_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A signed-in session: the token's name (the audit actor), its role, and when it ends. */
    public record Session(String tokenName, TokenRole role, Instant expires, long expiresNanos) {
    }

    /** A new session and its id, which goes into the cookie and nowhere else. */
    public record Created(String id, Session session) {
        @Override
        public String toString() {
            return "Created[session=" + session + "]"; // never the id
        }
    }

    private final Duration ttl;
    private final int maxSessions;
    private final TimeSource clock;
    private final Object lock = new Object();
    private final LinkedHashMap<String, Stored> sessions = new LinkedHashMap<>(); // under lock; key: hex SHA-256 of the id

    private record Stored(byte[] idHash, Session session) {
    }

    /**
     * @param ttl how long a session lasts from sign-in; above zero
     * @param maxSessions the most sessions kept at once; at least 1
     * @param clock the wall clock for {@link Session#expires}, the monotonic one for expiry
     * @throws IllegalArgumentException when {@code ttl} is not above zero or {@code maxSessions} below 1
     */
    public ConsoleSessions(Duration ttl, int maxSessions, TimeSource clock) {
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("admin.sessionTtl must be above zero");
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, got " + maxSessions);
        }
        this.ttl = ttl;
        this.maxSessions = maxSessions;
        this.clock = clock;
    }

    /** How long a session lasts. */
    public Duration ttl() {
        return ttl;
    }

    /** Starts a session for the token {@code tokenName} of role {@code role}. */
    public Created create(String tokenName, TokenRole role) {
        byte[] raw = new byte[ID_BYTES];
        RANDOM.nextBytes(raw);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] hash = sha256(id);
        long now = clock.nanoTime();
        Session s = new Session(tokenName, role, clock.instant().plus(ttl).truncatedTo(ChronoUnit.MILLIS),
                now + ttl.toNanos());
        synchronized (lock) {
            dropExpired(now);
            while (sessions.size() >= maxSessions) {
                Iterator<Map.Entry<String, Stored>> it = sessions.entrySet().iterator();
                it.next();
                it.remove();
            }
            sessions.put(HexFormat.of().formatHex(hash), new Stored(hash, s));
        }
        return new Created(id, s);
    }

    /** The live session with {@code id}, or null when there is none or it has expired (it is then forgotten). */
    public Session find(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return null;
        }
        byte[] hash = sha256(id);
        long now = clock.nanoTime();
        synchronized (lock) {
            dropExpired(now);
            Stored st = sessions.get(HexFormat.of().formatHex(hash));
            if (st == null || !MessageDigest.isEqual(st.idHash(), hash)) {
                return null;
            }
            return st.session();
        }
    }

    /** Ends the session with {@code id}, if there is one. */
    public void end(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return;
        }
        String key = HexFormat.of().formatHex(sha256(id));
        synchronized (lock) {
            sessions.remove(key);
        }
    }

    /** How many sessions are kept now, expired ones not yet dropped included. */
    public int size() {
        synchronized (lock) {
            return sessions.size();
        }
    }

    /** Drops expired sessions from the head (insertion order is expiry order). Under lock. */
    private void dropExpired(long now) {
        Iterator<Map.Entry<String, Stored>> it = sessions.entrySet().iterator();
        while (it.hasNext()) {
            if (now - it.next().getValue().session().expiresNanos() < 0) {
                return;
            }
            it.remove();
        }
    }

    private static byte[] sha256(String id) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
