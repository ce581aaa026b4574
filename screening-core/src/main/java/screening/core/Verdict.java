package screening.core;

/**
 * The result of one screening, written into by {@link Screener#screen}. Mutable and reused, so
 * that a screening allocates nothing: each thread (an event loop, a benchmark) owns its own
 * instance. Not thread-safe.
 */
public final class Verdict {

    /** No version: the answer came without a snapshot (UNAVAILABLE). */
    public static final long NO_VERSION = -1L;

    Decision decision;
    Reason reason;
    String ref;
    long number = CanonicalNumber.INVALID;
    long version = NO_VERSION;

    /** ALLOW or DENY. */
    public Decision decision() {
        return decision;
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }

    /** The id of the BLOCK entry that decided, only with {@link Reason#BLOCKED}; else null. */
    public String ref() {
        return ref;
    }

    /** The canonical number key, or {@link CanonicalNumber#INVALID} for INVALID_NUMBER and UNAVAILABLE. */
    public long number() {
        return number;
    }

    /** The snapshot version that decided, or {@link #NO_VERSION} with UNAVAILABLE. */
    public long version() {
        return version;
    }

    void set(Decision decision, Reason reason, String ref, long number, long version) {
        this.decision = decision;
        this.reason = reason;
        this.ref = ref;
        this.number = number;
        this.version = version;
    }

    @Override
    public String toString() {
        // masked: a verdict may end up in a log line
        return decision + " " + reason + (ref != null ? " ref=" + ref : "")
                + " number=" + CanonicalNumber.mask(number) + " version=" + version;
    }
}
