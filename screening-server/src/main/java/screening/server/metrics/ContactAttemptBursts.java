package screening.server.metrics;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The worst burst of contact attempts on any one entry in a trailing window: the most attempts,
 * and the most different PINs, that one {@code ref} drew in the last {@code windowMillis}. Two
 * numbers, so the metrics carry no entry id and their series do not grow with the register.
 *
 * <p>Not thread-safe for writing: {@link #record} and {@link #slide} are called by one thread (the
 * audit writer). {@link #maxAttempts} and {@link #maxPins} may be read from any thread (the
 * scrape); they change when that thread records or slides. Never blocks.
 */
public final class ContactAttemptBursts {

    /*
     * The attempts in the window are kept in arrival order (the writer's clock only moves on), and
     * a count per ref and per (ref, PIN) beside them; an attempt leaving the window decrements
     * them. The maxima are recomputed over the refs in the window after each change: that map
     * holds only refs attempted in the last window, a handful even under a campaign, and the work
     * is on the audit writer's thread, never an event loop.
     */

    private record Attempt(String ref, String pin, long millis) {
    }

    private static final class RefWindow {
        int attempts;
        final Map<String, Integer> pins = new HashMap<>();
    }

    private final long windowMillis;
    private final ArrayDeque<Attempt> inWindow = new ArrayDeque<>();
    private final Map<String, RefWindow> byRef = new HashMap<>();
    private volatile long maxAttempts;
    private volatile long maxPins;

    /**
     * @param windowMillis how far back an attempt counts
     * @throws IllegalArgumentException if {@code windowMillis} is not positive
     */
    public ContactAttemptBursts(long windowMillis) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("burst window must be positive: " + windowMillis);
        }
        this.windowMillis = windowMillis;
    }

    /** Counts one attempt on {@code ref} from {@code pin} at {@code millis}, and drops what left the window. */
    public void record(String ref, String pin, long millis) {
        inWindow.addLast(new Attempt(ref, pin, millis));
        RefWindow w = byRef.computeIfAbsent(ref, r -> new RefWindow());
        w.attempts++;
        w.pins.merge(pin, 1, Integer::sum);
        expire(millis);
        publish();
    }

    /** Drops the attempts that have left the window by {@code nowMillis}. */
    public void slide(long nowMillis) {
        if (expire(nowMillis)) {
            publish();
        }
    }

    /** The most attempts on one ref in the window (0 when none). Any thread. */
    public long maxAttempts() {
        return maxAttempts;
    }

    /** The most different PINs on one ref in the window (0 when none). Any thread. */
    public long maxPins() {
        return maxPins;
    }

    private boolean expire(long nowMillis) {
        boolean changed = false;
        Attempt a;
        while ((a = inWindow.peekFirst()) != null && a.millis() <= nowMillis - windowMillis) {
            inWindow.removeFirst();
            RefWindow w = byRef.get(a.ref());
            if (--w.attempts == 0) {
                byRef.remove(a.ref());
            } else {
                w.pins.computeIfPresent(a.pin(), (p, n) -> n == 1 ? null : n - 1);
            }
            changed = true;
        }
        return changed;
    }

    private void publish() {
        long attempts = 0;
        long pins = 0;
        for (RefWindow w : byRef.values()) {
            attempts = Math.max(attempts, w.attempts);
            pins = Math.max(pins, w.pins.size());
        }
        maxAttempts = attempts;
        maxPins = pins;
    }
}
