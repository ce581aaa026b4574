package screening.server.register;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;

/**
 * A register file that cannot be loaded. The message starts with the line number where there is
 * one ({@code line 7: number does not normalise ...}) and never holds a full phone number.
 */
public final class RegisterRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RefusalCause cause;

    /**
     * @param cause the short code
     * @param line the 1-based line at fault, or 0 when the problem is the whole file
     * @param message what is wrong; "line N: " is prefixed here when {@code line > 0}
     */
    public RegisterRefusedException(RefusalCause cause, int line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.cause = cause;
    }

    /** The short code. */
    public RefusalCause refusalCause() {
        return cause;
    }

    /**
     * Where on its line Jackson stopped, as {@code " (column N)"}, or "" when it does not say:
     * Jackson's own message is never used, since it quotes the line (a line holds a number).
     */
    static String column(IOException ex) {
        if (ex instanceof JsonProcessingException jpe && jpe.getLocation() != null
                && jpe.getLocation().getColumnNr() > 0) {
            return " (column " + jpe.getLocation().getColumnNr() + ")";
        }
        return "";
    }
}
