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
     * Screens one call and writes the answer into {@code out}: SPEC section 3, rules 1 to 5, the
     * first that holds. A BLOCK in any source wins over every ALLOW in every source.
     *
     * <p>Any thread; never blocks; takes no lock; one volatile read of the snapshot. Allocates
     * nothing when the normaliser answers from its cache.
     *
     * @param pin the caller's PIN (already checked by the caller for shape); null matches no PIN entry
     * @param establishment the caller's establishment; null matches no ESTABLISHMENT entry
     * @param dialled the dialled string, as the switch sent it
     * @param out where the answer goes; owned by the calling thread
     */
    public void screen(String pin, String establishment, String dialled, Verdict out) {
        final Snapshot s = current;
        if (s == null) {
            // rule 1: no snapshot loaded
            out.set(policy.failClosed() ? Decision.DENY : Decision.ALLOW, Reason.UNAVAILABLE, null,
                    CanonicalNumber.INVALID, Verdict.NO_VERSION);
            return;
        }
        final long version = s.version();
        final long key = normaliser.normalise(dialled);
        if (key == CanonicalNumber.INVALID) {
            // rule 2
            out.set(Decision.DENY, Reason.INVALID_NUMBER, null, CanonicalNumber.INVALID, version);
            return;
        }
        final long now = clock.millis();
        final int digits = EntryIndex.digitsForPrefix(key);
        final int pinHash = pin == null ? 0 : pin.hashCode();
        final int establishmentHash = establishment == null ? 0 : establishment.hashCode();
        final EntryIndex[] indexes = s.indexArray();
        // rule 3: every source is asked for a BLOCK before any ALLOW counts
        for (EntryIndex index : indexes) {
            Entry block = index.applicable(Action.BLOCK, key, digits, pin, pinHash, establishment, establishmentHash, now);
            if (block != null) {
                out.set(Decision.DENY, Reason.BLOCKED, block.id(), key, version);
                return;
            }
        }
        if (policy.mode() == Mode.ALLOWLIST) {
            // rule 4
            for (EntryIndex index : indexes) {
                if (index.applicable(Action.ALLOW, key, digits, pin, pinHash, establishment, establishmentHash, now) != null) {
                    out.set(Decision.ALLOW, Reason.APPROVED, null, key, version);
                    return;
                }
            }
            out.set(Decision.DENY, Reason.NOT_APPROVED, null, key, version);
            return;
        }
        // rule 5
        out.set(Decision.ALLOW, Reason.NOT_BLOCKED, null, key, version);
    }
}
