package screening.core;

import java.lang.management.ManagementFactory;

/**
 * Not a test: a main that measures, with the JVM's per-thread allocation counter, what a cache hit
 * allocates and what each path costs on a miss. Performance is shown by measurement, not by
 * timed unit tests; the figures and the command are in docs/numbers.md.
 */
final class NormaliserAllocationCheck {

    private NormaliserAllocationCheck() {
    }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        DialledNumberNormaliser n = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
        String[] keys = new String[1000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = switch (i % 3) {
                case 0 -> "07700 900" + String.format("%03d", i);
                case 1 -> "+44 113 496 " + String.format("%04d", i);
                default -> "141 020 7946 " + String.format("%04d", i);
            };
        }
        long sink = 0;
        for (int r = 0; r < 200; r++) {
            for (String k : keys) {
                sink += n.normalise(k);
            }
        }
        int iters = 20_000_000;
        long b0 = mx.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        for (int i = 0; i < iters; i++) {
            sink += n.normalise(keys[i % keys.length]);
        }
        long t1 = System.nanoTime();
        long b1 = mx.getCurrentThreadAllocatedBytes();
        System.out.printf("cache hits: %d calls, %d bytes allocated in all, %.1f ns/call%n",
                iters, b1 - b0, (t1 - t0) / (double) iters);

        String[] fresh = new String[200_000];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = "07700 900" + String.format("%03d", i % 1000) + " ".repeat(i / 1000 % 50);
        }
        for (int round = 0; round < 3; round++) {
            long fb0 = mx.getCurrentThreadAllocatedBytes();
            long ft0 = System.nanoTime();
            for (String s : fresh) {
                sink += n.fastPath.normalise(s);
            }
            long ft1 = System.nanoTime();
            long fb1 = mx.getCurrentThreadAllocatedBytes();
            for (String s : fresh) {
                sink += n.libphonenumberPath.normalise(s);
            }
            long lt1 = System.nanoTime();
            long lb1 = mx.getCurrentThreadAllocatedBytes();
            System.out.printf("round %d: fast path %.0f ns, %.1f B/call; libphonenumber path %.0f ns, %.0f B/call%n", round,
                    (ft1 - ft0) / (double) fresh.length, (fb1 - fb0) / (double) fresh.length,
                    (lt1 - ft1) / (double) fresh.length, (lb1 - fb1) / (double) fresh.length);
        }
        System.out.println("(sink " + sink + ")");
    }
}
