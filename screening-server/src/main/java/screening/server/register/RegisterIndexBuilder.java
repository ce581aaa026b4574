package screening.server.register;

import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryReader;
import screening.core.EntryValidator;
import screening.core.InvalidEntryException;

/**
 * Builds the index of a register file's entries line by line, through {@link EntryIndex.Builder}
 * (the admin API's validator), and refuses the first invalid entry with its line: a repeated id
 * as {@link RefusalCause#DUPLICATE_ID} naming the earlier line, anything else as
 * {@link RefusalCause#ENTRY}.
 *
 * <p>One instance per parse; not thread-safe.
 */
final class RegisterIndexBuilder {

    private final EntryIndex.Builder builder;

    /** A builder that keeps every entry added. */
    RegisterIndexBuilder(String source, EntryValidator validator) {
        this.builder = EntryIndex.builder(source, validator);
    }

    /**
     * A builder that keeps the columns of number entries, {@code reader} making them again.
     *
     * @param lines how many entry lines the file has (a capacity hint)
     */
    RegisterIndexBuilder(String source, EntryValidator validator, EntryReader reader, long lines) {
        this.builder = EntryIndex.builder(source, validator, reader, (int) Math.min(lines, 1 << 24));
    }

    /** The index builder, for entries added by their fields ({@link EntryIndex.Builder#addNumberEntry}). */
    EntryIndex.Builder builder() {
        return builder;
    }

    /**
     * Adds {@code e}, read from file line {@code line} (the header is line 1).
     *
     * @throws RegisterRefusedException when the validator or the index refuses it
     */
    void add(Entry e, int line) throws RegisterRefusedException {
        try {
            builder.add(e);
        } catch (InvalidEntryException ex) {
            int earlier = "id".equals(ex.field()) && e.id() != null ? builder.positionOf(e.id()) : -1;
            if (earlier >= 0) {
                throw new RegisterRefusedException(RefusalCause.DUPLICATE_ID, line,
                        "id " + e.id() + " duplicates the id on line " + (earlier + 2));
            }
            throw new RegisterRefusedException(RefusalCause.ENTRY, line, problem(ex));
        }
    }

    /** The index of every entry added. */
    EntryIndex build() {
        return builder.build();
    }

    /** The validator's message without its "entry N: " prefix (the caller's line number replaces it). */
    static String problem(InvalidEntryException ex) {
        String m = ex.getMessage();
        if (ex.position() >= 0 && m.startsWith("entry ")) {
            int colon = m.indexOf(": ");
            if (colon > 0) {
                return m.substring(colon + 2);
            }
        }
        return m;
    }
}
