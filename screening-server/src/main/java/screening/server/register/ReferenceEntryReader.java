package screening.server.register;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.server.audit.AuditLog;
import screening.server.json.Json;

/**
 * The reference reader of a register file's entry lines: Jackson's {@link Json#MAPPER} reads the
 * whole body and every problem is refused with its line and, where it helps, the field or column.
 * {@link RegisterFile} reads plain lines faster with {@link EntryLineParser} and turns to this
 * reader for any line that one declines and for the whole body when a line is not one acceptable
 * JSON object, so that the messages and line numbers of a refusal are this reader's.
 *
 * <p>Stateless; thread-safe. CPU-bound: never on an event loop.
 */
final class ReferenceEntryReader {

    /*
     * One Jackson parser reads the whole body, rather than one parser per line, which costs
     * noticeably more on a large file; the line of each value is checked against the line count
     * so that a blank line, or two values on one line, is still refused with its line number.
     * Lines are counted from the parser's byte offsets (FileLines), never from Jackson's own line
     * numbers: Jackson also ends a line at a lone carriage return, which a register line may hold.
     *
     * Entry lines must not carry source, createdBy or createdAt: the filter fills them in (source =
     * the header's source, createdBy = "system", createdAt = the header's generated), so a file
     * cannot claim to be another source or a security officer's entry.
     *
     * Messages never echo a line's content (a line holds a phone number): Jackson's messages are
     * replaced by the field name and, for syntax errors, the column.
     */

