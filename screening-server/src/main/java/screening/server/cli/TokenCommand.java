package screening.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code token hash TOKEN} (SPEC section 10): prints the lowercase hex SHA-256 of TOKEN's UTF-8
 * bytes, the value for {@code admin.tokens[].sha256}. {@code -} reads the token from the first
 * line of stdin, so it stays out of shell history.
 */
@Command(name = "token", description = "Hashes an admin token for the config.", subcommands = TokenCommand.Hash.class)
public final class TokenCommand extends CommandGroup {

    @Override
    String subcommands() {
        return "hash";
    }

    /** {@code token hash TOKEN}. */
    @Command(name = "hash", description = "Prints the SHA-256 (hex) to put in admin.tokens[].sha256.")
    public static final class Hash implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TOKEN", description = "the token, or - to read it from stdin")
        String token;

        @Override
        public Integer call() throws IOException {
            String t = token;
            if (t.equals("-")) {
                t = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (t == null) {
                    spec.commandLine().getErr().println("error: TOKEN: nothing on stdin");
                    return ExitCode.USAGE;
                }
            }
            if (t.isEmpty()) {
                spec.commandLine().getErr().println("error: TOKEN must not be empty");
                return ExitCode.USAGE;
            }
            spec.commandLine().getOut().println(sha256Hex(t));
            return ExitCode.OK;
        }
    }

    /** Lowercase hex SHA-256 of {@code token}'s UTF-8 bytes. */
    public static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
