package screening.server.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import screening.server.config.ScreeningConfig;
import screening.server.config.TokenRole;

/**
 * The admin tokens and what their roles allow (SPEC section 5): the configured tokens, or one
 * generated and printed once when none is configured; which token a bearer presents; whether its
 * role may change entries. Only hashes are kept. Immutable; thread-safe; never blocks.
 */
public final class AdminTokens {

    /** The token name used for the token generated when none is configured. */
    public static final String GENERATED_TOKEN_NAME = "generated";

    private static final int SHA256_HEX_DIGITS = 64;

    private final List<Token> tokens;

    /** One admin token: its name (the actor in audit lines), its role, and its SHA-256. */
    record Token(String name, TokenRole role, byte[] sha256) {
    }

    private AdminTokens(List<Token> tokens) {
        this.tokens = tokens;
    }

    /**
     * The configured tokens; when there are none, a new random security token whose value is
     * printed once on {@code out} and kept only as a hash.
     *
     * @throws IllegalArgumentException when a configured hash is not 64 hex digits (names the key)
     */
    public static AdminTokens load(List<ScreeningConfig.Token> configured, PrintStream out) {
        List<Token> list = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            ScreeningConfig.Token t = configured.get(i);
            String hex = t.sha256();
            if (hex == null || hex.length() != SHA256_HEX_DIGITS || !hex.chars().allMatch(HexFormat::isHexDigit)) {
                throw new IllegalArgumentException("admin.tokens[" + i + "].sha256 must be 64 hex digits (token hash TOKEN)");
            }
            list.add(new Token(t.name(), t.role(), HexFormat.of().parseHex(hex)));
        }
        if (list.isEmpty()) {
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            list.add(new Token(GENERATED_TOKEN_NAME, TokenRole.SECURITY, sha256(token)));
            out.println("admin: no tokens configured; this run's security token (printed once): " + token);
            out.flush();
        }
        return new AdminTokens(List.copyOf(list));
    }

    /** The SHA-256 of a token's UTF-8 bytes. */
    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * The token an {@code Authorization: Bearer} header presents, or null when the header is
     * missing, has another scheme, or matches no token.
     */
    Token authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        byte[] h = sha256(authorization.substring(7).trim());
        Token found = null;
        for (Token t : tokens) {
            // every configured hash is compared, in constant time, whatever matched before
            if (MessageDigest.isEqual(h, t.sha256()) && found == null) {
                found = t;
            }
        }
        return found;
    }

    /** The configured token called {@code name}, or null (a console session names its token). */
    Token named(String name) {
        for (Token t : tokens) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Returns when {@code who} may read more than the feed (SPEC section 14: a {@code peer} token
     * reads only {@code GET /admin/v1/feed}).
     *
     * @throws Refusal {@code 403 FORBIDDEN} naming the token and its role otherwise
     */
    static void requireMayRead(Token who) {
        if (!who.role().mayRead()) {
            throw new Refusal(HttpResponseStatus.FORBIDDEN, "FORBIDDEN",
                    "token " + who.name() + " has role " + who.role().configName() + ", which may only read "
                            + LocalFeed.PATH);
        }
    }

    /**
     * Returns when {@code who} may change entries and reload registers.
     *
     * @throws Refusal {@code 403 FORBIDDEN} naming the token and its role otherwise
     */
    static void requireMayChange(Token who) {
        if (!who.role().mayChange()) {
            throw new Refusal(HttpResponseStatus.FORBIDDEN, "FORBIDDEN",
                    "token " + who.name() + " has role " + who.role().configName() + ", which may only read");
        }
    }
}