    /** Json.MAPPER's strict reading of an entry, without the trailing-token check: one parser reads every line. */
    private static final ObjectReader ENTRY_READER = Json.MAPPER.readerFor(Entry.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final String EMPTY_LINE = "empty line (one entry per line, no blank lines)";

    private ReferenceEntryReader() {
    }

    /**
     * Reads the {@code lines} entry lines from {@code bodyStart} (file line 2) to the end of
     * {@code bytes}, provenance filled in from {@code header}.
     *
     * @throws RegisterRefusedException the first problem, with its line
     */
    static EntryIndex read(byte[] bytes, int bodyStart, long lines, RegisterHeader header, EntryValidator validator)
            throws RegisterRefusedException {
        RegisterIndexBuilder index = new RegisterIndexBuilder(header.source(), validator);
        if (lines == 0) {
            return index.build();
        }
        int notUtf8 = notUtf8At(bytes, bodyStart, bytes.length);
        if (notUtf8 > 0) {
            // refused here, as a UTF-8 reading would: Jackson itself would read it as UTF-16 or UTF-32
            throw notUtf8 == 2 && bytes[bodyStart] == '\n'
                    ? new RegisterRefusedException(RefusalCause.ENTRY, 2, EMPTY_LINE)
                    : new RegisterRefusedException(RefusalCause.ENTRY, 2, "not valid JSON (column " + notUtf8 + ")");
        }
        FileLines fileLines = new FileLines(bytes, bodyStart);
        try (JsonParser p = ENTRY_READER.createParser(bytes, bodyStart, bytes.length - bodyStart)) {
            int line = 1;
            while (true) {
                JsonToken t = nextToken(p, fileLines);
                if (t == null) {
                    break;
                }
                int at = fileLines.lineOf(p.currentTokenLocation());
                if (at > line + 1) {
                    throw new RegisterRefusedException(RefusalCause.ENTRY, line + 1, EMPTY_LINE);
                }
                if (at <= line) {
                    throw new RegisterRefusedException(RefusalCause.ENTRY, at, "more than one JSON value on the line");
                }
                line = at;
                index.add(readEntry(p, t, line, fileLines).withProvenance(header.source(), AuditLog.SYSTEM_ACTOR, header.generated()), line);
            }
            if (line - 1 < lines) {
                // the count matched, so the missing values are blank lines at the end
                throw new RegisterRefusedException(RefusalCause.ENTRY, line + 1, EMPTY_LINE);
            }
        } catch (IOException ex) {
            throw new RegisterRefusedException(RefusalCause.ENTRY, 0, "cannot read the entries: " + ex.getMessage());
        }
        return index.build();
    }

    /**
     * The entry of one line, {@code bytes[from, to)}, read alone, provenance filled in from
     * {@code header}; or null when the line is not exactly one acceptable entry object (then
     * {@link #read} finds and names the problem).
     */
    static Entry readLine(byte[] bytes, int from, int to, RegisterHeader header) {
        if (notUtf8At(bytes, from, to) > 0 || startsWithByteOrderMark(bytes, from, to)) {
            return null; // read alone, it would be decoded otherwise than as part of the body
        }
        for (int k = from; k < to - 1; k++) {
            if (bytes[k] == '\r') {
                return null; // Jackson would count a line there: let the whole-body reader say so
            }
        }
        try (JsonParser p = ENTRY_READER.createParser(bytes, from, to - from)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Entry e = ENTRY_READER.readValue(p);
            if (p.nextToken() != null || e.source() != null || e.createdBy() != null || e.createdAt() != null) {
                return null;
            }
            return e.withProvenance(header.source(), AuditLog.SYSTEM_ACTOR, header.generated());
        } catch (IOException | RuntimeException ex) {
            return null;
        }
    }

    /**
     * Where bytes from {@code from} stop being UTF-8 JSON in a way that makes Jackson guess another
     * encoding (it reads a zero byte among the first two, or a UTF-16 byte order mark, as UTF-16 or
     * UTF-32): the 1-based column of that byte, or 0 when Jackson will read them as UTF-8.
     */
    private static int notUtf8At(byte[] b, int from, int to) {
        if (to - from >= 1 && b[from] == 0) {
            return 1;
        }
        if (to - from >= 2) {
            int c0 = b[from] & 0xFF;
            int c1 = b[from + 1] & 0xFF;
            if (c0 == 0xFE && c1 == 0xFF || c0 == 0xFF && c1 == 0xFE) {
                return 1;
            }
            if (c1 == 0) {
                return 2;
            }
        }
        return 0;
    }

    /** A UTF-8 byte order mark, which Jackson skips at the start of what it reads and nowhere else. */
    private static boolean startsWithByteOrderMark(byte[] b, int from, int to) {
        return to - from >= 3 && (b[from] & 0xFF) == 0xEF && (b[from + 1] & 0xFF) == 0xBB && (b[from + 2] & 0xFF) == 0xBF;
    }

    private static JsonToken nextToken(JsonParser p, FileLines fileLines) throws RegisterRefusedException {
        try {
            return p.nextToken();
        } catch (JsonProcessingException ex) {
            // a limit exceeded (a number of over 1,000 digits) has no location: the token it stopped in has
            int at = ex.getLocation() != null && ex.getLocation().getByteOffset() >= 0
                    ? fileLines.lineOfError(ex.getLocation()) : fileLines.lineOf(p.currentTokenLocation());
            throw new RegisterRefusedException(RefusalCause.ENTRY, at, "not valid JSON" + RegisterRefusedException.column(ex));
        } catch (IOException ex) {
            throw new RegisterRefusedException(RefusalCause.ENTRY, fileLines.lineOf(p.currentTokenLocation()), "not valid JSON");
        }
    }

    /** Reads the entry that starts at the parser's current token, on {@code line}. */
    private static Entry readEntry(JsonParser p, JsonToken t, int line, FileLines fileLines) throws RegisterRefusedException {
        if (t != JsonToken.START_OBJECT) {
            throw new RegisterRefusedException(RefusalCause.ENTRY, line, "must be a JSON object of entry fields");
        }
        Entry e;
        try {
            e = ENTRY_READER.readValue(p);
        } catch (UnrecognizedPropertyException ex) {
            throw new RegisterRefusedException(RefusalCause.ENTRY, line, "unknown field " + fieldName(ex.getPropertyName()));
        } catch (JsonMappingException ex) {
            String field = fieldOf(ex);
            throw new RegisterRefusedException(RefusalCause.ENTRY, line,
                    field != null ? field + " has an invalid value" : "must be a JSON object of entry fields");
        } catch (JsonProcessingException ex) {
            // at the end of the input Jackson's location is past the last newline: no column then
            boolean sameLine = ex.getLocation() != null && fileLines.lineOf(ex.getLocation()) == line;
            throw new RegisterRefusedException(RefusalCause.ENTRY, line,
                    "not valid JSON" + (sameLine ? RegisterRefusedException.column(ex) : ""));
        } catch (IOException ex) {
            throw new RegisterRefusedException(RefusalCause.ENTRY, line, "not valid JSON");
        }
        if (e.source() != null) {
            throw new RegisterRefusedException(RefusalCause.ENTRY, line, "source must be absent (the filter fills it in)");
        }
        if (e.createdBy() != null) {
            throw new RegisterRefusedException(RefusalCause.ENTRY, line, "createdBy must be absent (the filter fills it in)");
        }
        if (e.createdAt() != null) {
            throw new RegisterRefusedException(RefusalCause.ENTRY, line, "createdAt must be absent (the filter fills it in)");
        }
        return e;
    }

    private static String fieldOf(JsonMappingException ex) {
        List<JsonMappingException.Reference> path = ex.getPath();
        if (path == null || path.isEmpty() || path.get(0).getFieldName() == null) {
            return null;
        }
        return path.get(0).getFieldName();
    }

    /**
     * The file line of a byte offset of the body's parser: 2 plus the newlines before it. Offsets
     * are asked in increasing order (tokens, then an error after them), so the newlines are
     * counted once, forward from the last offset asked.
     */
    private static final class FileLines {
        private final byte[] bytes;
        private final int bodyStart;
        private int counted; // newlines before bodyStart + counted have been counted
        private int line = 2;

        FileLines(byte[] bytes, int bodyStart) {
            this.bytes = bytes;
            this.bodyStart = bodyStart;
        }

        /** The line of a location: where a token starts, or where Jackson stopped. */
        int lineOf(JsonLocation l) {
            return lineAt(l.getByteOffset());
        }

        /** The line of the byte an error is about: Jackson's location of an error is just past it. */
        int lineOfError(JsonLocation l) {
            return lineAt(Math.max(0, l.getByteOffset() - 1));
        }

        private int lineAt(long offset) {
            int to = (int) Math.min(offset, bytes.length - bodyStart);
            if (to < counted) { // not expected: count again from the start
                counted = 0;
                line = 2;
            }
            for (int i = bodyStart + counted, end = bodyStart + to; i < end; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            counted = Math.max(counted, to);
            return line;
        }
    }

    private static final Pattern PLAIN_FIELD_NAME = Pattern.compile("[A-Za-z_-]{1,40}");

    /**
     * A field name for a refusal, which reaches the log, status and audit: quoted when it is a plain
     * word, else not shown, since a key can hold anything, a victim's number included (SPEC section 9).
     */
    static String fieldName(String name) {
        return name != null && PLAIN_FIELD_NAME.matcher(name).matches() ? "'" + name + "'" : "(name not shown)";
    }
}
