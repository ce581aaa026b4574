package screening.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.List;
import org.junit.jupiter.api.Test;

class FastPathNormaliserTest {

    private final FastPathNormaliser gb = new FastPathNormaliser(new NumberTables(PhoneNumberUtil.getInstance(), "GB"));

    @Test
    void normalise_shapesItDoesNotModel_notHandled() {
        for (String s : List.of("141 07700900123", "０７７００９００１２３", "07700900123#", "07700900123p1", "116123",
                "+44 (0)7700 900123", "+61 491 570 006", "7700900123", "+0044 7700900123")) {
            assertThat(gb.normalise(s)).as(s).isEqualTo(FastPathNormaliser.NOT_HANDLED);
        }
        assertThat(gb.normalise("07700 900123")).isEqualTo(447700900123L);
        assertThat(gb.normalise("+1 202-555-0123")).isEqualTo(12025550123L);
        assertThat(gb.normalise("0044 7700 900 1234")).isEqualTo(CanonicalNumber.INVALID);
    }

    @Test
    void normalise_over64Characters_invalid() {
        assertThat(gb.normalise("07700900123" + " ".repeat(53))).isEqualTo(447700900123L);
        assertThat(gb.normalise("07700900123" + " ".repeat(54))).isEqualTo(CanonicalNumber.INVALID);
    }
}
