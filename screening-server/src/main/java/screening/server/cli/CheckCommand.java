package screening.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code check --config FILE --pin P --number N [--establishment E]}. PLACEHOLDER (issue 3). */
@Command(name = "check", description = "Prints one decision, as the query API's JSON.")
public final class CheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("issue 3");
    }
}
