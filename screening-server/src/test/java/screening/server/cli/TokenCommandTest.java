package screening.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TokenCommandTest {

    @Test
    void hash_token_printsLowercaseHexSha256Exit0() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("token", "hash", "abc")).isZero();
        // FIPS 180-2's test vector for "abc"
        assertThat(out.toString().trim()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void hash_noToken_exit2() {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cl.execute("token", "hash")).isEqualTo(2);
    }
}
