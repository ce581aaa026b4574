package screening.core;

/**
 * The one normaliser (SPEC section 2): every dialled string, entry number and register number
 * goes through it, so that no formatting of the same line can slip past a block.
 *
 * <p>Thread-safe; never blocks; a cache hit allocates nothing.
 *
 * <p>PLACEHOLDER (issue 2): handles only {@code +digits}, {@code 00digits} and GB national
 * {@code 0digits} with separators. The real implementation replaces this class body, keeping the
 * public signatures.
 */
public final class DialledNumberNormaliser {

    /** The default bound of the dialled-string cache. */
    public static final long CACHE_SIZE_DEFAULT = 100_000;

    private final NumberingPlan plan;

    /** A normaliser for {@code plan} with the default cache bound. */
    public DialledNumberNormaliser(NumberingPlan plan) {
        this(plan, CACHE_SIZE_DEFAULT);
    }

    /**
     * @param plan the numbering config
     * @param maximumCacheSize how many dialled strings the cache keeps
     * @throws IllegalArgumentException if {@code maximumCacheSize} is negative
     */
    public DialledNumberNormaliser(NumberingPlan plan, long maximumCacheSize) {
        if (maximumCacheSize < 0) {
            throw new IllegalArgumentException("maximum cache size must not be negative");
        }
        this.plan = plan;
    }

    /** The numbering config this normaliser applies. */
    public NumberingPlan plan() {
        return plan;
    }

    /**
     * The canonical key of {@code dialled} (see {@link CanonicalNumber}), or
     * {@link CanonicalNumber#INVALID} when it does not normalise.
     */
    public long normalise(String dialled) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dialled.length(); i++) {
            char c = dialled.charAt(i);
            if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')') {
                continue;
            }
            sb.append(c);
        }
        String s = sb.toString();
        try {
            if (s.startsWith("+")) {
                return CanonicalNumber.e164(s.substring(1));
            }
            if (s.startsWith("00")) {
                return CanonicalNumber.e164(s.substring(2));
            }
            if (s.startsWith("0") && s.length() == 11) {
                return CanonicalNumber.e164("44" + s.substring(1));
            }
        } catch (IllegalArgumentException e) {
            return CanonicalNumber.INVALID;
        }
        return CanonicalNumber.INVALID;
    }
}
