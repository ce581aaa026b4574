package screening.server.audit;

/**
 * The audit log's chain is broken, or its head file names a line the log does not hold (an edit,
 * a removal or a truncation). Start-up stops rather than write over the evidence; the message
 * names the first broken seq.
 */
public final class AuditLogDamagedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long seq;

    public AuditLogDamagedException(long seq, String message) {
        super(message);
        this.seq = seq;
    }

    /** The first seq found broken. */
    public long seq() {
        return seq;
    }
}
