package screening.server.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.junit.jupiter.api.Test;
import screening.core.Entry;

class JsonTest {

    @Test
    void readEntry_numberAsJsonNumber_fails() {
        assertThatThrownBy(() -> Json.MAPPER.readValue(
                "{\"id\":\"a\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":447700900123,\"scope\":\"NATIONAL\"}",
                Entry.class)).isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void readEntry_pinAsBoolean_fails() {
        assertThatThrownBy(() -> Json.MAPPER.readValue(
                "{\"id\":\"a\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700900123\",\"scope\":\"PIN\",\"pin\":true}",
                Entry.class)).isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void readEntry_unknownField_failsNamingIt() {
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"id\":\"a\",\"colour\":\"red\"}", Entry.class))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("colour");
    }

    @Test
    void readEntry_badEnum_fails() {
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"id\":\"a\",\"action\":\"MAYBE\"}", Entry.class))
                .isInstanceOf(InvalidFormatException.class);
    }

    @Test
    void readEntry_strings_read() throws Exception {
        Entry e = Json.MAPPER.readValue(
                "{\"id\":\"a\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900123\",\"scope\":\"NATIONAL\","
                        + "\"validFrom\":\"2026-11-28T12:00:00Z\"}", Entry.class);
        assertThat(e.number()).isEqualTo("07700 900123");
        assertThat(e.validFrom()).hasToString("2026-11-28T12:00:00Z");
    }
}
