package screening.server.connection;

/**
 * What {@link ConnectionTimeouts} asks of one connection when it sweeps: which phase it is in and
 * how far it has come, and what it does when a timeout is due.
 *
 * <p>Every method is called on the connection's event loop, by the sweep of that loop; none may
 * block. {@link #phase} and {@link #progress} are called once per sweep and must be plain field
 * reads: the connection keeps them up to date on its own path without reading a clock.
 */
public interface TimedConnection {

    /** Where a connection is, as the sweep sees it. */
    enum Phase {
        /** Nothing of a request has arrived since the last answer: the idle timeout runs. */
        IDLE,
        /** Part of a request has arrived, not all of it: the request timeout runs. */
        RECEIVING,
        /** A whole request is being answered, or the connection is closing: no timeout runs. */
        BUSY
    }

    /** The connection's phase now. */
    Phase phase();

    /**
     * A number that changes whenever a request has arrived whole or an answer has been sent, so
     * that the sweep can tell a new phase from the same one seen again.
     */
    long progress();

    /** The request in progress has not arrived whole in time: answer {@code 408} and close. */
    void requestTimedOut();

    /** The connection has been idle for the idle timeout: close it. */
    void idleTimedOut();
}
