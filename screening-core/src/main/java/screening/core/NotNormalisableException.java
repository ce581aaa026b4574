package screening.core;

/**
 * An e-mail address or postal address that no normaliser can read (SPEC section 12). The message
 * is a sentence a person can act on ("no UK postcode found in the address") and never holds the
 * input, so it may be logged, audited and sent back as it is. Thrown for every bad input, and
 * cheap to throw: it carries no stack trace.
 */
public final class NotNormalisableException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param problem what is wrong, e.g. "has no '@'"; never the input itself */
    public NotNormalisableException(String problem) {
        super(problem);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a refusal of input, not a fault: no trace to fill
    }
}
