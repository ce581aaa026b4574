package screening.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code serve [--config FILE]}. PLACEHOLDER (issue 3). */
@Command(name = "serve", description = "Runs the filter (the default).")
public final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("issue 3");
    }
}
