package screening.server.cli;

import picocli.CommandLine.Command;

/** {@code audit verify [--data-dir DIR]}. PLACEHOLDER (issue 4). */
@Command(name = "audit", description = "Checks the audit log's hash chain.")
public final class AuditCommand {
}
