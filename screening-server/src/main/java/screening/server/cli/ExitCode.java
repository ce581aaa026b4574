package screening.server.cli;

/** The command line's exit codes (SPEC section 10). */
public final class ExitCode {

    /** Success. */
    public static final int OK = 0;
    /** A check failed: a damaged audit log or journal, a refused register file. */
    public static final int CHECK_FAILED = 1;
    /** Bad usage or config. */
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
