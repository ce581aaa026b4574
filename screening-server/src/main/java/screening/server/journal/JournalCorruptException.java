package screening.server.journal;

/**
 * The journal is damaged in a way a crash cannot explain (a bad record with good records after
 * it, or a record that passes its checksum but cannot be applied). Start-up stops; the message
 * says where, and never holds a phone number.
 */
public final class JournalCorruptException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JournalCorruptException(String message) {
        super(message);
    }
}
