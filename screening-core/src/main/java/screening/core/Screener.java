package screening.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Decides "may this PIN dial this number?" (SPEC section 3, rules 1 to 5, first that holds).
 *
 * <p>{@link #screen} takes the dialled string and normalises it; {@link #decide} takes a number
 * already normalised (a canonical key) and gives the same answer. Concurrency: any number of
 * threads may call either at once; each reads the current snapshot with one volatile read and
 * takes no lock. One writer at a time calls {@link #publish}. A decision allocates nothing, and
 * neither does a screening of a dialled string the normaliser has cached.
 */
public final class Screener {

    private final ScreeningPolicy policy;
    private final DialledNumberNormaliser normaliser;
    private final EmailNormaliser emails;
    private final PostalAddressNormaliser addresses;
    private final InstantSource clock;
    private volatile Plan current;
    /**
     * E-mails and addresses already normalised, by channel: the gateway asks about the same few
     * correspondents over and over, and NFKC, UTS 46 and the address reading cost microseconds.
     * The value is the canonical form, or {@link #NOT_NORMALISABLE}. Bounded, so a flood of
     * distinct strings only evicts.
     */
    private final Cache<String, String> emailMemo;
    private final Cache<String, String> addressMemo;

    /** How many e-mails, and how many addresses, the screener keeps normalised. */
    static final int TEXT_MEMO_SIZE = 16_384;
    /** A memo value: the text does not normalise. Never a canonical form (those are never empty). */
    private static final String NOT_NORMALISABLE = "";

    /*
     * publish() turns the snapshot into a Plan: for each action, the non-empty tables of every
     * source in the order rule 3 asks them (source by source; NATIONAL, ESTABLISHMENT, PIN), and
     * whether any of them has validity windows (else the clock is not read:
     * InstantSource.system() is a currentTimeMillis call, slow on some VMs). The digit count a
     * PREFIX needs is worked out inside MatchTables, only when a key gets that far. A call then
     * asks only tables that hold something; a snapshot of NATIONAL EXACT blocks is one probe.
     * Within a table set the order is MatchTables': EXACT, then PREFIX shortest first; within a
     * group, the first added. The plan only skips tables that are empty.
     *
     * When the only BLOCK tables are one source's NATIONAL ones (a register of national blocks,
     * nothing local), the plan keeps that one table set in fields of its own (soleBlock), and a
     * call asks it without the loop over probes: decide's common path is then small enough to
     * inline, and the loop's per-probe loads go. Snapshots with several BLOCK table sets take
     * the loop (blockedBy).
     */

    /** One non-empty table set of one source, one action and one scope. */
    private static final class Probe {
        final MatchTables tables;
        final Scope scope;
        final EntryColumns cols;

        Probe(MatchTables tables, Scope scope, EntryColumns cols) {
            this.tables = tables;
            this.scope = scope;
            this.cols = cols;
        }
    }

    /** What one snapshot asks per call; immutable, published with the snapshot in one volatile write. */
    private static final class Plan {
        final Snapshot snapshot;
        final long version;
        final Probe[] blocks;
        final Probe[] allows;
        /** The one BLOCK table set when it is NATIONAL and the only one (the common shape), else null. */
        final MatchTables soleBlock;
        final EntryColumns soleBlockCols;
        /** soleBlockCols' ids, so that a BLOCKED answer loads them straight from the plan. */
        final String[] soleBlockIds;
        /** Rule 4 applies (the policy's mode, copied here to save two loads a call). */
        final boolean allowlist;
        /** Whether a rule this policy asks has a windowed entry, so the call must read the clock. */
        final boolean readClock;

        Plan(Snapshot snapshot, Mode mode) {
            this.snapshot = snapshot;
            this.version = snapshot.version();
            this.blocks = probes(snapshot, Action.BLOCK);
            this.allows = probes(snapshot, Action.ALLOW);
            boolean sole = blocks.length == 1 && blocks[0].scope == Scope.NATIONAL;
            this.soleBlock = sole ? blocks[0].tables : null;
            this.soleBlockCols = sole ? blocks[0].cols : null;
            this.soleBlockIds = sole ? blocks[0].cols.ids : null;
            this.allowlist = mode == Mode.ALLOWLIST;
            this.readClock = windowed(blocks) || (allowlist && windowed(allows));
        }

        private static Probe[] probes(Snapshot snapshot, Action action) {
            java.util.ArrayList<Probe> out = new java.util.ArrayList<>();
            for (EntryIndex index : snapshot.indexArray()) {
                for (Scope scope : Scope.values()) { // NATIONAL, ESTABLISHMENT, PIN: rule 3's order
                    MatchTables t = index.tables(action, scope);
                    if (!t.isEmpty()) {
                        out.add(new Probe(t, scope, index.columns()));
                    }
                }
            }
            return out.toArray(new Probe[0]);
        }

        private static boolean windowed(Probe[] probes) {
            for (Probe p : probes) {
                if (p.tables.windowed()) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * @param policy mode and failClosed
     * @param normaliser the one normaliser
     * @param clock the time validity windows are judged at; injected so tests never sleep
     */
    public Screener(ScreeningPolicy policy, DialledNumberNormaliser normaliser, InstantSource clock) {
        this(policy, normaliser, new EmailNormaliser(EmailRules.DEFAULT), new PostalAddressNormaliser(), clock);
    }

    /**
     * @param policy mode and failClosed
     * @param normaliser the one number normaliser
     * @param emails the one e-mail normaliser
     * @param addresses the one postal address normaliser
     * @param clock the time validity windows are judged at; injected so tests never sleep
     */
    public Screener(ScreeningPolicy policy, DialledNumberNormaliser normaliser, EmailNormaliser emails,
            PostalAddressNormaliser addresses, InstantSource clock) {
        this(policy, normaliser, emails, addresses, clock, TEXT_MEMO_SIZE);
    }

    /** As the public constructor, with {@code textMemoSize} texts kept per channel (0: none; benchmarks). */
    Screener(ScreeningPolicy policy, DialledNumberNormaliser normaliser, EmailNormaliser emails,
            PostalAddressNormaliser addresses, InstantSource clock, int textMemoSize) {
        this.emailMemo = Caffeine.newBuilder().maximumSize(textMemoSize).build();
        this.addressMemo = Caffeine.newBuilder().maximumSize(textMemoSize).build();
        this.policy = Objects.requireNonNull(policy, "policy");
        this.normaliser = Objects.requireNonNull(normaliser, "normaliser");
        this.emails = Objects.requireNonNull(emails, "emails");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Makes {@code snapshot} the one that answers from the next call on. */
    public void publish(Snapshot snapshot) {
        current = new Plan(Objects.requireNonNull(snapshot, "snapshot"), policy.mode());
    }

    /** The snapshot now answering, or null before the first publish. */
    public Snapshot current() {
        final Plan p = current;
        return p == null ? null : p.snapshot;
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
     * first that holds. A BLOCK in any source wins over every ALLOW in every source. The same
     * answer as normalising {@code dialled} and calling {@link #decide}, except that with no
     * snapshot the string is not normalised at all.
     *
     * <p>Any thread; never blocks; takes no lock; one volatile read of the snapshot. Allocates
     * nothing when the normaliser answers from its cache.
     *
     * @param pin the caller's PIN (already checked by the caller for shape); null matches no PIN entry
     * @param establishment the caller's establishment; null matches no ESTABLISHMENT entry
     * @param dialled the dialled string, as the switch sent it
     * @param out where the answer goes; owned by the calling thread
     * @throws NullPointerException if {@code dialled} is null while a snapshot is loaded
     */
    public void screen(String pin, String establishment, String dialled, Verdict out) {
        final Plan p = current;
        if (p == null) {
            unavailable(out);
            return;
        }
        decide(p, pin, establishment, normaliser.normalise(dialled), out);
    }

    /**
     * Decides one call on a number already normalised (rules 3 to 5; rule 1 with no snapshot;
     * rule 2 when {@code key} is {@link CanonicalNumber#INVALID}) and writes the answer into
     * {@code out}: {@link #screen} without the normalising.
     *
     * <p>Any thread; never blocks; takes no lock; one volatile read of the snapshot; allocates
     * nothing.
     *
     * @param pin the caller's PIN; null matches no PIN entry
     * @param establishment the caller's establishment; null matches no ESTABLISHMENT entry
     * @param key the canonical key of the dialled number ({@link CanonicalNumber}), or
     *     {@link CanonicalNumber#INVALID}
     * @param out where the answer goes; owned by the calling thread
     * @throws IllegalArgumentException if {@code key} is negative but not INVALID (no
     *     canonical key is)
     */
    public void decide(String pin, String establishment, long key, Verdict out) {
        final Plan p = current;
        if (p == null) {
            unavailable(out);
            return;
        }
        decide(p, pin, establishment, key, out);
    }

    /**
     * Screens an e-mail address ({@link Channel#EMAIL}) or a postal address ({@link Channel#POST})
     * and writes the answer into {@code out}, with the canonical form in {@link Verdict#text()}:
     * SPEC section 3's rules with section 12's matching; a value that does not normalise is
     * {@code DENY INVALID_EMAIL} or {@code DENY INVALID_ADDRESS}. A BLOCK in any source wins over
     * every ALLOW.
     *
     * <p>Any thread; never blocks on I/O. A text asked before is answered from a bounded memo;
     * normalising a new one allocates.
     *
     * @throws IllegalArgumentException for {@link Channel#PHONE} (use {@link #screen})
     * @throws NullPointerException if {@code text} is null while a snapshot is loaded
     */
    public void screenText(Channel channel, String pin, String establishment, String text, Verdict out) {
        if (channel == Channel.PHONE) {
            throw new IllegalArgumentException("a number is screened with screen()");
        }
        final Plan p = current;
        if (p == null) {
            out.answerText(policy.failClosed() ? Decision.DENY : Decision.ALLOW, Reason.UNAVAILABLE, null,
                    Verdict.NO_VERSION);
            return;
        }
        Objects.requireNonNull(text, "text");
        String key = (channel == Channel.EMAIL ? emailMemo : addressMemo).get(text, t -> canonicalText(channel, t));
        if (key == NOT_NORMALISABLE) {
            out.answerText(Decision.DENY, channel == Channel.EMAIL ? Reason.INVALID_EMAIL : Reason.INVALID_ADDRESS,
                    null, p.version);
            return;
        }
        final long now = clock.millis();
        final EntryIndex[] indexes = p.snapshot.indexArray();
        for (EntryIndex index : indexes) {
            int ord = index.text().find(channel, Action.BLOCK, key, pin, establishment, now, index.textEntries());
            if (ord >= 0) {
                out.blockedText(index.columns().ids, ord, key, p.version);
                return;
            }
        }
        if (!p.allowlist) {
            out.answerText(Decision.ALLOW, Reason.NOT_BLOCKED, key, p.version);
            return;
        }
        for (EntryIndex index : indexes) {
            if (index.text().find(channel, Action.ALLOW, key, pin, establishment, now, index.textEntries()) >= 0) {
                out.answerText(Decision.ALLOW, Reason.APPROVED, key, p.version);
                return;
            }
        }
        out.answerText(Decision.DENY, Reason.NOT_APPROVED, key, p.version);
    }

    /** The canonical form of {@code text}, or {@link #NOT_NORMALISABLE}: what the memo keeps. */
    private String canonicalText(Channel channel, String text) {
        try {
            return channel == Channel.EMAIL ? emails.normalise(text) : addresses.normalise(text).canonical();
        } catch (NotNormalisableException e) {
            return NOT_NORMALISABLE;
        }
    }

    /** The e-mail normaliser this screener uses. */
    public EmailNormaliser emails() {
        return emails;
    }

    /** The postal address normaliser this screener uses. */
    public PostalAddressNormaliser addresses() {
        return addresses;
    }

    /** Rule 1: no snapshot loaded. */
    private void unavailable(Verdict out) {
        out.answer(policy.failClosed() ? Decision.DENY : Decision.ALLOW, Reason.UNAVAILABLE,
                CanonicalNumber.INVALID, Verdict.NO_VERSION);
    }

    /*
     * decide(Plan, ...) holds only what every call runs, so that it stays under C2's limit for
     * inlining a hot method (FreqInlineSize, 325 bytes of bytecode); over it, it would be a real
     * call from every caller (-XX:+PrintInlining: "hot method too big"). C2 may still call it
     * when it compiled it on its own first ("already compiled into a big method"); that is one
     * call. The other shapes are calls of their own: several BLOCK table sets
     * (blockedBy), allowlist mode (approved), an invalid key. The clock is read at most once a
     * call, so the BLOCK and the ALLOW rules judge windows at the same instant.
     */
    private void decide(Plan p, String pin, String establishment, long key, Verdict out) {
        if (key < 0) {
            invalid(p, key, out);
            return;
        }
        final long now = p.readClock ? clock.millis() : 0; // unwindowed entries ignore it
        // rule 3: every source is asked for a BLOCK before any ALLOW counts
        final MatchTables sole = p.soleBlock;
        if (sole != null) {
            // the common shape, one source's NATIONAL tables: one find, no loop, no Probe to load
            final int ord = sole.find(key, null, 0, establishment, now, p.soleBlockCols);
            if (ord >= 0) {
                out.blocked(p.soleBlockIds, ord, key, p.version);
                return;
            }
        } else if (p.blocks.length != 0 && blockedBy(p, pin, establishment, key, now, out)) {
            return;
        }
        if (p.allowlist) {
            approved(p, pin, establishment, key, now, out);
            return;
        }
        // rule 5
        out.answer(Decision.ALLOW, Reason.NOT_BLOCKED, key, p.version);
    }

    /** Rule 2, or the caller's error for a key no normaliser gives. */
    private static void invalid(Plan p, long key, Verdict out) {
        if (key != CanonicalNumber.INVALID) {
            throw new IllegalArgumentException("key: " + key + " is not a canonical number key");
        }
        out.answer(Decision.DENY, Reason.INVALID_NUMBER, CanonicalNumber.INVALID, p.version);
    }

    /** Rule 3 over several BLOCK table sets, in plan order: writes BLOCKED and answers true, or false. */
    private static boolean blockedBy(Plan p, String pin, String establishment, long key, long now, Verdict out) {
        for (Probe pr : p.blocks) {
            final int ord = find(pr, key, pin, establishment, now);
            if (ord >= 0) {
                out.blocked(pr.cols.ids, ord, key, p.version);
                return true;
            }
        }
        return false;
    }

    /** Rule 4, allowlist mode with no BLOCK applicable: APPROVED or NOT_APPROVED. */
    private static void approved(Plan p, String pin, String establishment, long key, long now, Verdict out) {
        final Probe[] allows = p.allows;
        if (allows.length != 0
                && anyApplies(allows, key, pin, establishment, now)) {
            out.answer(Decision.ALLOW, Reason.APPROVED, key, p.version);
        } else {
            out.answer(Decision.DENY, Reason.NOT_APPROVED, key, p.version);
        }
    }

    /** Whether an entry of {@code probes} applies. */
    private static boolean anyApplies(Probe[] probes, long key, String pin, String establishment, long now) {
        for (Probe pr : probes) {
            if (find(pr, key, pin, establishment, now) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ordinal of an applicable entry of one table set, or -1: NATIONAL tables are asked for
     * any owner, ESTABLISHMENT ones for {@code establishment}, PIN ones for {@code pin}; a null
     * owner matches nothing.
     */
    private static int find(Probe pr, long key, String pin, String establishment, long now) {
        final Scope scope = pr.scope;
        if (scope == Scope.NATIONAL) {
            return pr.tables.find(key, null, 0, establishment, now, pr.cols);
        }
        final String owner = scope == Scope.ESTABLISHMENT ? establishment : pin;
        if (owner == null) {
            return -1;
        }
        return pr.tables.find(key, owner, owner.hashCode(), establishment, now, pr.cols);
    }
}
