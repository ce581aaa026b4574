package screening.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import screening.core.Channel;
import screening.core.DialledNumberNormaliser;
import screening.core.EmailNormaliser;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.PostalAddressNormaliser;
import screening.core.Screener;
import screening.core.Verdict;
import screening.server.snapshot.SnapshotPublisher;
import screening.server.audit.AuditLog;
import screening.server.config.ConfigException;
import screening.server.config.ConfigLoader;
import screening.server.config.ScreeningConfig;
import screening.server.journal.LocalJournal;
import screening.server.metrics.ScreeningMetrics;
import screening.server.query.DecisionJson;
import screening.server.register.LastGoodCopyStore;
import screening.server.register.RegisterSources;

/**
 * {@code check --config FILE --pin P (--number N | --email E | --address A) [--establishment E]}
 * (SPEC sections 10 and 12): one
 * decision from the config's sources and the local entries in its {@code dataDir}, read once,
 * printed as the query API's JSON; exit 0. Bad usage or config: exit 2 and one line naming the
 * option or key. Blocking; runs on the calling thread.
 */
@Command(name = "check", description = "Prints one decision, as the query API's JSON.")
public final class CheckCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The YAML config.")
    Path config;

    @Option(names = "--pin", paramLabel = "P", required = true, description = "The caller's PIN.")
    String pin;

    @Option(names = "--number", paramLabel = "N", description = "The dialled string.")
    String number;

    @Option(names = "--email", paramLabel = "E", description = "An e-mail address, in place of --number.")
    String email;

    @Option(names = "--address", paramLabel = "A", description = "A UK postal address, in place of --number.")
    String address;

    @Option(names = "--establishment", paramLabel = "E",
            description = "The caller's establishment. Default: the config's.")
    String establishment;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String bad = checkArguments();
        if (bad != null) {
            err.println("error: " + bad);
            err.flush();
            return ExitCode.USAGE;
        }
        ScreeningConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE;
        }
        Verdict verdict = new Verdict();
        // check never writes to the dataDir it reads (SPEC section 15): its audit events go to a
        // scratch directory, so it can never break the live log's hash chain; the register
        // sources load from a copy of their last good copies there, so a fetch is kept there
        // too; the journal is read without the repair of a torn tail that start-up makes
        Path scratch = Files.createTempDirectory("screening-check");
        ScreeningMetrics metrics = new ScreeningMetrics();
        DialledNumberNormaliser normaliser = new DialledNumberNormaliser(cfg.numbering());
        EmailNormaliser emails = new EmailNormaliser(cfg.email());
        PostalAddressNormaliser addresses = new PostalAddressNormaliser();
        EntryValidator validator = new EntryValidator(normaliser, emails, addresses);
        Screener screener = new Screener(cfg.policy(), normaliser, emails, addresses, InstantSource.system());
        Channel channel = number != null ? Channel.PHONE : email != null ? Channel.EMAIL : Channel.POST;
        List<String> expected = new ArrayList<>();
        expected.add(Entry.LOCAL_SOURCE);
        cfg.register().sources().forEach(s -> expected.add(s.name()));
        try (SnapshotPublisher publisher = new SnapshotPublisher(screener, expected);
                AuditLog audit = AuditLog.open(scratch.resolve("audit"), metrics);
                RegisterSources sources = new RegisterSources(cfg.register(), copyOfSources(cfg, scratch), validator,
                        publisher, audit, metrics)) {
            LocalJournal.Contents journal = LocalJournal.read(cfg.dataDir(), validator);
            publisher.update(journal.index(), journal.seq()).join();
            sources.loadAtStart();
            String at = establishment != null ? establishment : cfg.establishment();
            if (channel == Channel.PHONE) {
                screener.screen(pin, at, number, verdict);
            } else {
                screener.screenText(channel, pin, at, channel == Channel.EMAIL ? email : address, verdict);
            }
        } catch (IOException e) {
            err.println("error: dataDir: cannot read " + cfg.dataDir() + ": " + e.getMessage());
            err.flush();
            return ExitCode.USAGE;
        } finally {
            deleteTree(scratch);
        }
        out.println(DecisionJson.toJson(channel, verdict));
        out.flush();
        return ExitCode.OK;
    }

    /**
     * A scratch data directory holding a copy of each configured source's last good copy from
     * {@code cfg.dataDir()}, for the sources to load and, lacking one, fetch and keep.
     */
    private static Path copyOfSources(ScreeningConfig cfg, Path scratch) throws IOException {
        Path data = scratch.resolve("data");
        LastGoodCopyStore from = new LastGoodCopyStore(cfg.dataDir());
        LastGoodCopyStore to = new LastGoodCopyStore(data);
        for (ScreeningConfig.Source s : cfg.register().sources()) {
            if (Files.isRegularFile(from.path(s.name()))) {
                Files.createDirectories(to.path(s.name()).getParent());
                Files.copy(from.path(s.name()), to.path(s.name()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return data;
    }

    /** The query API's rules for the fields (SPEC section 4); messages never echo the number. */
    private String checkArguments() {
        if (pin.isEmpty() || pin.length() > 32 || !pin.matches("[0-9A-Za-z-]+")) {
            return "--pin: expected 1 to 32 of 0-9, A-Z, a-z and -";
        }
        int given = (number != null ? 1 : 0) + (email != null ? 1 : 0) + (address != null ? 1 : 0);
        if (given != 1) {
            return "--number, --email, --address: give exactly one";
        }
        if (number != null && (number.isEmpty() || number.codePointCount(0, number.length()) > 64)) {
            return "--number: expected 1 to 64 characters";
        }
        if (email != null && (email.isEmpty() || email.codePointCount(0, email.length()) > 254)) {
            return "--email: expected 1 to 254 characters";
        }
        if (address != null && (address.isEmpty() || address.codePointCount(0, address.length()) > 512)) {
            return "--address: expected 1 to 512 characters";
        }
        if (establishment != null && !establishment.matches("[A-Z0-9]{2,8}")) {
            return "--establishment: expected 2 to 8 of A-Z and 0-9";
        }
        return null;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover scratch directory in tmp is harmless
        }
    }
}
