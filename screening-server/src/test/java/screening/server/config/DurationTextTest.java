package screening.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void parse_eachUnit_givesTheDuration() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(DurationText.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationText.parse("999999999ms")).isEqualTo(Duration.ofMillis(999_999_999));
    }

    @Test
    void parse_zero_isWellFormed() {
        assertThat(DurationText.parse("0s")).isZero();
    }

    @Test
    void parse_otherForms_refusedQuotingTheText() {
        for (String bad : new String[] {"", "5", "s", "-5s", "+5s", " 5s", "5s ", "5 s", "1.5s", "1m30s", "5S", "5d",
            "5sec", "1000000000ms"}) {
            assertThatThrownBy(() -> DurationText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected a duration like 5s, 500ms or 1m, got \"" + bad + "\"");
        }
    }
}
