package screening.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import screening.server.config.TokenRole;
import screening.server.time.ManualTimeSource;

class ConsoleSessionsTest {

    private final ManualTimeSource clock = new ManualTimeSource(Instant.parse("2026-12-04T09:00:00Z"));

    @Test
    void create_givesA256BitIdThatFindsTheSession() {
        ConsoleSessions s = new ConsoleSessions(Duration.ofHours(8), 10, clock);

        ConsoleSessions.Created c = s.create("spoc-hull", TokenRole.SECURITY);

        assertThat(c.id()).matches("[A-Za-z0-9_-]{43}");
        assertThat(s.find(c.id())).isEqualTo(c.session());
        assertThat(c.session().tokenName()).isEqualTo("spoc-hull");
        assertThat(c.session().role()).isEqualTo(TokenRole.SECURITY);
        assertThat(c.session().expires()).isEqualTo(Instant.parse("2026-12-04T17:00:00Z"));
        assertThat(c.toString()).doesNotContain(c.id());
    }

    @Test
    void create_manyTimes_idsNeverRepeat() {
        ConsoleSessions s = new ConsoleSessions(Duration.ofHours(8), 10_000, clock);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            ids.add(s.create("t", TokenRole.AUDITOR).id());
        }
        assertThat(ids).hasSize(5_000);
    }

    @Test
    void find_atTheTtl_isGoneAndForgotten() {
        ConsoleSessions s = new ConsoleSessions(Duration.ofMinutes(30), 10, clock);
        String id = s.create("t", TokenRole.SECURITY).id();

        clock.advance(Duration.ofMinutes(30).minusNanos(1));
        assertThat(s.find(id)).isNotNull();
        clock.advance(Duration.ofNanos(1));

        assertThat(s.find(id)).isNull();
        assertThat(s.size()).isZero();
    }

    @Test
    void find_unknownOrMalformedIds_null() {
        ConsoleSessions s = new ConsoleSessions(Duration.ofHours(1), 10, clock);
        String id = s.create("t", TokenRole.SECURITY).id();

        assertThat(s.find(null)).isNull();
        assertThat(s.find("")).isNull();
        assertThat(s.find(id.substring(1))).isNull();
        assertThat(s.find(id + "A")).isNull();
        assertThat(s.find("x".repeat(10_000))).isNull();
    }

    @Test
    void end_removesOnlyThatSession() {
        ConsoleSessions s = new ConsoleSessions(Duration.ofHours(1), 10, clock);
        String a = s.create("a", TokenRole.SECURITY).id();
        String b = s.create("b", TokenRole.AUDITOR).id();

        s.end(a);
        s.end(null);

        assertThat(s.find(a)).isNull();
        assertThat(s.find(b).tokenName()).isEqualTo("b");
    }

    @Test
    void create_pastTheBound_evictsTheOldest() {
        ConsoleSessions s = new ConsoleSessions(Duration.ofHours(1), 3, clock);
        String first = s.create("1", TokenRole.SECURITY).id();
        String second = s.create("2", TokenRole.SECURITY).id();
        s.create("3", TokenRole.SECURITY);

        String fourth = s.create("4", TokenRole.SECURITY).id();

        assertThat(s.size()).isEqualTo(3);
        assertThat(s.find(first)).isNull();
        assertThat(s.find(second)).isNotNull();
        assertThat(s.find(fourth)).isNotNull();
    }

    @Test
    void new_zeroTtlOrNoRoom_refused() {
        assertThatThrownBy(() -> new ConsoleSessions(Duration.ZERO, 10, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("admin.sessionTtl");
        assertThatThrownBy(() -> new ConsoleSessions(Duration.ofHours(1), 0, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
