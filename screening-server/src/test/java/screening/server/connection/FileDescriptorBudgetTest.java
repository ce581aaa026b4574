package screening.server.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileDescriptorBudgetTest {

    @Test
    void problem_defaultsUnderTheLimit_none() {
        assertThat(FileDescriptorBudget.problem(4096, 256, 20_000)).isNull();
    }

    @Test
    void problem_exactlyTheLimit_none() {
        assertThat(FileDescriptorBudget.problem(4096, 256, 4096 + 256 + FileDescriptorBudget.RESERVED)).isNull();
    }

    @Test
    void problem_oneOverTheLimit_oneLineNamingBothKeysAndTheNumbers() {
        String p = FileDescriptorBudget.problem(4096, 256, 4096 + 256 + FileDescriptorBudget.RESERVED - 1);

        assertThat(p).startsWith("query.maxConnections + admin.maxConnections (4096 + 256)")
                .contains("need 4608 open files", "may open 4607", "ulimit -n", "LimitNOFILE")
                .doesNotContain("\n");
    }

    @Test
    void problem_largeValues_noOverflow() {
        assertThat(FileDescriptorBudget.problem(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE)).isNull();
        assertThat(FileDescriptorBudget.problem(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE)).isNotNull();
    }

    @Test
    void processLimit_onLinux_theSoftLimitInProcSelfLimits() throws Exception {
        Path limits = Path.of("/proc/self/limits");
        assumeTrue(Files.isReadable(limits), "Linux only");
        String line = Files.readAllLines(limits).stream().filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();
        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
        assumeTrue(soft.matches("[0-9]+"), "a finite limit");

        assertThat(FileDescriptorBudget.processLimit()).isEqualTo(Long.parseLong(soft));
    }
}
