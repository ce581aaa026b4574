package screening.core;

import java.time.InstantSource;
import java.util.Objects;

/**
 * Decides "may this PIN dial this number?" (SPEC section 3, rules 1 to 5, first that holds).
 *
 * <p>Concurrency: any number of threads may call {@link #screen} at once; each reads the current
 * snapshot with one volatile read and takes no lock. One writer at a time calls {@link #publish}.
 * A screening of a cached dialled string allocates nothing.
 */
public final class Screener {

    private final ScreeningPolicy policy;
    private final DialledNumberNormaliser normaliser;
    private final InstantSource clock;
    private volatile Snapshot current;

    /**
     * @param policy mode and failClosed
     * @param normaliser the one normaliser
     * @param clock the time validity windows are judged at; injected so tests never sleep
     */
    public Screener(ScreeningPolicy policy, DialledNumberNormaliser normaliser, InstantSource clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.normaliser = Objects.requireNonNull(normaliser, "normaliser");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Makes {@code snapshot} the one that answers from the next call on. */
    public void publish(Snapshot snapshot) {
        current = Objects.requireNonNull(snapshot, "snapshot");
    }

    /** The snapshot now answering, or null before the first publish. */
    public Snapshot current() {
        return current;
    }

    /** The normaliser this screener uses. */
    public DialledNumberNormaliser normaliser() {
        return normaliser;
    }

    /** The policy this screener applies. */
    public ScreeningPolicy policy() {
        return policy;
    }

    /**
     * Screens one call and writes the answer into {@code out}.
     *
     * @param pin the caller's PIN (already checked by the caller for shape)
     * @param establishment the caller's establishment
     * @param dialled the dialled string, as the switch sent it
     * @param out where the answer goes; owned by the calling thread
     */
    public void screen(String pin, String establishment, String dialled, Verdict out) {
        Snapshot s = current;
        if (s == null) {
            if (policy.failClosed()) {
                out.set(Decision.DENY, Reason.UNAVAILABLE, null, CanonicalNumber.INVALID, Verdict.NO_VERSION);
            } else {
                out.set(Decision.ALLOW, Reason.UNAVAILABLE, null, CanonicalNumber.INVALID, Verdict.NO_VERSION);
            }
            return;
        }
        long key = normaliser.normalise(dialled);
        if (key == CanonicalNumber.INVALID) {
            out.set(Decision.DENY, Reason.INVALID_NUMBER, null, CanonicalNumber.INVALID, s.version());
            return;
        }
        long now = clock.millis();
        EntryIndex[] indexes = s.indexArray();
        for (EntryIndex index : indexes) {
            String ref = index.find(Action.BLOCK, key, pin, establishment, now);
            if (ref != null) {
                out.set(Decision.DENY, Reason.BLOCKED, ref, key, s.version());
                return;
            }
        }
        if (policy.mode() == Mode.ALLOWLIST) {
            for (EntryIndex index : indexes) {
                if (index.find(Action.ALLOW, key, pin, establishment, now) != null) {
                    out.set(Decision.ALLOW, Reason.APPROVED, null, key, s.version());
                    return;
                }
            }
            out.set(Decision.DENY, Reason.NOT_APPROVED, null, key, s.version());
            return;
        }
        out.set(Decision.ALLOW, Reason.NOT_BLOCKED, null, key, s.version());
    }
}
