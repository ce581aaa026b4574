package screening.server.register;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.InvalidEntryException;
import screening.server.audit.AuditLog;
import screening.server.json.Json;

/**
 * One register file (SPEC section 6), parsed and validated whole: the header, the entry count,
 * the SHA-256, every entry through {@link EntryIndex.Builder} (the admin API's validator), unique
 * ids, and optionally a version above the one loaded.
 *
 * <p>Stateless and thread-safe; {@link #parse} is CPU-bound (about 1.5 s of CPU per million
 * entries on a 2-vCPU EPYC VM) and must not run on an event loop.
 */
public final class RegisterFile {

    /*
     * Order of checks: EMPTY, HEADER, COUNT, CHECKSUM, VERSION, then entries (ENTRY,
     * DUPLICATE_ID). Integrity comes before meaning: a file whose bytes do not match its header is
     * refused as such before anything inside it is trusted. The shrink guard needs the loaded
     * index, so the caller (RegisterPoller) applies it after parse.
     *
     * Entry lines must not carry source, createdBy or createdAt: the filter fills them in (source =
     * the configured source name, createdBy = "system", createdAt = the header's generated), so a
     * file cannot claim to be another source or a security officer's entry.
     *
     * Two readers of the entry lines. The fast one (fastEntries) splits the body at newlines and
     * reads each plain line with EntryLineParser, which gives exactly Jackson's Entry or declines
     * (Jackson then reads that line alone); it shares the loaded version's strings, so a reload
     * of an unchanged million-entry file costs about a million new objects instead of ten. At the
     * first line that is not one acceptable JSON object it gives up, and the reference reader
     * (jacksonEntries) reads the whole body again to find and name the problem, so the messages
     * and line numbers of a refusal are the reference reader's. A line whose entry is invalid is
     * refused by either the same way, since everything before it was read the same.
     *
     * The reference reader: one Jackson parser reads the whole body (a parser per line cost a
     * fifth of a reload); the line of each value is checked against the line count so that a
     * blank line, or two values on one line, is still refused with its line number.
     *
     * Messages never echo a line's content (a line holds a phone number): Jackson's messages are
     * replaced by the field name and, for syntax errors, the column.
     */

    /** Source names: they become file names in dataDir, so no separators or dots. */
    public static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /**
     * Json.MAPPER, but a JSON number or boolean is not taken for a string field: a number written
     * as {@code 447700900123} instead of {@code "+447700900123"} is a mistake to name, not to guess.
     */
    private static final ObjectReader ENTRY_READER = strictStrings(Json.MAPPER.copy()).readerFor(Entry.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS); // one parser reads every line

    private static final String EMPTY_LINE = "empty line (one entry per line, no blank lines)";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> HEADER_FIELDS = Set.of("format", "source", "version", "generated",
            "entries", "sha256");

    private final RegisterHeader header;
    private final EntryIndex index;

    private RegisterFile(RegisterHeader header, EntryIndex index) {
        this.header = header;
        this.index = index;
    }

    /** The header. */
    public RegisterHeader header() {
        return header;
    }

    /** The entries, validated and indexed, with source, createdBy and createdAt filled in. */
    public EntryIndex index() {
        return index;
    }

    /**
     * Parses and validates {@code bytes} whole.
     *
     * @param expectedSource the configured source name the header must carry, or null to accept
     *     any well-formed name ({@code register verify})
     * @param loadedVersion the version loaded now: the file's must be higher; 0 when none
     * @throws RegisterRefusedException with the cause and the first problem's line
     */
    public static RegisterFile parse(byte[] bytes, String expectedSource, long loadedVersion,
            EntryValidator validator) throws RegisterRefusedException {
        return parse(bytes, expectedSource, loadedVersion, validator, null);
    }

    /**
     * {@link #parse(byte[], String, long, EntryValidator)}, sharing the strings of {@code loaded}
     * (the source's loaded index, or null) where an entry at the same position has equal ones.
     */
    static RegisterFile parse(byte[] bytes, String expectedSource, long loadedVersion,
            EntryValidator validator, EntryIndex loaded) throws RegisterRefusedException {
        if (isBlank(bytes, 0, bytes.length)) {
            throw new RegisterRefusedException(RefusalCause.EMPTY, 0,
                    bytes.length == 0 ? "the file is empty (0 bytes)" : "the file holds only whitespace");
        }
        int nl = indexOf(bytes, (byte) '\n', 0);
        if (nl < 0) {
            throw new RegisterRefusedException(RefusalCause.HEADER, 1, "the header line must end with a newline");
        }
        RegisterHeader header = parseHeader(bytes, nl, expectedSource);

        int bodyStart = nl + 1;
        long lines = countLines(bytes, bodyStart);
        if (lines != header.entries()) {
            throw new RegisterRefusedException(RefusalCause.COUNT, 1,
                    "header says entries " + header.entries() + " but the file has " + lines + " entry lines");
        }
        String actual = sha256Hex(bytes, bodyStart, bytes.length - bodyStart);
        if (!actual.equals(header.sha256())) {
            throw new RegisterRefusedException(RefusalCause.CHECKSUM, 1,
                    "sha256 does not match the bytes after the header line (they hash to " + actual + ")");
        }
        if (header.version() <= loadedVersion) {
            throw new RegisterRefusedException(RefusalCause.VERSION, 1,
                    "version " + header.version() + " is not higher than the loaded version " + loadedVersion);
        }

        EntryIndex index = lines == 0 ? EntryIndex.builder(header.source(), validator).build()
                : fastEntries(bytes, bodyStart, lines, header, validator, loaded);
        if (index == null) {
            index = jacksonEntries(bytes, bodyStart, lines, header, validator);
        }
        return new RegisterFile(header, index);
    }

