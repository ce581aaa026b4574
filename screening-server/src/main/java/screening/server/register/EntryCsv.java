package screening.server.register;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    private static final List<String> COLUMNS = List.of("id", "action", "match", "number", "scope", "establishment",
            "pin", "validFrom", "validUntil", "reason", "reference", "note", "email", "address");

    /** A row that cannot become an entry: its CSV line (1-based, where the row starts) and field. */
    public static final class InvalidRowException extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient int line;
        private final transient String problem;
        private final transient String field;
        private final transient List<CsvRecord> before; // the records read before a quoting fault

        InvalidRowException(int line, String message) {
            this(line, null, message, List.of());
        }

        private InvalidRowException(int line, String field, String message, List<CsvRecord> before) {
            super("line " + line + ": " + message);
            this.line = line;
            this.field = field;
            this.problem = message;
            this.before = before;
        }

        /** The CSV line (1-based) of the bad row. */
        public int line() {
            return line;
        }
    }

    /** Comma separated, double quotes, no escape character, no header handling: rows of cells. */
    private static final CsvFactory CSV = new CsvFactory();
    private static final String AFTER_QUOTE = "text after a closing quote (a quote inside a cell must be doubled)";

    private EntryCsv() {
    }

    /**
     * One data row of a CSV: the entry it reads as (not yet validated), or why it cannot be read as
     * one. {@code line} is the CSV line the row starts on (1-based); {@code field} names the column
     * at fault, or is null when the fault is not one column's (the header, the cell count, quoting).
     */
    public record Row(int line, Entry entry, String field, String error) {
        /** Whether this row could not be read as an entry. */
        public boolean failed() {
            return error != null;
        }
    }

    /**
     * The entries of {@code csv}, in row order, each validated; ids must be unique.
     *
     * @param source the source name the entries will be loaded under (for the validator)
     * @throws InvalidRowException naming the line and the field of the first bad row
     */
    public static List<Entry> parse(String csv, String source, EntryValidator validator) throws InvalidRowException {
        EntryIndex.Builder check = EntryIndex.builder(source, validator);
        List<Row> rows = rows(csv);
        List<Entry> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.failed()) {
                throw new InvalidRowException(row.line(), row.error());
            }
            try {
                check.add(row.entry());
            } catch (InvalidEntryException ex) {
                throw new InvalidRowException(row.line(), RegisterIndexBuilder.problem(ex));
            }
            out.add(row.entry());
        }
        return out;
    }

    /**
     * Every data row of {@code csv}, in order, read as an entry without validating it; a row that
     * cannot be read is returned with its error, and reading goes on with the next row. A bad
     * header, or quoting that leaves the rest of the text unreadable, ends the list with that
     * row's error: what follows cannot be told apart into rows. Blank lines are skipped.
     */
    public static List<Row> rows(String csv) {
        List<Row> out = new ArrayList<>();
        List<CsvRecord> records;
        try {
            records = records(csv);
        } catch (InvalidRowException ex) {
            // the rows before the fault are read; the fault ends the list, unless the header already did
            if (ex.before.isEmpty() || readRows(ex.before, out)) {
                out.add(new Row(ex.line, null, null, ex.problem));
            }
            return out;
        }
        if (records.isEmpty()) {
            out.add(new Row(1, null, null, "no header row (expected column names such as "
                    + String.join(",", COLUMNS) + ")"));
            return out;
        }
        readRows(records, out);
        return out;
    }

    /**
     * The header's columns, then each record as a row, added to {@code out}; a bad header is the
     * one row added. Returns whether the header was good.
     */
    private static boolean readRows(List<CsvRecord> records, List<Row> out) {
        CsvRecord header = records.get(0);
        int[] column = new int[header.cells.size()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.cells.size(); i++) {
            String name = header.cells.get(i).strip();
            column[i] = COLUMNS.indexOf(name);
            if (column[i] < 0) {
                out.add(new Row(header.line, null, null, "unknown column '" + name + "' (allowed: "
                        + String.join(",", COLUMNS) + ")"));
                return false;
            }
            if (!seen.add(name)) {
                out.add(new Row(header.line, null, null, "column '" + name + "' appears twice"));
                return false;
            }
        }
        for (int r = 1; r < records.size(); r++) {
            CsvRecord row = records.get(r);
            if (row.cells.size() == 1 && row.cells.get(0).isEmpty()) {
                continue; // a blank line
            }
            if (row.cells.size() != column.length) {
                out.add(new Row(row.line, null, null, "has " + row.cells.size() + " cells but the header names "
                        + column.length + " columns"));
                continue;
            }
            String[] v = new String[COLUMNS.size()];
            for (int i = 0; i < column.length; i++) {
                String cell = row.cells.get(i);
                v[column[i]] = cell.isEmpty() ? null : cell;
            }
            try {
                Entry e = new Entry(v[0], parseEnum(Action.class, v[1], "action", row.line),
                        parseEnum(MatchType.class, v[2], "match", row.line), v[3],
                        parseEnum(Scope.class, v[4], "scope", row.line), v[5], v[6],
                        parseInstant(v[7], "validFrom", row.line), parseInstant(v[8], "validUntil", row.line),
                        v[9], v[10], v[11], null, null, null, v[12], v[13]);
                out.add(new Row(row.line, e, null, null));
            } catch (InvalidRowException ex) {
                out.add(new Row(row.line, null, ex.field, ex.problem));
            }
        }
        return true;
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
            throw new InvalidRowException(line, field, field + " must be one of " + allowed, List.of());
        }
    }

    private static Instant parseInstant(String v, String field, int line) throws InvalidRowException {
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v.strip());
        } catch (DateTimeParseException ex) {
            throw new InvalidRowException(line, field, field + " must be an ISO-8601 instant such as 2026-11-28T12:00:00Z",
                    List.of());
        }
    }

    private record CsvRecord(int line, List<String> cells) {
    }

    /**
     * The records of {@code csv}, each with the line it starts on. Jackson reads the CSV
     * (RFC 4180: quoted cells may hold commas, doubled quotes and line breaks; CRLF or LF), and
     * a byte order mark from a spreadsheet is skipped.
     */
    private static List<CsvRecord> records(String csv) throws InvalidRowException {
        String text = !csv.isEmpty() && csv.charAt(0) == '\uFEFF' ? csv.substring(1) : csv;
        List<CsvRecord> rows = new ArrayList<>();
        // without a schema, each record is START_ARRAY, one VALUE_STRING per cell, END_ARRAY
        try (JsonParser p = CSV.createParser(text)) {
            List<String> cells = new ArrayList<>();
            int line = 0;
            for (JsonToken t = next(p); t != null; t = next(p)) {
                if (t == JsonToken.START_ARRAY) {
                    cells = new ArrayList<>();
                } else if (t == JsonToken.VALUE_STRING) {
                    JsonLocation at = p.currentTokenLocation();
                    if (cells.isEmpty()) {
                        line = at.getLineNr();
                    }
                    String cell = p.getText();
                    checkQuotes(text, (int) at.getCharOffset(), at.getLineNr(), cell);
                    cells.add(cell);
                } else if (t == JsonToken.END_ARRAY) {
                    rows.add(new CsvRecord(line, cells));
                }
            }
        } catch (InvalidRowException ex) {
            throw new InvalidRowException(ex.line, null, ex.problem, rows);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // a String is read without I/O
        }
        return rows;
    }

    /**
     * Refuses what Jackson reads leniently: a quote inside an unquoted cell (Jackson keeps it as
     * text, but it is almost always a cell that was meant to be quoted) and spaces after a
     * closing quote (Jackson skips them). {@code start} is where the cell begins in {@code text};
     * a quoted cell's value is its text between the quotes, with the doubled quotes undoubled.
     */
    private static void checkQuotes(String text, int start, int line, String cell) throws InvalidRowException {
        int quotes = count(cell, '"');
        if (start >= text.length() || text.charAt(start) != '"') {
            if (quotes > 0) {
                throw new InvalidRowException(line, "a quote inside an unquoted cell (quote the whole cell and "
                        + "double the quote)");
            }
            return;
        }
        int after = start + 2 + cell.length() + quotes;
        if (after < text.length() && ",\r\n".indexOf(text.charAt(after)) < 0) {
            throw new InvalidRowException(line + count(cell, '\n'), AFTER_QUOTE);
        }
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) {
            n++;
        }
        return n;
    }

    /** The next token, Jackson's two errors in a schema-less read told apart and given a line. */
    private static JsonToken next(JsonParser p) throws IOException, InvalidRowException {
        try {
            return p.nextToken();
        } catch (JsonProcessingException ex) {
            if (ex.getOriginalMessage().startsWith("Missing closing quote")) {
                // the token's location is where the quoted cell opened
                throw new InvalidRowException(p.currentTokenLocation().getLineNr(), "a quoted cell is never closed");
            }
            int line = ex.getLocation() != null ? ex.getLocation().getLineNr() : p.currentTokenLocation().getLineNr();
            throw new InvalidRowException(line, AFTER_QUOTE);
        }
    }
}
