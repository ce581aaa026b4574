package screening.server.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import screening.server.audit.AuditChain;

/**
 * {@code audit verify [--data-dir DIR]} (SPEC section 10): walks the audit log's hash chain and
 * checks it against the head file. Exit 0 with a summary line; 1 naming the first broken seq;
 * 2 when the files cannot be read. Reads only; safe beside a running filter.
 */
@Command(name = "audit", description = "Checks the audit log's hash chain.", subcommands = AuditCommand.Verify.class)
public final class AuditCommand extends CommandGroup {

    @Override
    String subcommands() {
        return "verify";
    }

    /** {@code audit verify}. */
    @Command(name = "verify", description = "Walks the chain; exit 1 names the first broken seq.")
    public static final class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "data", description = "the filter's dataDir (default: data)")
        Path dataDir;

        @Override
        public Integer call() {
            AuditChain.Result r;
            try {
                r = AuditChain.verify(dataDir);
            } catch (IOException e) {
                spec.commandLine().getErr().println("error: --data-dir " + dataDir + ": cannot read the audit log: "
                        + e.getMessage());
                return ExitCode.USAGE;
            }
            if (r.ok()) {
                spec.commandLine().getOut().println("audit log " + dataDir + ": chain intact, " + r.lastSeq()
                        + " events, head matches");
                return ExitCode.OK;
            }
            spec.commandLine().getOut().println("audit log " + dataDir + ": BROKEN at seq " + r.brokenSeq() + ": "
                    + r.problem());
            return ExitCode.CHECK_FAILED;
        }
    }
}
