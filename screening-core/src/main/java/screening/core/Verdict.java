package screening.core;

/**
 * The result of one screening, written into by {@link Screener#screen} and {@link Screener#decide}.
 * Mutable and reused, so that a screening allocates nothing: each thread (an event loop, a
 * benchmark) owns its own instance. Not thread-safe; no method blocks or throws.
 */
public final class Verdict {

    /*
     * A BLOCKED verdict does not copy the deciding entry's id: it keeps the id array of the
     * index that decided and the entry's ordinal, and ref() reads the id when asked. The array is
     * the same object call after call (one per source and snapshot), so the screener's
     * store-only-when-changed skips the reference store, and with it G1's post-write barrier (a
     * StoreLoad fence once the Verdict is old), and the decision does not chase the pointer to the
     * id: only the caller that wants it (the JSON answer, the audit record of a contact attempt)
     * pays that load, and only on a BLOCKED answer. Each id is a String made once, when its index
     * was built, so ref() allocates nothing.
     *
     * Memory: the array keeps its snapshot's ids reachable. Invariant: refIds is null or
     * belongs to the snapshot of this verdict's latest answer (the screener drops it on an answer
     * from another snapshot), so a Verdict in use never holds a replaced snapshot past its next
     * answer; an idle one holds at most the snapshot of its last answer.
     */

    /** No version: the answer came without a snapshot (UNAVAILABLE). */
    public static final long NO_VERSION = -1L;

    Decision decision;
    Reason reason;
    /** With BLOCKED: the id array of the index that decided; see the design note. */
    String[] refIds;
    /** With BLOCKED: the deciding entry's ordinal in {@link #refIds}. */
    int refOrdinal;
    long number = CanonicalNumber.INVALID;
    long version = NO_VERSION;
    /** After an e-mail or address screening: the canonical form asked about, or null (see {@link #text()}). */
    String text;

    /** ALLOW or DENY. */
    public Decision decision() {
        return decision;
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }

    /**
     * The id of the BLOCK entry that decided, only with {@link Reason#BLOCKED}; else null. Reads
     * it from the deciding snapshot's entries on each call (no allocation): call it on a verdict
     * the screener has finished writing.
     */
    public String ref() {
        final String[] ids = refIds;
        return reason == Reason.BLOCKED && ids != null ? ids[refOrdinal] : null;
    }

    /** The canonical number key, or {@link CanonicalNumber#INVALID} for INVALID_NUMBER and UNAVAILABLE. */
    public long number() {
        return number;
    }

    /**
     * The canonical e-mail address or postal address ({@link PostalAddress#canonical()}) of the
     * latest {@link Screener#screenText} answer, null for INVALID_EMAIL, INVALID_ADDRESS and
     * UNAVAILABLE. Only that method writes it: after a number's screening it still holds the
     * last text answer's, so a caller reads it only after asking about text.
     */
    public String text() {
        return text;
    }

    /** The snapshot version that decided, or {@link #NO_VERSION} with UNAVAILABLE. */
    public long version() {
        return version;
    }

    /**
     * Writes a BLOCKED answer (DENY): the entry whose id is {@code ids[ordinal]} decided. Stores
     * a reference field only when it changes (see the design note).
     */
    void blocked(String[] ids, int ordinal, long number, long version) {
        if (decision != Decision.DENY) {
            decision = Decision.DENY;
        }
        if (reason != Reason.BLOCKED) {
            reason = Reason.BLOCKED;
        }
        if (refIds != ids) {
            refIds = ids;
        }
        refOrdinal = ordinal;
        this.number = number;
        this.version = version;
    }

    /**
     * Writes any answer but BLOCKED. Stores a reference field only when it changes, and drops
     * the id array of a BLOCKED answer from another snapshot (storing null runs no card mark).
     */
    void answer(Decision decision, Reason reason, long number, long version) {
        if (this.decision != decision) {
            this.decision = decision;
        }
        if (this.reason != reason) {
            this.reason = reason;
        }
        if (refIds != null && this.version != version) {
            refIds = null;
        }
        this.number = number;
        this.version = version;
    }

    /** Writes a text-channel answer (not BLOCKED); see {@link #text()}. */
    void answerText(Decision decision, Reason reason, String text, long version) {
        answer(decision, reason, CanonicalNumber.INVALID, version);
        this.text = text;
    }

    /** Writes a text-channel BLOCKED answer; see {@link #text()}. */
    void blockedText(String[] ids, int ordinal, String text, long version) {
        blocked(ids, ordinal, CanonicalNumber.INVALID, version);
        this.text = text;
    }

    /**
     * Forgets the deciding entry: {@link #ref()} gives null from now on, and this verdict no
     * longer keeps its snapshot's ids reachable. A holder that keeps its verdict across idle
     * time (a keep-alive connection) calls it once it has read {@code ref()}, so that an idle
     * connection never pins a snapshot that a reload has replaced. Storing null runs no card mark.
     */
    public void forgetRef() {
        refIds = null;
    }

    @Override
    public String toString() {
        // masked: a verdict may end up in a log line
        String ref = ref();
        return decision + " " + reason + (ref != null ? " ref=" + ref : "")
                + " number=" + CanonicalNumber.mask(number) + " version=" + version;
    }
}
