package screening.server.register;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import screening.core.Action;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.InvalidEntryException;
import screening.core.MatchType;
import screening.core.Scope;

/**
 * Reads entries from CSV for {@code register build} (SPEC section 10): RFC 4180 (comma
 * separated, fields in double quotes may hold commas, quotes doubled, and line breaks), a header
 * row naming entry fields, an empty cell meaning "absent". Every entry is validated as the filter
 * will validate it.
 *
 * <p>Stateless; thread-safe.
 */
public final class EntryCsv {

    /** The columns a header row may name, in the SPEC's order. */
    public static final List<String> COLUMNS = List.of("id", "action", "match", "number", "scope", "establishment",
            "pin", "validFrom", "validUntil", "reason", "reference", "note");

    /** A row that cannot become an entry: its CSV line (1-based, where the row starts) and field. */
    public static final class InvalidRowException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        InvalidRowException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        /** The 1-based CSV line where the row starts. */
        public int line() {
            return line;
        }
    }

    private EntryCsv() {
    }

    /**
     * The entries of {@code csv}, in row order, each validated; ids must be unique.
     *
     * @param source the source name the entries will be loaded under (for the validator)
     * @throws InvalidRowException naming the line and the field of the first bad row
     */
    public static List<Entry> parse(String csv, String source, EntryValidator validator) throws InvalidRowException {
        List<Row> rows = records(csv);
        if (rows.isEmpty()) {
            throw new InvalidRowException(1, "no header row (expected column names such as "
                    + String.join(",", COLUMNS) + ")");
        }
        Row header = rows.get(0);
        int[] column = new int[header.cells.size()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.cells.size(); i++) {
            String name = header.cells.get(i).strip();
            column[i] = COLUMNS.indexOf(name);
            if (column[i] < 0) {
                throw new InvalidRowException(header.line, "unknown column '" + name + "' (allowed: "
                        + String.join(",", COLUMNS) + ")");
            }
            if (!seen.add(name)) {
                throw new InvalidRowException(header.line, "column '" + name + "' appears twice");
            }
        }
        EntryIndex.Builder check = EntryIndex.builder(source, validator);
        List<Entry> out = new ArrayList<>(rows.size() - 1);
        for (int r = 1; r < rows.size(); r++) {
            Row row = rows.get(r);
            if (row.cells.size() == 1 && row.cells.get(0).isEmpty()) {
                continue; // a blank line
            }
            if (row.cells.size() != column.length) {
                throw new InvalidRowException(row.line, "has " + row.cells.size() + " cells but the header names "
                        + column.length + " columns");
            }
            String[] v = new String[COLUMNS.size()];
            for (int i = 0; i < column.length; i++) {
                String cell = row.cells.get(i);
                v[column[i]] = cell.isEmpty() ? null : cell;
            }
            Entry e = new Entry(v[0], parseEnum(Action.class, v[1], "action", row.line),
                    parseEnum(MatchType.class, v[2], "match", row.line), v[3],
                    parseEnum(Scope.class, v[4], "scope", row.line), v[5], v[6],
                    parseInstant(v[7], "validFrom", row.line), parseInstant(v[8], "validUntil", row.line),
                    v[9], v[10], v[11], null, null, null);
            try {
                check.add(e);
            } catch (InvalidEntryException ex) {
                throw new InvalidRowException(row.line, RegisterIndexBuilder.problem(ex));
            }
            out.add(e);
        }
        return out;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String v, String field, int line)
            throws InvalidRowException {
        if (v == null) {
            return null; // the validator names the missing field
        }
        try {
            return Enum.valueOf(type, v.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name());
            }
            throw new InvalidRowException(line, field + " must be one of " + allowed);
        }
    }

    private static Instant parseInstant(String v, String field, int line) throws InvalidRowException {
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v.strip());
        } catch (DateTimeParseException ex) {
            throw new InvalidRowException(line, field + " must be an ISO-8601 instant such as 2026-11-28T12:00:00Z");
        }
    }

    private record Row(int line, List<String> cells) {
    }

    /** Splits RFC 4180 text into records of cells; each record knows the line it starts on. */
    private static List<Row> records(String s) throws InvalidRowException {
        List<Row> rows = new ArrayList<>();
        int i = 0;
        int line = 1;
        int n = s.length();
        if (n > 0 && s.charAt(0) == '\uFEFF') {
            i = 1; // a byte order mark from a spreadsheet
        }
        while (i < n) {
            int rowLine = line;
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean endOfRow = false;
            while (!endOfRow) {
                if (i < n && s.charAt(i) == '"') {
                    int quoteLine = line;
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new InvalidRowException(quoteLine, "a quoted cell is never closed");
                        }
                        char c = s.charAt(i);
                        if (c == '"') {
                            if (i + 1 < n && s.charAt(i + 1) == '"') {
                                cell.append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        if (c == '\n') {
                            line++;
                        }
                        cell.append(c);
                        i++;
                    }
                    if (i < n && s.charAt(i) != ',' && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                        throw new InvalidRowException(line, "text after a closing quote (a quote inside a cell "
                                + "must be doubled)");
                    }
                } else {
                    while (i < n && s.charAt(i) != ',' && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                        if (s.charAt(i) == '"') {
                            throw new InvalidRowException(line, "a quote inside an unquoted cell (quote the whole "
                                    + "cell and double the quote)");
                        }
                        cell.append(s.charAt(i));
                        i++;
                    }
                }
                cells.add(cell.toString());
                cell.setLength(0);
                if (i >= n) {
                    endOfRow = true;
                } else if (s.charAt(i) == ',') {
                    i++;
                } else {
                    if (s.charAt(i) == '\r') {
                        i++;
                    }
                    if (i < n && s.charAt(i) == '\n') {
                        i++;
                    }
                    line++;
                    endOfRow = true;
                }
            }
            rows.add(new Row(rowLine, cells));
        }
        return rows;
    }
}
