package screening.core;

/**
 * An entry that cannot be part of a snapshot. The message names the field, the entry's position
 * (0-based index in its batch or file, or -1 when unknown) and why; it never holds a full phone
 * number (SPEC section 9).
 */
public final class InvalidEntryException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final int position;

    /**
     * @param field the entry field at fault, e.g. {@code number} or {@code pin}
     * @param position the entry's 0-based position in its batch or file, or -1
     * @param problem what is wrong, e.g. "is required for scope PIN"
     */
    public InvalidEntryException(String field, int position, String problem) {
        super((position >= 0 ? "entry " + position + ": " : "") + field + " " + problem);
        this.field = field;
        this.position = position;
    }

    /** The entry field at fault. */
    public String field() {
        return field;
    }

    /** The entry's 0-based position in its batch or file, or -1 when unknown. */
    public int position() {
        return position;
    }
}
