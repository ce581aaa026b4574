package screening.server.console;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.util.AsciiString;
import java.time.Duration;

/**
 * The headers of the console's answers (SPEC section 13): the Content-Security-Policy that allows
 * no inline script and no other origin, the headers that go with it, and the session cookie.
 * Stateless; any thread.
 */
public final class ConsoleHeaders {

    /** The session cookie's name. */
    public static final String COOKIE_NAME = "screening_session";
    /** The header a cookie-authenticated change must carry, with the value {@code 1}. */
    public static final AsciiString CONSOLE_HEADER = AsciiString.cached("x-screening-console");

    /** Scripts, styles, images and fetches from this origin only; no frames, forms elsewhere, plugins or base. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'; object-src 'none'";

    private ConsoleHeaders() {
    }

    /** Puts the CSP, {@code nosniff} and {@code no-referrer} on a console answer. */
    public static void secure(HttpHeaders h) {
        h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
    }

    /** {@link #secure}, and {@code Cache-Control: no-store}: a session answer is never kept. */
    public static void secureNoStore(HttpHeaders h) {
        secure(h);
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    }

    /**
     * The session id in a request's {@code Cookie} header (may be null), or null when it holds no
     * {@value #COOKIE_NAME}.
     */
    public static String sessionId(String cookieHeader) {
        if (cookieHeader == null || cookieHeader.indexOf(COOKIE_NAME) < 0) {
            return null;
        }
        for (Cookie c : ServerCookieDecoder.STRICT.decodeAll(cookieHeader)) {
            if (c.name().equals(COOKIE_NAME)) {
                return c.value();
            }
        }
        return null;
    }

    /**
     * The {@code Set-Cookie} value that gives the browser session {@code id} for {@code maxAge}:
     * {@code HttpOnly}, {@code SameSite=Strict}, {@code Path=/}, and {@code Secure} when {@code tls}.
     * Written out here rather than by Netty's encoder, which adds an {@code Expires} read from the
     * system clock rather than the server's injected one; {@code Max-Age} alone says it.
     */
    public static String setCookie(String id, Duration maxAge, boolean tls) {
        return COOKIE_NAME + "=" + id + "; Max-Age=" + maxAge.toSeconds() + "; Path=/; HttpOnly; SameSite=Strict"
                + (tls ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that makes the browser forget the session cookie. */
    public static String clearCookie(boolean tls) {
        return setCookie("", Duration.ZERO, tls);
    }
}
