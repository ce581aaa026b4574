package screening.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContactAttemptBurstsTest {

    private static final long WINDOW = 15 * 60_000;

    @Test
    void record_severalPinsOnOneRef_countsPinsAndAttemptsOfTheWorstRef() {
        ContactAttemptBursts b = new ContactAttemptBursts(WINDOW);
        b.record("SPC-1", "1001", 0);
        b.record("SPC-1", "1002", 1_000);
        b.record("SPC-1", "1002", 2_000);
        b.record("SPC-1", "1003", 3_000);
        b.record("SPC-2", "1001", 4_000);

        assertThat(b.maxAttempts()).isEqualTo(4);
        assertThat(b.maxPins()).isEqualTo(3);
    }

    @Test
    void record_manyRefsOneAttemptEach_maximaStayAtOne() {
        ContactAttemptBursts b = new ContactAttemptBursts(WINDOW);
        for (int i = 0; i < 100; i++) {
            b.record("SPC-" + i, "1001", i);
        }

        assertThat(b.maxAttempts()).isEqualTo(1);
        assertThat(b.maxPins()).isEqualTo(1);
    }

    @Test
    void slide_pastTheWindow_forgetsOldAttempts() {
        ContactAttemptBursts b = new ContactAttemptBursts(WINDOW);
        b.record("SPC-1", "1001", 0);
        b.record("SPC-1", "1002", 60_000);
        b.record("SPC-1", "1002", 120_000);

        b.slide(WINDOW + 60_000); // the first attempt (at 0) and the one at 60 s have left

        assertThat(b.maxAttempts()).isEqualTo(1);
        assertThat(b.maxPins()).isEqualTo(1);

        b.slide(WINDOW + 120_000);

        assertThat(b.maxAttempts()).isZero();
        assertThat(b.maxPins()).isZero();
    }

    @Test
    void slide_samePinTwiceOneLeaves_pinStillCounted() {
        ContactAttemptBursts b = new ContactAttemptBursts(WINDOW);
        b.record("SPC-1", "1001", 0);
        b.record("SPC-1", "1001", 10 * 60_000);
        b.record("SPC-1", "1002", 10 * 60_000);

        b.slide(WINDOW + 1);

        assertThat(b.maxAttempts()).isEqualTo(2);
        assertThat(b.maxPins()).isEqualTo(2);
    }

    @Test
    void constructor_zeroWindow_throwsNamingIt() {
        assertThatThrownBy(() -> new ContactAttemptBursts(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst window");
    }
}
