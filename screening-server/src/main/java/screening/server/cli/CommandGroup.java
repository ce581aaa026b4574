package screening.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code audit}, {@code register}, {@code token}): run
 * alone, it says which subcommands it has and exits {@link ExitCode#USAGE}.
 */
abstract class CommandGroup implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The subcommands and their arguments, as the error line shows them. */
    abstract String subcommands();

    @Override
    public final Integer call() {
        spec.commandLine().getErr().println("error: " + spec.name() + " needs a subcommand: " + subcommands());
        return ExitCode.USAGE;
    }
}
