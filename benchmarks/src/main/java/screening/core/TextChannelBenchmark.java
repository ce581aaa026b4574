package screening.core;

import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Screener#screenText} for the e-mail gateway and the mail room (SPEC section 12): a
 * decision on a text the screener has normalised before (its memo) and on one it has not, per
 * channel, against a register of {@code entries} e-mail and as many address blocks. Not gated
 * in CI: these channels are not the switch's.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TextChannelBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TextChannelBenchmark {

    /*
     * Queries rotate over ROTATION written forms (half of them blocked), each as a victim's
     * correspondent would type it: display names, +tags, mixed case for e-mail; reordered lines,
     * abbreviations, a flat before or after the street for addresses. The cached screener has
     * seen them all in set-up; the uncached one keeps none (memo size 0), so every call
     * normalises. Only example.org-style domains and postcodes in the area ZZ.
     */
    static final int ROTATION = 1024;

    @Param({"10000"})
    public int entries;

    private Screener cached;
    private Screener uncached;
    private final String[] emails = new String[ROTATION];
    private final String[] addresses = new String[ROTATION];
    private final Verdict verdict = new Verdict();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        DialledNumberNormaliser numbers = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
        EmailNormaliser mail = new EmailNormaliser(EmailRules.DEFAULT);
        PostalAddressNormaliser post = new PostalAddressNormaliser();
        EntryValidator validator = new EntryValidator(numbers, mail, post);
        EntryIndex.Builder b = EntryIndex.builder("national", validator);
        for (int i = 0; i < entries; i++) {
            b.add(entry("E" + i, "victim." + i + "@example.org", null));
            b.add(entry("P" + i, null, (i % 90 + 1) + " Rose Street, Hull, " + postcode(i)));
        }
        Snapshot s = Snapshot.of(1, List.of(b.build()));
        ScreeningPolicy policy = new ScreeningPolicy(Mode.BLOCKLIST, true);
        cached = new Screener(policy, numbers, mail, post, InstantSource.system());
        uncached = new Screener(policy, numbers, mail, post, InstantSource.system(), 0);
        cached.publish(s);
        uncached.publish(s);
        for (int i = 0; i < ROTATION; i++) {
            int n = (i * 7919) % (2 * entries); // half beyond the register: not blocked
            emails[i] = switch (i & 3) {
                case 0 -> "victim." + n + "@example.org";
                case 1 -> "Victim " + n + " <Victim." + n + "+letters@Example.org>";
                case 2 -> "mailto:VICTIM." + n + "@EXAMPLE.ORG.";
                default -> "  victim." + n + "+x@example.org ";
            };
            addresses[i] = switch (i & 3) {
                case 0 -> (n % 90 + 1) + " Rose Street, Hull, " + postcode(n);
                case 1 -> "Flat 2, " + (n % 90 + 1) + " Rose St, " + postcode(n).toLowerCase();
                case 2 -> postcode(n).replace(" ", "") + ", Hull, " + (n % 90 + 1) + " ROSE RD";
                default -> (n % 90 + 1) + ", Rose Street, Apt 4, Hull " + postcode(n);
            };
            cached.screenText(Channel.EMAIL, "1234", "HULL", emails[i], verdict);
            cached.screenText(Channel.POST, "1234", "HULL", addresses[i], verdict);
        }
    }

    /** A postcode in the area ZZ, one for every 90 buildings. */
    private static String postcode(int i) {
        int d = i / 90;
        return "ZZ" + (d % 99 + 1) + " " + (d / 99 % 10) + (char) ('A' + d / 990 % 26) + (char) ('A' + d % 26);
    }

    private static Entry entry(String id, String email, String address) {
        return new Entry(id, Action.BLOCK, MatchType.EXACT, null, screening.core.Scope.NATIONAL, null, null, null, null,
                "VICTIM_REQUEST", null, null, null, null, null, email, address);
    }

    @Benchmark
    public Verdict emailCached() {
        cached.screenText(Channel.EMAIL, "1234", "HULL", emails[next++ & (ROTATION - 1)], verdict);
        return verdict;
    }

    @Benchmark
    public Verdict emailUncached() {
        uncached.screenText(Channel.EMAIL, "1234", "HULL", emails[next++ & (ROTATION - 1)], verdict);
        return verdict;
    }

    @Benchmark
    public Verdict addressCached() {
        cached.screenText(Channel.POST, "1234", "HULL", addresses[next++ & (ROTATION - 1)], verdict);
        return verdict;
    }

    @Benchmark
    public Verdict addressUncached() {
        uncached.screenText(Channel.POST, "1234", "HULL", addresses[next++ & (ROTATION - 1)], verdict);
        return verdict;
    }
}
