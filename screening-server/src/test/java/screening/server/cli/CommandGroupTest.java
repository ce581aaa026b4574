package screening.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class CommandGroupTest {

    @ParameterizedTest
    @CsvSource({"audit, verify", "token, hash", "register, verify FILE"})
    void call_groupAlone_exit2NamingItsSubcommands(String group, String named) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute(group)).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).startsWith("error: " + group + " needs a subcommand: ").contains(named);
    }
}
