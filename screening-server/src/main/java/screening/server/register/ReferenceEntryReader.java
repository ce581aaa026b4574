package screening.server.register;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.List;
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
        RegisterIndexBuilder index = new RegisterIndexBuilder(header.source(), validator, lines);
        if (lines == 0) {
            return index.build();
        }
        try (JsonParser p = ENTRY_READER.createParser(bytes, bodyStart, bytes.length - bodyStart)) {
            int line = 1;
            while (true) {
                JsonToken t = nextToken(p, line);
                if (t == null) {
                    break;
                }
                // Jackson counts lines from 1 at the body's start: body line n is file line n + 1
                int at = p.currentTokenLocation().getLineNr() + 1;
                if (at > line + 1) {
                    throw new RegisterRefusedException(RefusalCause.ENTRY, line + 1, EMPTY_LINE);
                }
                if (at <= line) {
                    throw new RegisterRefusedException(RefusalCause.ENTRY, at, "more than one JSON value on the line");
                }
                line = at;
                index.add(readEntry(p, t, line).withProvenance(header.source(), AuditLog.SYSTEM_ACTOR, header.generated()), line);
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

    private static JsonToken nextToken(JsonParser p, int line) throws RegisterRefusedException {
        try {
            return p.nextToken();
        } catch (JsonProcessingException ex) {
            int at = ex.getLocation() != null && ex.getLocation().getLineNr() > 0
                    ? ex.getLocation().getLineNr() + 1 : line;
            throw new RegisterRefusedException(RefusalCause.ENTRY, at, "not valid JSON" + RegisterRefusedException.column(ex));
        } catch (IOException ex) {
            throw new RegisterRefusedException(RefusalCause.ENTRY, line, "not valid JSON");
        }
    }

    /** Reads the entry that starts at the parser's current token, on {@code line}. */
    private static Entry readEntry(JsonParser p, JsonToken t, int line) throws RegisterRefusedException {
        if (t != JsonToken.START_OBJECT) {
            throw new RegisterRefusedException(RefusalCause.ENTRY, line, "must be a JSON object of entry fields");
        }
        Entry e;
        try {
            e = ENTRY_READER.readValue(p);
        } catch (UnrecognizedPropertyException ex) {
            throw new RegisterRefusedException(RefusalCause.ENTRY, line, "unknown field '" + ex.getPropertyName() + "'");
        } catch (JsonMappingException ex) {
            String field = fieldOf(ex);
            throw new RegisterRefusedException(RefusalCause.ENTRY, line,
                    field != null ? field + " has an invalid value" : "must be a JSON object of entry fields");
        } catch (JsonProcessingException ex) {
            boolean sameLine = ex.getLocation() != null && ex.getLocation().getLineNr() + 1 == line;
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
}
