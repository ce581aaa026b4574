package screening.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class TextLogFormatterTest {

    private final TextLogFormatter formatter = new TextLogFormatter();

    static LogRecord record(Level level, String logger, String message, Object... params) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        r.setParameters(params.length == 0 ? null : params);
        r.setInstant(Instant.parse("2026-12-04T17:45:01.123456Z"));
        return r;
    }

    @Test
    void format_serverEvent_timeLevelShortNameAndMessageOnOneLine() {
        String line = formatter.format(record(Level.INFO, "screening.server.admin.LocalEntryChanges",
                "entry {0} added by {1}", "hull-a-0f", "spoc"));

        assertThat(line).isEqualTo("2026-12-04T17:45:01.123Z INFO  admin.LocalEntryChanges entry hull-a-0f added by spoc\n");
    }

    @Test
    void format_eachLevel_namedAsLogLevelNamesItPaddedToFive() {
        assertThat(formatter.format(record(Level.SEVERE, "a", "m"))).contains("Z ERROR a m");
        assertThat(formatter.format(record(Level.WARNING, "a", "m"))).contains("Z WARN  a m");
        assertThat(formatter.format(record(Level.CONFIG, "a", "m"))).contains("Z DEBUG a m");
        assertThat(formatter.format(record(Level.FINE, "a", "m"))).contains("Z DEBUG a m");
        assertThat(formatter.format(record(Level.FINER, "a", "m"))).contains("Z TRACE a m");
        assertThat(formatter.format(record(Level.FINEST, "a", "m"))).contains("Z TRACE a m");
    }

    @Test
    void format_otherLoggers_keepTheirFullName() {
        assertThat(formatter.format(record(Level.INFO, "io.netty.channel.DefaultChannelPipeline", "m")))
                .contains(" INFO  io.netty.channel.DefaultChannelPipeline m");
        assertThat(formatter.format(record(Level.INFO, null, "m"))).contains(" INFO  - m");
    }

    @Test
    void format_messageWithLineEndsAndControls_staysOneLineEscaped() {
        String forged = "refused\n2026-12-04T17:45:01.123Z INFO  admin.AdminTokens token accepted\r\t\u001b[31m\u0085\u2028\u202e.";

        String line = formatter.format(record(Level.WARNING, "screening.server.x.Y", "push {0}", forged));

        assertThat(line).endsWith("\n").hasLineCount(1);
        assertThat(line.chars().filter(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x202e)
                .count()).as("control characters other than the final line end").isEqualTo(1);
        assertThat(line).contains("push refused\\n2026-12-04T17:45:01.123Z INFO  admin.AdminTokens token accepted\\r\\t"
                + "\\u001b[31m\\u0085\\u2028\\u202e.");
    }

    @Test
    void format_throwable_classMessageAndFramesOnTheSameLine() {
        LogRecord r = record(Level.SEVERE, "screening.server.register.RegisterPoller", "register source n: poll failed");
        IOException cause = new IOException("disk\nfull");
        r.setThrown(new IllegalStateException("poll", cause));

        String line = formatter.format(r);

        assertThat(line).hasLineCount(1).endsWith("\n");
        assertThat(line).startsWith("2026-12-04T17:45:01.123Z ERROR register.RegisterPoller register source n: poll failed"
                + " | java.lang.IllegalStateException: poll\\n\\tat screening.server.logging.TextLogFormatterTest.");
        assertThat(line).contains("\\nCaused by: java.io.IOException: disk\\nfull\\n\\tat ");
    }

    @Test
    void format_messageWithoutParametersButBraces_keptAsWritten() {
        assertThat(formatter.format(record(Level.INFO, "a", "{0} literal"))).contains(" a {0} literal\n");
    }
}
