package screening.server.cli;

import picocli.CommandLine.Command;

/** {@code register verify FILE} and {@code register build ...}. PLACEHOLDER (issue 5). */
@Command(name = "register", description = "Checks or builds a register file.")
public final class RegisterCommand {
}
