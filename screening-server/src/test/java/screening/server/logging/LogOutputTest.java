package screening.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import screening.server.config.LogSettings;

class LogOutputTest {

    private final Logger root = Logger.getLogger("");
    private final Logger screening = Logger.getLogger("screening");
    private final Logger netty = Logger.getLogger("io.netty");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Handler[] saved;
    private Level savedRoot;
    private Thread.UncaughtExceptionHandler savedUncaught;

    @BeforeEach
    void saveRootHandlers() {
        saved = root.getHandlers();
        savedRoot = root.getLevel();
        savedUncaught = Thread.getDefaultUncaughtExceptionHandler();
        for (Handler h : saved) {
            root.removeHandler(h);
        }
        root.addHandler(new ConsoleHandler()); // the JDK's default
    }

    @AfterEach
    void restoreRootHandlers() {
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        for (Handler h : saved) {
            root.addHandler(h);
        }
        root.setLevel(savedRoot);
        Thread.setDefaultUncaughtExceptionHandler(savedUncaught);
        screening.setLevel(null);
        netty.setLevel(null);
    }

    private String written() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void install_text_replacesTheConsoleHandlerAndWritesOneUtf8LinePerEvent() {
        Handler h = LogOutput.install(LogSettings.DEFAULT, out);

        System.getLogger("screening.server.admin.Probe").log(System.Logger.Level.INFO, "caf\u00e9 {0}", "line\nend");
        System.getLogger("screening.server.admin.Probe").log(System.Logger.Level.WARNING, "second");

        assertThat(root.getHandlers()).containsExactly(h);
        assertThat(written()).hasLineCount(2);
        assertThat(written().lines()).satisfiesExactly(
                l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  admin\\.Probe caf\u00e9 line\\\\nend"),
                l -> assertThat(l).endsWith(" WARN  admin.Probe second"));
    }

    @Test
    void install_json_everyLineOneObject() throws Exception {
        LogOutput.install(new LogSettings(LogSettings.Format.JSON, LogSettings.Level.INFO), out);

        System.getLogger("screening.server.x.Probe").log(System.Logger.Level.INFO, "one\ntwo");
        System.getLogger("io.netty.Probe").log(System.Logger.Level.ERROR, "netty", new IllegalStateException("x\ny"));

        List<String> lines = written().lines().toList();
        assertThat(lines).hasSize(2);
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readTree(lines.get(0)).get("msg").asText()).isEqualTo("one\ntwo");
        assertThat(m.readTree(lines.get(1)).get("error").get("message").asText()).isEqualTo("x\ny");
    }

    @Test
    void install_twice_leavesOnlyTheSecondHandler() {
        LogOutput.install(LogSettings.DEFAULT, new ByteArrayOutputStream());
        Handler second = LogOutput.install(new LogSettings(LogSettings.Format.JSON, LogSettings.Level.INFO), out);

        System.getLogger("screening.server.x.Probe").log(System.Logger.Level.INFO, "m");

        assertThat(root.getHandlers()).containsExactly(second);
        assertThat(written()).startsWith("{\"ts\":").hasLineCount(1);
    }

    @Test
    void install_otherHandlers_keepsThem() {
        Handler other = new Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        root.addHandler(other);

        Handler h = LogOutput.install(LogSettings.DEFAULT, out);

        assertThat(root.getHandlers()).containsExactlyInAnyOrder(other, h);
    }

    @Test
    void install_warn_dropsInfo() {
        LogOutput.install(new LogSettings(LogSettings.Format.TEXT, LogSettings.Level.WARN), out);

        System.getLogger("screening.server.x.Probe").log(System.Logger.Level.INFO, "info");
        System.getLogger("screening.server.x.Probe").log(System.Logger.Level.WARNING, "warn");
        System.getLogger("jdk.probe").log(System.Logger.Level.INFO, "jdk info");

        assertThat(written()).hasLineCount(1).contains(" WARN  x.Probe warn");
        assertThat(root.getLevel()).isEqualTo(Level.WARNING);
    }

    @Test
    void install_debug_turnsUpTheFilterAndNettyButNotTheJdk() {
        LogOutput.install(new LogSettings(LogSettings.Format.TEXT, LogSettings.Level.DEBUG), out);

        System.getLogger("screening.server.x.Probe").log(System.Logger.Level.DEBUG, "filter debug");
        System.getLogger("screening.server.x.Probe").log(System.Logger.Level.TRACE, "filter trace");
        System.getLogger("io.netty.Probe").log(System.Logger.Level.DEBUG, "netty debug");
        System.getLogger("jdk.internal.httpclient.Probe").log(System.Logger.Level.DEBUG, "jdk debug");

        assertThat(written().lines()).hasSize(2).anyMatch(l -> l.endsWith(" DEBUG x.Probe filter debug"))
                .anyMatch(l -> l.endsWith(" DEBUG io.netty.Probe netty debug"));
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void install_trace_writesEveryLevelOfTheFilter() {
        LogOutput.install(new LogSettings(LogSettings.Format.TEXT, LogSettings.Level.TRACE), out);

        Logger.getLogger("screening.server.x.Probe").finest("finest");

        assertThat(written()).contains(" TRACE x.Probe finest");
    }

    @Test
    void install_threadDiesOfAnException_oneErrorLineWithItsStack() throws Exception {
        LogOutput.install(LogSettings.DEFAULT, out);

        Thread t = new Thread(() -> {
            throw new IllegalStateException("boom\nagain");
        }, "doomed\nthread");
        t.start();
        t.join(10_000);

        assertThat(written()).hasLineCount(1).contains(" ERROR logging.LogOutput thread doomed\\nthread died of an uncaught "
                + "exception | java.lang.IllegalStateException: boom\\nagain\\n\\tat screening.server.logging.LogOutputTest");
    }

    @Test
    void handlerClose_flushesAndLeavesTheStreamOpen() {
        boolean[] closed = {false};
        ByteArrayOutputStream stream = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        Handler h = LogOutput.install(LogSettings.DEFAULT, stream);

        System.getLogger("screening.server.x.Probe").log(System.Logger.Level.INFO, "before close");
        h.close();

        assertThat(closed[0]).isFalse();
        assertThat(stream.toString(StandardCharsets.UTF_8)).contains("before close");
    }
}
