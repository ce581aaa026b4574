package screening.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code screening-server} (SPEC section 10). Exit codes: 0 success, 1 a check failed, 2 bad
 * usage or config. With no subcommand, {@code serve}.
 */
@Command(name = "screening-server", mixinStandardHelpOptions = true,
        description = "Inline call-screening filter for prison PIN-phone switches.",
        subcommands = {ServeCommand.class, CheckCommand.class, RegisterCommand.class, AuditCommand.class,
                TokenCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        return run(null, null, args);
    }

    /**
     * Runs the command line with its output and errors sent to {@code out} and {@code err}
     * (null: stdout, stderr) and returns the exit code.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        if (args.length == 0 || args[0].startsWith("--config") || args[0].startsWith("--log-format")) {
            String[] withServe = new String[args.length + 1];
            withServe[0] = "serve";
            System.arraycopy(args, 0, withServe, 1, args.length);
            args = withServe;
        }
        CommandLine cl = commandLine();
        if (out != null) {
            cl.setOut(out);
        }
        if (err != null) {
            cl.setErr(err);
        }
        return cl.execute(args);
    }

    /** The picocli command line with the SPEC's exit codes. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(e -> ExitCode.USAGE);
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            c.getErr().flush();
            return ExitCode.USAGE;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            return ExitCode.USAGE;
        });
        return cl;
    }
}
