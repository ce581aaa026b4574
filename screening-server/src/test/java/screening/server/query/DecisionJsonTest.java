package screening.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import screening.server.json.Json;

class DecisionJsonTest {

    private static String escaped(String s) {
        byte[] b = new byte[6 * s.length()];
        int n = DecisionJson.escape(s, b, 0);
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void escape_quotesBackslashControlAndUnicode_roundTripsThroughAJsonParser() throws Exception {
        String ref = "SPC\"2026\\0001\n\t\u0001 caf\u00e9 \u20ac \uD83D\uDCDE";

        JsonNode parsed = Json.MAPPER.readTree("\"" + escaped(ref) + "\"");

        assertThat(parsed.asText()).isEqualTo(ref);
    }

    @Test
    void escape_loneSurrogate_becomesReplacementCharacter() throws Exception {
        JsonNode parsed = Json.MAPPER.readTree("\"" + escaped("a\uD800b") + "\"");

        assertThat(parsed.asText()).isEqualTo("a\uFFFDb");
    }
}