    /**
     * The entries read line by line with {@link EntryLineParser}, Jackson for a line it declines;
     * or null when a line is not one valid JSON object, to let {@link #jacksonEntries} find and
     * name the problem. A line's validation error is refused here, exactly as there.
     */
    private static EntryIndex fastEntries(byte[] bytes, int bodyStart, long lines, RegisterHeader header,
            EntryValidator validator, EntryIndex loaded) throws RegisterRefusedException {
        EntryIndex.Builder builder = EntryIndex.builder(header.source(), validator);
        EntryLineParser fast = new EntryLineParser(header.source(), AuditLog.SYSTEM_ACTOR, header.generated());
        List<Entry> hints = loaded != null ? loaded.entries() : List.of();
        List<Entry> added = new ArrayList<>((int) Math.min(lines, 1 << 24));
        int line = 1;
        int start = bodyStart;
        while (start < bytes.length) {
            int end = indexOf(bytes, (byte) '\n', start);
            if (end < 0) {
                end = bytes.length;
            }
            line++;
            int i = line - 2;
            Entry e = fast.parse(bytes, start, end, i < hints.size() ? hints.get(i) : null);
            if (e == null) {
                e = jacksonLine(bytes, start, end, header);
                if (e == null) {
                    return null;
                }
            }
            add(builder, added, e, line);
            start = end + 1;
        }
        return builder.build();
    }

