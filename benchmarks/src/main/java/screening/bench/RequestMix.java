package screening.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * The load tool's numbers: 95 % allowed, 5 % blocked, and a fifth of all requests written in a
 * format no request before used (so that it misses the normaliser's cache), the rest in a plain
 * form from a small set (which the cache holds after the first few seconds).
 *
 * <p>Deterministic for a seed, so that {@code --compare-url} replays the same schedule. Not
 * thread-safe: the load tool's scheduler thread owns it.
 */
final class RequestMix {

    /*
     * Numbers are UK numbers written as their 10-digit national significant number (NSN) after a
     * prefix. Allowed numbers are Ofcom's drama ranges minus every number the sample register
     * names; blocked ones are the sample register's (+447700900123 and the prefix +4477009009xx)
     * or a --blocked file's. A cache-missing request puts one of 5 separators (none, space, -, .,
     * /) in each of the 10 gaps around the NSN's digits, chosen by the digits of a counter in base
     * 5, and the four prefix forms take turns: 4 x (5^10 - 1), 39 million, distinct spellings before
     * any repeats.
     */

    static final double BLOCKED_SHARE = 0.05;
    static final double CACHE_MISS_SHARE = 0.20;

    private static final String[] SEPARATORS = {"", " ", "-", ".", "/"};
    private static final String[] PLAIN_PREFIXES = {"+44", "0"};
    private static final String[] MISS_PREFIXES = {"+44", "0", "0044", "+44 (0)"};
    private static final Pattern E164_UK = Pattern.compile("\\+44[1-9][0-9]{9}");
    private static final long MISS_PATTERNS = 9_765_625L; // 5^10

    /** One request's number and what the filter must answer. */
    record Request(String dialled, boolean blocked, boolean cacheMiss) {
    }

    private final List<String> allowedNsn;
    private final List<String> blockedNsn;
    private final SplittableRandom random;
    private long missSeq;

    /**
     * @param blocked canonical UK E.164 numbers ({@code +44} and 10 digits) the filter blocks
     * @param seed the schedule's seed
     * @throws IllegalArgumentException if {@code blocked} is empty or holds another shape
     */
    RequestMix(List<String> blocked, long seed) {
        if (blocked.isEmpty()) {
            throw new IllegalArgumentException("--blocked: at least one blocked number is needed");
        }
        Set<String> blockedSet = new HashSet<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < blocked.size(); i++) {
            String n = blocked.get(i);
            if (!E164_UK.matcher(n).matches()) {
                // no number in the message: it may be a real victim's
                throw new IllegalArgumentException("--blocked: line " + (i + 1)
                        + " is not a canonical UK number (+44 and 10 digits)");
            }
            if (blockedSet.add(n)) {
                b.add(n.substring(3));
            }
        }
        List<String> a = new ArrayList<>();
        for (String n : dramaNumbers()) {
            if (!blockedSet.contains(n) && !SAMPLE_REGISTER_MENTIONS.contains(n)) {
                a.add(n.substring(3));
            }
        }
        this.allowedNsn = List.copyOf(a);
        this.blockedNsn = List.copyOf(b);
        this.random = new SplittableRandom(seed);
    }

    /** The sample register's blocks: +447700900123 and +4477009009xx. */
    static List<String> sampleRegisterBlocked() {
        List<String> b = new ArrayList<>();
        b.add("+447700900123");
        for (int i = 0; i < 100; i++) {
            b.add(String.format("+4477009009%02d", i));
        }
        return b;
    }

    /** Reads a --blocked file: one canonical number a line; blank lines and {@code #} comments skipped. */
    static List<String> readBlocked(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                out.add(s);
            }
        }
        return out;
    }

    /** Numbers the sample register names in any entry; never used as "allowed". */
    private static final Set<String> SAMPLE_REGISTER_MENTIONS = Set.of(
            "+447700900123", "+441134960456", "+442079460789", "+441632960321", "+442079460001");

    /** Every UK number of Ofcom's drama ranges, canonical. */
    static List<String> dramaNumbers() {
        List<String> out = new ArrayList<>(4000);
        for (int i = 0; i < 1000; i++) {
            out.add(String.format("+447700900%03d", i));
            out.add(String.format("+441134960%03d", i));
            out.add(String.format("+442079460%03d", i));
            out.add(String.format("+441632960%03d", i));
        }
        return out;
    }

    /** How many distinct allowed numbers the mix draws from. */
    int allowedCount() {
        return allowedNsn.size();
    }

    /** The next request of the schedule. */
    Request next() {
        boolean blocked = random.nextDouble() < BLOCKED_SHARE;
        List<String> pool = blocked ? blockedNsn : allowedNsn;
        String nsn = pool.get(random.nextInt(pool.size()));
        boolean miss = random.nextDouble() < CACHE_MISS_SHARE;
        if (!miss) {
            return new Request(PLAIN_PREFIXES[random.nextInt(PLAIN_PREFIXES.length)] + nsn, blocked, false);
        }
        long seq = missSeq++;
        String prefix = MISS_PREFIXES[(int) (seq % MISS_PREFIXES.length)];
        // never 0: at least one separator, so never a plain form
        long pattern = seq / MISS_PREFIXES.length % (MISS_PATTERNS - 1) + 1;
        StringBuilder sb = new StringBuilder(32).append(prefix);
        for (int i = 0; i < nsn.length(); i++) {
            sb.append(SEPARATORS[(int) (pattern % 5)]);
            pattern /= 5;
            sb.append(nsn.charAt(i));
        }
        return new Request(sb.toString(), blocked, true);
    }

    /** {@code dialled} as a query-string value. */
    static String urlEncode(String dialled) {
        StringBuilder sb = new StringBuilder(dialled.length() + 8);
        for (int i = 0; i < dialled.length(); i++) {
            char c = dialled.charAt(i);
            switch (c) {
                case '+' -> sb.append("%2B");
                case ' ' -> sb.append("%20");
                case '/' -> sb.append("%2F");
                case '(' -> sb.append("%28");
                case ')' -> sb.append("%29");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
