package screening.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.server.logging.TextLogFormatterTest.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonLogFormatter formatter = new JsonLogFormatter();

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void format_event_oneObjectWithTheFiveFieldsOnly() throws Exception {
        LogRecord r = record(Level.INFO, "screening.server.admin.LocalEntryChanges", "entry {0} added by {1}",
                "hull-a-0f", "spoc");

        String line = formatter.format(r);

        assertThat(line).endsWith("}\n").hasLineCount(1);
        JsonNode n = MAPPER.readTree(line);
        assertThat(fieldNames(n)).containsExactly("ts", "level", "logger", "thread", "msg");
        assertThat(n.get("ts").asText()).isEqualTo("2026-12-04T17:45:01.123Z");
        assertThat(n.get("level").asText()).isEqualTo("INFO");
        assertThat(n.get("logger").asText()).isEqualTo("screening.server.admin.LocalEntryChanges");
        assertThat(n.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(n.get("msg").asText()).isEqualTo("entry hull-a-0f added by spoc");
    }

    @Test
    void format_recordFromAnotherThread_namesItsId() throws Exception {
        LogRecord r = record(Level.WARNING, "a", "m");
        r.setLongThreadID(Thread.currentThread().getId() + 1000);

        assertThat(MAPPER.readTree(formatter.format(r)).get("thread").asText())
                .isEqualTo("#" + (Thread.currentThread().getId() + 1000));
    }

    @Test
    void format_messageWithLineEndsQuotesAndNonAscii_oneAsciiLineThatReadsBackTheSame() throws Exception {
        String msg = "refused \"x\"\n{\"ts\":\"forged\"}\r\u2028\u2029 caf\u00e9 \u001b \\ \ud83d\ude00";

        String line = formatter.format(record(Level.WARNING, "a", "{0}", msg));

        assertThat(line).hasLineCount(1).endsWith("\n");
        assertThat(line.chars().limit(line.length() - 1)).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(MAPPER.readTree(line).get("msg").asText()).isEqualTo(msg);
    }

    @Test
    void format_throwable_errorObjectWithClassMessageAndStack() throws Exception {
        LogRecord r = record(Level.SEVERE, "screening.server.register.RegisterPoller", "poll failed");
        r.setThrown(new IllegalStateException("poll\nfailed", new IOException("disk full")));

        String line = formatter.format(r);

        assertThat(line).hasLineCount(1);
        JsonNode n = MAPPER.readTree(line);
        assertThat(fieldNames(n)).containsExactly("ts", "level", "logger", "thread", "msg", "error");
        JsonNode e = n.get("error");
        assertThat(fieldNames(e)).containsExactly("class", "message", "stack");
        assertThat(e.get("class").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(e.get("message").asText()).isEqualTo("poll\nfailed");
        assertThat(e.get("stack").asText()).startsWith("java.lang.IllegalStateException: poll\nfailed\n\tat ")
                .contains("\nCaused by: java.io.IOException: disk full\n").doesNotEndWith("\n");
    }

    @Test
    void format_throwableWithoutMessage_leavesMessageOut() throws Exception {
        LogRecord r = record(Level.SEVERE, "a", "m");
        r.setThrown(new NullPointerException());

        assertThat(fieldNames(MAPPER.readTree(formatter.format(r)).get("error"))).containsExactly("class", "stack");
    }

    @Test
    void format_nullMessage_writesJsonNull() throws Exception {
        assertThat(MAPPER.readTree(formatter.format(record(Level.INFO, "a", null))).get("msg").isNull()).isTrue();
    }
}
