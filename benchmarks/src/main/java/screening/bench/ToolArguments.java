package screening.bench;

import picocli.CommandLine;

/**
 * The command line of a tool's {@code main}, read by picocli into an annotated object: on
 * {@code --help} the usage is printed and the JVM exits 0; on bad usage the problem and the usage
 * go to stderr and the JVM exits 2.
 *
 * <p>For {@code main} methods only (it may call {@link System#exit}); main thread.
 */
public final class ToolArguments {

    private ToolArguments() {
    }

    /**
     * Reads {@code args} into {@code arguments}, a {@link CommandLine.Command} whose options
     * include a {@code usageHelp} one, and returns it.
     */
    public static <T> T parseOrExit(T arguments, String[] args) {
        CommandLine commandLine = new CommandLine(arguments);
        try {
            CommandLine.ParseResult result = commandLine.parseArgs(args);
            if (result.isUsageHelpRequested()) {
                commandLine.usage(System.out);
                System.exit(0);
            }
        } catch (CommandLine.ParameterException e) {
            System.err.println(commandLine.getCommandName() + ": " + e.getMessage());
            commandLine.usage(System.err);
            System.exit(2);
        }
        return arguments;
    }
}
