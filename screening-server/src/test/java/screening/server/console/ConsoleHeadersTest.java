package screening.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsoleHeadersTest {

    @Test
    void sessionId_amongOtherCookies_found() {
        assertThat(ConsoleHeaders.sessionId("a=1; screening_session=abc_-9; b=2")).isEqualTo("abc_-9");
        assertThat(ConsoleHeaders.sessionId("screening_session=xyz")).isEqualTo("xyz");
    }

    @Test
    void sessionId_absent_null() {
        assertThat(ConsoleHeaders.sessionId(null)).isNull();
        assertThat(ConsoleHeaders.sessionId("other=1")).isNull();
        assertThat(ConsoleHeaders.sessionId("not_screening_session=1")).isNull();
    }

    @Test
    void setCookie_plainAndTls_haveEveryAttribute() {
        assertThat(ConsoleHeaders.setCookie("ID", Duration.ofHours(8), false))
                .isEqualTo("screening_session=ID; Max-Age=28800; Path=/; HttpOnly; SameSite=Strict");
        assertThat(ConsoleHeaders.setCookie("ID", Duration.ofMinutes(1), true))
                .isEqualTo("screening_session=ID; Max-Age=60; Path=/; HttpOnly; SameSite=Strict; Secure");
        assertThat(ConsoleHeaders.clearCookie(false)).startsWith("screening_session=; Max-Age=0;");
    }

    @Test
    void secureNoStore_setsTheCspAndFriends() {
        HttpHeaders h = new DefaultHttpHeaders();

        ConsoleHeaders.secureNoStore(h);

        assertThat(h.get("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(h.get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(h.get("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(h.get("Cache-Control")).isEqualTo("no-store");
    }
}