    /** One line read alone by Jackson, or null if it is not exactly one acceptable entry object. */
    private static Entry jacksonLine(byte[] bytes, int from, int to, RegisterHeader header) {
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

    /** Adds {@code e}, read from {@code line}, refusing it as the file's problem. */
    private static void add(EntryIndex.Builder builder, List<Entry> added, Entry e, int line)
            throws RegisterRefusedException {
        try {
            builder.add(e);
        } catch (InvalidEntryException ex) {
            int earlier = "id".equals(ex.field()) ? indexOfId(added, e.id()) : -1;
            if (earlier >= 0) {
                throw new RegisterRefusedException(RefusalCause.DUPLICATE_ID, line,
                        "id " + e.id() + " duplicates the id on line " + (earlier + 2));
            }
            throw new RegisterRefusedException(RefusalCause.ENTRY, line, problem(ex));
        }
        added.add(e);
    }

    /** The entries read by one Jackson parser over the whole body: the reference reader. */
    private static EntryIndex jacksonEntries(byte[] bytes, int bodyStart, long lines, RegisterHeader header,
            EntryValidator validator) throws RegisterRefusedException {
        EntryIndex.Builder builder = EntryIndex.builder(header.source(), validator);
        List<Entry> added = new ArrayList<>((int) Math.min(lines, 1 << 24));
        if (lines > 0) {
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
                    Entry e = readEntry(p, t, line).withProvenance(header.source(), AuditLog.SYSTEM_ACTOR, header.generated());
                    add(builder, added, e, line);
                }
                if (line - 1 < lines) {
                    // the count matched, so the missing values are blank lines at the end
                    throw new RegisterRefusedException(RefusalCause.ENTRY, line + 1, EMPTY_LINE);
                }
            } catch (IOException ex) {
                throw new RegisterRefusedException(RefusalCause.ENTRY, 0, "cannot read the entries: " + ex.getMessage());
            }
        }
        return builder.build();
    }

    /**
     * Writes a register file: the header (with the count and SHA-256 of what follows), then one
     * line per entry in the given order. The entries are not validated here.
     */
    public static byte[] render(String source, long version, Instant generated, List<Entry> entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(entries.size() * 128);
        try {
            for (Entry e : entries) {
                body.write(Json.MAPPER.writeValueAsBytes(e));
                body.write('\n');
            }
            byte[] b = body.toByteArray();
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("format", RegisterHeader.FORMAT);
            h.put("source", source);
            h.put("version", version);
            h.put("generated", generated.toString());
            h.put("entries", entries.size());
            h.put("sha256", sha256Hex(b, 0, b.length));
            byte[] head = Json.MAPPER.writeValueAsBytes(h);
            byte[] out = new byte[head.length + 1 + b.length];
            System.arraycopy(head, 0, out, 0, head.length);
            out[head.length] = '\n';
            System.arraycopy(b, 0, out, head.length + 1, b.length);
            return out;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Lowercase hex SHA-256 of {@code len} bytes of {@code b} from {@code off}. */
    public static String sha256Hex(byte[] b, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, off, len);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every JVM", ex);
        }
    }

    private static RegisterHeader parseHeader(byte[] bytes, int nl, String expectedSource)
            throws RegisterRefusedException {
        JsonNode h;
        try {
            h = Json.MAPPER.readTree(bytes, 0, nl);
        } catch (IOException ex) {
            throw new RegisterRefusedException(RefusalCause.HEADER, 1, "the header is not valid JSON" + column(ex));
        }
        if (h == null || !h.isObject()) {
            throw new RegisterRefusedException(RefusalCause.HEADER, 1, "the header must be a JSON object");
        }
        for (Iterator<String> it = h.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!HEADER_FIELDS.contains(f)) {
                throw new RegisterRefusedException(RefusalCause.HEADER, 1, "unknown header field '" + f + "'");
            }
        }
        JsonNode format = h.get("format");
        if (format == null || !format.isTextual() || !RegisterHeader.FORMAT.equals(format.textValue())) {
            throw new RegisterRefusedException(RefusalCause.HEADER, 1,
                    "format must be \"" + RegisterHeader.FORMAT + "\"");
        }
        JsonNode source = h.get("source");
        if (source == null || !source.isTextual() || !SOURCE_NAME.matcher(source.textValue()).matches()) {
            throw new RegisterRefusedException(RefusalCause.HEADER, 1,
                    "source must be a name of 1 to 64 of [A-Za-z0-9_-]");
        }
        if (expectedSource != null && !expectedSource.equals(source.textValue())) {
            throw new RegisterRefusedException(RefusalCause.HEADER, 1,
                    "source is '" + source.textValue() + "' but this source is configured as '" + expectedSource + "'");
        }
        JsonNode version = h.get("version");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToLong() || version.longValue() < 1) {
            throw new RegisterRefusedException(RefusalCause.HEADER, 1, "version must be a positive integer");
        }
        JsonNode generated = h.get("generated");
        Instant gen;
        try {
            if (generated == null || !generated.isTextual()) {
                throw new DateTimeParseException("not text", "", 0);
            }
            gen = Instant.parse(generated.textValue());
        } catch (DateTimeParseException ex) {
            throw new RegisterRefusedException(RefusalCause.HEADER, 1,
                    "generated must be an ISO-8601 instant such as 2026-11-28T12:00:00Z");
        }
        JsonNode entries = h.get("entries");
        if (entries == null || !entries.isIntegralNumber() || !entries.canConvertToLong() || entries.longValue() < 0) {
            throw new RegisterRefusedException(RefusalCause.HEADER, 1, "entries must be a non-negative integer");
        }
        JsonNode sha = h.get("sha256");
        if (sha == null || !sha.isTextual() || !SHA256_HEX.matcher(sha.textValue()).matches()) {
            throw new RegisterRefusedException(RefusalCause.HEADER, 1, "sha256 must be 64 lowercase hex digits");
        }
        return new RegisterHeader(source.textValue(), version.longValue(), gen, entries.longValue(), sha.textValue());
    }

    private static JsonToken nextToken(JsonParser p, int line) throws RegisterRefusedException {
        try {
            return p.nextToken();
        } catch (JsonProcessingException ex) {
            int at = ex.getLocation() != null && ex.getLocation().getLineNr() > 0
                    ? ex.getLocation().getLineNr() + 1 : line;
            throw new RegisterRefusedException(RefusalCause.ENTRY, at, "not valid JSON" + column(ex));
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
            throw new RegisterRefusedException(RefusalCause.ENTRY, line, "not valid JSON" + (sameLine ? column(ex) : ""));
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

    private static ObjectMapper strictStrings(ObjectMapper m) {
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

    /** The validator's message without its "entry N: " prefix (the line number replaces it). */
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

    /** Only on a refusal: the builder found the duplicate, this finds the earlier line. */
    private static int indexOfId(List<Entry> added, String id) {
        for (int i = 0; i < added.size(); i++) {
            if (added.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static String fieldOf(JsonMappingException ex) {
        List<JsonMappingException.Reference> path = ex.getPath();
        if (path == null || path.isEmpty() || path.get(0).getFieldName() == null) {
            return null;
        }
        return path.get(0).getFieldName();
    }

    private static String column(IOException ex) {
        if (ex instanceof JsonProcessingException jpe && jpe.getLocation() != null
                && jpe.getLocation().getColumnNr() > 0) {
            return " (column " + jpe.getLocation().getColumnNr() + ")";
        }
        return "";
    }

    private static long countLines(byte[] b, int from) {
        long n = 0;
        int start = from;
        while (start < b.length) {
            int end = indexOf(b, (byte) '\n', start);
            n++;
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        return n;
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

}
