package screening.server.register;

/**
 * A register file that cannot be loaded. The message starts with the line number where there is
 * one ({@code line 7: number does not normalise ...}) and never holds a full phone number.
 */
public final class RegisterRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RefusalCause cause;
    private final int line;

    /**
     * @param cause the short code
     * @param line the 1-based line at fault, or 0 when the problem is the whole file
     * @param message what is wrong; "line N: " is prefixed here when {@code line > 0}
     */
    public RegisterRefusedException(RefusalCause cause, int line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.cause = cause;
        this.line = line;
    }

    /** The short code. */
    public RefusalCause refusalCause() {
        return cause;
    }

    /** The 1-based line at fault, or 0. */
    public int line() {
        return line;
    }
}
