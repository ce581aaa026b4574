package screening.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What one line of serve's log output must look like, in each {@code log.format}. */
public final class LogLineShape {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final Pattern TEXT = Pattern.compile(TS + " (ERROR|WARN |INFO |DEBUG|TRACE) \\S+ .*");
    private static final Pattern JSON_TS = Pattern.compile(TS);

    private LogLineShape() {
    }

    /** Asserts that {@code line} is one text event without a control character. */
    public static void text(String line) {
        assertThat(line).matches(TEXT);
        assertThat(line.chars()).as(line).allMatch(c -> c >= 0x20 && !(c >= 0x7f && c <= 0x9f) && c != 0x2028 && c != 0x2029);
    }

    /**
     * Asserts that {@code line} is one JSON object with exactly the fields of log.format json, all
     * in printable ASCII, and returns its decoded {@code msg} and {@code error} text.
     */
    public static String json(String line) {
        assertThat(line.chars()).as(line).allMatch(c -> c >= 0x20 && c < 0x7f);
        JsonNode n;
        try {
            n = MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not one JSON value: " + line, e);
        }
        assertThat(n).as(line).isNotNull();
        assertThat(n.isObject()).as(line).isTrue();
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        if (n.has("error")) {
            assertThat(names).as(line).containsExactly("ts", "level", "logger", "thread", "msg", "error");
            List<String> error = new ArrayList<>();
            n.get("error").fieldNames().forEachRemaining(error::add);
            assertThat(error).as(line).isSubsetOf("class", "message", "stack").contains("class", "stack");
        } else {
            assertThat(names).as(line).containsExactly("ts", "level", "logger", "thread", "msg");
        }
        assertThat(n.get("ts").asText()).matches(JSON_TS);
        assertThat(n.get("level").asText()).isIn("ERROR", "WARN", "INFO", "DEBUG", "TRACE");
        for (String f : List.of("ts", "level", "logger", "thread")) {
            assertThat(n.get(f).isTextual()).as(f + " in " + line).isTrue();
        }
        StringBuilder b = new StringBuilder(n.get("msg").asText());
        if (n.has("error")) {
            n.get("error").forEach(v -> b.append('\n').append(v.asText()));
        }
        return b.toString();
    }
}
