package screening.core;

/**
 * What the lookup and the answer read of one source's entries, by ordinal, without an
 * {@link Entry} object per entry: the ids (a BLOCKED answer's ref), the owner of each
 * ESTABLISHMENT or PIN entry, and the establishment a PIN entry names. The rest of an entry is
 * made on demand by its {@link EntryReader}. Immutable once built; any thread.
 */
final class EntryColumns {

    /** The id of each entry: one String per entry, made at load (shared with the version before where equal). */
    final String[] ids;
    /** ESTABLISHMENT: the establishment; PIN: the PIN; NATIONAL and e-mail or address entries: null. */
    final String[] owners;
    /** The establishment a PIN entry names, else null; the array itself is null when no entry names one. */
    final String[] pinEstablishments;
    /** Makes the whole entry of an ordinal, for the admin API. */
    final EntryReader reader;

    EntryColumns(String[] ids, String[] owners, String[] pinEstablishments, EntryReader reader) {
        this.ids = ids;
        this.owners = owners;
        this.pinEstablishments = pinEstablishments;
        this.reader = reader;
    }

    /** The columns of {@code entries}, whose reader is the array itself. */
    static EntryColumns of(Entry[] entries) {
        int n = entries.length;
        String[] ids = new String[n];
        String[] owners = new String[n];
        String[] pinEstablishments = null;
        for (int i = 0; i < n; i++) {
            Entry e = entries[i];
            ids[i] = e.id();
            owners[i] = e.channel() == Channel.PHONE ? EntryTable.ownerOf(e.scope(), e) : null;
            if (e.scope() == Scope.PIN && e.establishment() != null) {
                if (pinEstablishments == null) {
                    pinEstablishments = new String[n];
                }
                pinEstablishments[i] = e.establishment();
            }
        }
        return new EntryColumns(ids, owners, pinEstablishments, ordinal -> entries[ordinal]);
    }

    /** The whole entry at {@code ordinal} (may allocate). */
    Entry entry(int ordinal) {
        return reader.entry(ordinal);
    }
}
