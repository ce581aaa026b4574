package screening.server.cli;

import picocli.CommandLine.Command;

/** {@code token hash TOKEN}. PLACEHOLDER (issue 4). */
@Command(name = "token", description = "Hashes an admin token for the config.")
public final class TokenCommand {
}
