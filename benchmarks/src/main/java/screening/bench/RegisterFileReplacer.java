package screening.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a {@code file:} register source of drama numbers and, with {@code --every}, replaces it
 * with a new version at a fixed interval, for measuring reloads through the real server
 * ({@code benchmarks/reload/over-http.sh}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar screening.bench.RegisterFileReplacer --file F \
 *     [--entries 1000000] [--blocked-out FILE] [--from-version 1] [--every 1000ms --for 300s] [--changed 8]
 * </pre>
 *
 * <p>The file: the load tool's default blocked numbers ({@code +447700900123} and
 * {@code +4477009009xx}) blocked NATIONAL, and the rest of {@code --entries} the 4,000 drama
 * numbers each blocked for PINs {@code P0}, {@code P1}, ... (scope PIN), which the load tool's PIN
 * never is: a query from it is decided on the whole index and its answer does not change with
 * the version. {@code --blocked-out} gets the NATIONAL numbers, one a line, for the load tool's
 * {@code --blocked}.
 *
 * <p>Version {@code --from-version} is written at once; with {@code --every}, the next ones
 * follow, each written to a temporary file beside {@code --file} and renamed over it (atomic),
 * without fsync. Each version differs from
 * the one before in {@code 2 x --changed} lines (a PIN block's reason), never in its ids or
 * decisions. One line per version goes to stdout ({@code version V written in N ms}); a write
 * that takes longer than the interval makes the next one start at once, and ticks missed are
 * skipped, not caught up. Stops after {@code --for}, or when the JVM is stopped.
 *
 * <p>Main thread only; writes only the file, its temporary sibling and {@code --blocked-out}.
 * Exit 0, 1 on an I/O error, 2 on bad usage.
 */
public final class RegisterFileReplacer {

    /*
     * Only a few precomputed bodies are ever written: VARIANTS of them, version v being variant
     * v % VARIANTS. Each variant is the base body with its own --changed lines set to another
     * reason, and its SHA-256 is computed once at start, so that a replacement costs the write of
     * the file and not a hash of it on the writer's side (the server hashes every version it reads).
     */

    private static final int VARIANTS = 4;
    private static final String[] DRAMA_PREFIXES = {"+447700900", "+441134960", "+442079460", "+441632960"};

    /** The command line. */
    @Command(name = "RegisterFileReplacer", sortOptions = false, usageHelpAutoWidth = true,
            description = "Writes a file: register source and replaces it with a new version at a fixed interval.")
    static final class Arguments {
        @Option(names = "--file", paramLabel = "FILE", required = true, description = "the register file to write")
        Path file;

        @Option(names = "--entries", paramLabel = "N", defaultValue = "1000000",
                description = "entries in the file, at least 1,000 (default: ${DEFAULT-VALUE})")
        int entries;

        @Option(names = "--blocked-out", paramLabel = "FILE", description = "where to write the NATIONAL blocked numbers")
        Path blockedOut;

        @Option(names = "--every", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "replace the file at this interval, e.g. 1000ms (default: write version 1 and exit)")
        Duration every;

        @Option(names = "--for", paramLabel = "DURATION", defaultValue = "300s", converter = DurationConverter.class,
                description = "with --every: stop after this long; at most 1h (default: ${DEFAULT-VALUE})")
        Duration runFor;

        @Option(names = "--from-version", paramLabel = "V", defaultValue = "1",
                description = "the first version written, at once; 1 or more (default: ${DEFAULT-VALUE})")
        long fromVersion;

        @Option(names = "--changed", paramLabel = "N", defaultValue = "8",
                description = "lines each variant changes, 1 to 100 (default: ${DEFAULT-VALUE})")
        int changed;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "prints this and exits")
        boolean help;
    }

    private final Path file;
    private final int entries;
    private final byte[] body;
    private final int bodyLength;
    /** Per variant: the changed lines' start and end offsets in {@link #body}, ascending. */
    private final int[][] starts;
    private final int[][] ends;
    private final byte[][][] replacements;
    private final String[] sha256;

    private RegisterFileReplacer(Path file, int entries, int changed) throws IOException {
        this.file = file;
        this.entries = entries;
        List<String> blocked = RequestMix.sampleRegisterBlocked();
        int pinBlocks = entries - blocked.size();
        String[] drama = dramaNumbers();
        int[] lineStart = new int[pinBlocks];
        byte[] b = new byte[entries * 140 + 4096];
        int at = 0;
        for (int i = 0; i < blocked.size(); i++) {
            at = put(b, at, "{\"id\":\"B-" + i + "\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\""
                    + blocked.get(i) + "\",\"scope\":\"NATIONAL\",\"reason\":\"VICTIM_REQUEST\"}\n");
        }
        for (int k = 0; k < pinBlocks; k++) {
            lineStart[k] = at;
            at = put(b, at, pinBlock(k, drama, "VICTIM_REQUEST"));
        }
        this.body = b;
        this.bodyLength = at;
        this.starts = new int[VARIANTS][];
        this.ends = new int[VARIANTS][];
        this.replacements = new byte[VARIANTS][][];
        this.sha256 = new String[VARIANTS];
        for (int v = 0; v < VARIANTS; v++) {
            int[] lines = changedLines(v, changed, pinBlocks);
            starts[v] = new int[lines.length];
            ends[v] = new int[lines.length];
            replacements[v] = new byte[lines.length][];
            for (int i = 0; i < lines.length; i++) {
                int k = lines[i];
                starts[v][i] = lineStart[k];
                ends[v][i] = k + 1 < pinBlocks ? lineStart[k + 1] : bodyLength;
                replacements[v][i] = pinBlock(k, drama, "COURT_ORDER").getBytes(StandardCharsets.US_ASCII);
            }
            sha256[v] = digest(v);
        }
    }

    public static void main(String[] args) {
        Arguments a = ToolArguments.parseOrExit(new Arguments(), args);
        PrintStream err = System.err;
        if (a.entries < 1000) {
            err.println("RegisterFileReplacer: --entries must be at least 1000, got " + a.entries);
            System.exit(2);
        }
        if (a.changed < 1 || a.changed > 100) {
            err.println("RegisterFileReplacer: --changed must be from 1 to 100, got " + a.changed);
            System.exit(2);
        }
        if (a.fromVersion < 1) {
            err.println("RegisterFileReplacer: --from-version must be 1 or more, got " + a.fromVersion);
            System.exit(2);
        }
        if (a.runFor.compareTo(Duration.ofHours(1)) > 0 || (a.every != null && a.every.isZero())) {
            err.println("RegisterFileReplacer: --for must be at most 1h and --every above zero");
            System.exit(2);
        }
        try {
            System.exit(run(a, System.out));
        } catch (IOException e) {
            err.println("RegisterFileReplacer: " + e);
            System.exit(1);
        }
    }

    private static int run(Arguments a, PrintStream out) throws IOException {
        RegisterFileReplacer replacer = new RegisterFileReplacer(a.file, a.entries, a.changed);
        if (a.blockedOut != null) {
            Files.write(a.blockedOut, RequestMix.sampleRegisterBlocked());
        }
        replacer.write(a.fromVersion);
        out.printf(Locale.ROOT, "version %d written: %d entries, %.1f MB%n", a.fromVersion, a.entries,
                replacer.bodyLength / 1e6);
        out.flush();
        if (a.every == null) {
            return 0;
        }
        long interval = a.every.toNanos();
        long start = System.nanoTime();
        long end = start + a.runFor.toNanos();
        long next = start + interval;
        for (long v = a.fromVersion + 1; ; v++) {
            long now = System.nanoTime();
            if (next > now) {
                if (next >= end) {
                    return 0;
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(next - now);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            } else {
                next = now; // missed ticks are skipped
            }
            long t = System.nanoTime();
            replacer.write(v);
            out.printf(Locale.ROOT, "version %d written in %d ms%n", v, (System.nanoTime() - t) / 1_000_000);
            out.flush();
            next += interval;
        }
    }

    /** Writes version {@code v} beside the file and renames it over the file. */
    void write(long v) throws IOException {
        int variant = (int) (v % VARIANTS);
        String header = "{\"format\":\"screening-register/1\",\"source\":\"national\",\"version\":" + v
                + ",\"generated\":\"" + Instant.now() + "\",\"entries\":" + entries + ",\"sha256\":\""
                + sha256[variant] + "\"}\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp)) {
            os.write(header.getBytes(StandardCharsets.US_ASCII));
            writeBody(variant, os);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The base body with variant {@code variant}'s lines replaced. */
    private void writeBody(int variant, OutputStream os) throws IOException {
        int at = 0;
        for (int i = 0; i < starts[variant].length; i++) {
            os.write(body, at, starts[variant][i] - at);
            os.write(replacements[variant][i]);
            at = ends[variant][i];
        }
        os.write(body, at, bodyLength - at);
    }

    private String digest(int variant) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (OutputStream os = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
            writeBody(variant, os);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The PIN blocks variant {@code v} changes: {@code n} distinct lines, ascending, none shared with another variant. */
    static int[] changedLines(int v, int n, int pinBlocks) {
        List<Integer> lines = new ArrayList<>();
        int stride = pinBlocks / n;
        for (int i = 0; i < n; i++) {
            lines.add(i * stride + v * (stride / VARIANTS));
        }
        return lines.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    }

    private static String pinBlock(int k, String[] drama, String reason) {
        return "{\"id\":\"R-" + k + "\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"" + drama[k % drama.length]
                + "\",\"scope\":\"PIN\",\"pin\":\"P" + k / drama.length + "\",\"reason\":\"" + reason + "\"}\n";
    }

    private static int put(byte[] b, int at, String ascii) {
        byte[] s = ascii.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, b, at, s.length);
        return at + s.length;
    }

    static String[] dramaNumbers() {
        String[] out = new String[4000];
        int i = 0;
        for (String p : DRAMA_PREFIXES) {
            for (int k = 0; k < 1000; k++) {
                out[i++] = p + String.format(Locale.ROOT, "%03d", k);
            }
        }
        return out;
    }

    /** The body of version {@code v} as {@link #write} writes it. */
    byte[] bodyOf(long v) throws IOException {
        ByteArrayOutputStream os = new ByteArrayOutputStream(bodyLength);
        writeBody((int) (v % VARIANTS), os);
        return os.toByteArray();
    }

    /** A replacer of {@code file} (for tests: the checks of {@link #main} are the caller's). */
    static RegisterFileReplacer of(Path file, int entries, int changed) throws IOException {
        return new RegisterFileReplacer(file, entries, changed);
    }
}
