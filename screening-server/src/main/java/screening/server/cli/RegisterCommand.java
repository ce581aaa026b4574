package screening.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import screening.core.Action;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.NumberingPlan;
import screening.server.register.EntryCsv;
import screening.server.register.RegisterFile;
import screening.server.register.RegisterFileWriter;
import screening.server.register.RegisterHeader;
import screening.server.register.RegisterRefusedException;

/**
 * {@code register verify FILE} and {@code register build --from entries.csv --source NAME
 * --version N [--out FILE]} (SPEC section 10), so the national register team can produce and check
 * a file without a running filter. Exit codes: 0 good, 1 the file or a row is invalid (the first
 * problem, with its line), 2 bad usage.
 *
 * <p>Numbers are validated with the default numbering plan (defaultRegion GB); a filter with
 * another {@code numbering} block reads national-format numbers its own way, so registers should
 * carry E.164 numbers.
 */
@Command(name = "register", description = "Checks or builds a register file.",
        subcommands = {RegisterCommand.Verify.class, RegisterCommand.Build.class})
public final class RegisterCommand extends CommandGroup {

    @Override
    String subcommands() {
        return "verify FILE, or build --from "
                + "entries.csv --source NAME --version N [--out FILE]";
    }

    static EntryValidator defaultValidator() {
        return new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));
    }

    /** {@code register verify FILE}. */
    @Command(name = "verify", description = "Checks a register file as the filter would (exit 0 good, 1 bad).")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the NDJSON register file")
        Path file;

        @Option(names = "--source", paramLabel = "NAME", description = "also require this source name in the header")
        String source;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException ex) {
                err.println("error: FILE " + file + " does not exist");
                return ExitCode.USAGE;
            } catch (IOException ex) {
                err.println("error: cannot read FILE " + file + ": " + ex.getMessage());
                return ExitCode.USAGE;
            }
            try {
                RegisterFile rf = RegisterFile.parse(bytes, source, 0, defaultValidator());
                out.println("OK " + file + ": source " + rf.header().source() + ", version " + rf.header().version()
                        + ", generated " + rf.header().generated() + ", " + rf.index().size() + " entries ("
                        + rf.index().count(Action.BLOCK) + " BLOCK, " + rf.index().count(Action.ALLOW)
                        + " ALLOW), sha256 " + rf.header().sha256());
                out.flush();
                return ExitCode.OK;
            } catch (RegisterRefusedException ex) {
                err.println("INVALID " + file + ": " + ex.refusalCause() + ": " + ex.getMessage());
                err.flush();
                return ExitCode.CHECK_FAILED;
            }
        }
    }

    /** {@code register build --from entries.csv --source NAME --version N [--out FILE]}. */
    @Command(name = "build", description = "Writes a valid register file from a CSV of entries.")
    static final class Build implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--from", required = true, paramLabel = "entries.csv",
                description = "CSV with a header row naming entry fields: " + "id,action,match,number,scope,"
                        + "establishment,pin,validFrom,validUntil,reason,reference,note")
        Path from;

        @Option(names = "--source", required = true, paramLabel = "NAME", description = "the source name, e.g. national")
        String source;

        @Option(names = "--version", required = true, paramLabel = "N",
                description = "a positive integer, higher than the version the filters hold")
        long version;

        @Option(names = "--out", paramLabel = "FILE", description = "where to write (default: stdout)")
        Path out;

        @Option(names = "--generated", paramLabel = "INSTANT",
                description = "the header's generated instant (default: now)")
        Instant generated;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (!RegisterHeader.SOURCE_NAME.matcher(source).matches()) {
                err.println("error: --source must be 1 to 64 of [A-Za-z0-9_-]");
                return ExitCode.USAGE;
            }
            if (version < 1) {
                err.println("error: --version must be a positive integer");
                return ExitCode.USAGE;
            }
            String csv;
            try {
                csv = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(from))).toString();
            } catch (NoSuchFileException ex) {
                err.println("error: --from " + from + " does not exist");
                return ExitCode.USAGE;
            } catch (CharacterCodingException ex) {
                err.println("INVALID " + from + ": not UTF-8 text");
                return ExitCode.CHECK_FAILED;
            } catch (IOException ex) {
                err.println("error: cannot read --from " + from + ": " + ex.getMessage());
                return ExitCode.USAGE;
            }
            List<Entry> entries;
            try {
                entries = EntryCsv.parse(csv, source, defaultValidator());
            } catch (EntryCsv.InvalidRowException ex) {
                err.println("INVALID " + from + ": " + ex.getMessage());
                return ExitCode.CHECK_FAILED;
            }
            Instant when = generated != null ? generated : Instant.now().truncatedTo(ChronoUnit.SECONDS);
            byte[] file = RegisterFileWriter.render(source, version, when, entries);
            try {
                if (out == null) {
                    System.out.write(file);
                    System.out.flush();
                } else {
                    // temporary file then rename: a server reading --out never sees half a file
                    Path abs = out.toAbsolutePath();
                    writeAtomically(abs, file);
                    spec.commandLine().getOut().println("wrote " + out + ": source " + source + ", version " + version
                            + ", " + entries.size() + " entries");
                    spec.commandLine().getOut().flush();
                }
            } catch (IOException ex) {
                err.println("error: cannot write --out " + out + ": " + ex.getMessage());
                return ExitCode.USAGE;
            }
            return ExitCode.OK;
        }

        private static void writeAtomically(Path target, byte[] bytes) throws IOException {
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
