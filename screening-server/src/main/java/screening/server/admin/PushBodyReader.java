package screening.server.admin;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.InvalidEntryException;
import screening.server.json.Json;
import screening.server.register.EntryCsv;

/**
 * Reads the body of {@code POST /admin/v1/entries} (SPEC section 5): one entry object, or a
 * non-empty array of them, each read strictly, given an id when it has none, and validated.
 *
 * <p>Stateless; any thread; does no I/O. Every problem with the body is a {@link Refusal}: {@code 400}
 * ({@code BAD_JSON} or {@code INVALID_ENTRY}, naming the field and, in a batch, the entry's
 * position) or {@code 409} ({@code DUPLICATE_ID}); nothing else is thrown.
 */
final class PushBodyReader {

    /** One entry of the body, validated, with its canonical value (what the answer shows) and message prefix. */
    record Pushed(Entry entry, String canonical, String at) {
    }

    /** Refuses a key given twice in one object, at any depth (SPEC section 15). */
    private static final ObjectReader BODY_READER = Json.MAPPER.reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private static final int ID_RANDOM_BYTES = 15;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PushBodyReader() {
    }

    /** Whether {@code pushed} came from an array body (its refusals name each entry's position). */
    static boolean isBatch(List<Pushed> pushed) {
        return !pushed.isEmpty() && !pushed.get(0).at().isEmpty();
    }

    /**
     * A new id for an entry pushed without one: the node's name, a dash, and 120 random bits in
     * hex, so that ids made on the two nodes of a pair never meet (SPEC section 14). At most
     * 32 + 1 + 30 characters, within an id's 64.
     */
    static String newId(String node) {
        byte[] random = new byte[ID_RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return node + "-" + HexFormat.of().formatHex(random);
    }

    /**
     * Reads {@code body}. Entries are checked in order, each whole (read, validated, its id unique
     * in the batch and unknown to {@code ownerOf}) before the next.
     *
     * @param node this filter's node name, which starts the ids generated for entries without one
     * @param ownerOf the source that already holds an id, or null when none does
     * @throws Refusal at the first problem
     */
    static List<Pushed> read(byte[] body, EntryValidator validator, String node, Function<String, String> ownerOf) {
        JsonNode root = tree(body);
        boolean batch = root != null && root.isArray();
        List<JsonNode> items = new ArrayList<>();
        if (batch) {
            root.forEach(items::add);
            if (items.isEmpty()) {
                throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", "the array holds no entries");
            }
        } else if (root != null && root.isObject()) {
            items.add(root);
        } else {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", "the body must be an entry or an array of entries");
        }
        List<Pushed> pushed = new ArrayList<>(items.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            int position = batch ? i : -1;
            String at = batch ? "entry " + i + ": " : "";
            pushed.add(checked(readEntry(items.get(i), at), position, at, validator, node, ids, ownerOf));
        }
        return pushed;
    }

    /**
     * Reads a CSV body (the columns of {@code register build}, {@link EntryCsv}) as a batch: every
     * row is read, given an id when it has none, and validated as a JSON batch's entries are.
     *
     * @throws Refusal at the first problem, naming its CSV line ({@code 400 INVALID_ENTRY}, or
     *     {@code 409 DUPLICATE_ID}); {@code 400 BAD_CSV} when the body is not UTF-8
     */
    static List<Pushed> readCsv(byte[] body, EntryValidator validator, String node, Function<String, String> ownerOf) {
        List<EntryCsv.Row> rows = EntryCsv.rows(utf8(body));
        List<Pushed> pushed = new ArrayList<>(rows.size());
        Set<String> ids = new HashSet<>();
        for (EntryCsv.Row row : rows) {
            String at = "line " + row.line() + ": ";
            if (row.failed()) {
                throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", at + row.error());
            }
            pushed.add(checked(row.entry(), -1, at, validator, node, ids, ownerOf));
        }
        if (pushed.isEmpty()) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", "the CSV holds no entries");
        }
        return pushed;
    }

    /** {@code body} as UTF-8 text (a byte order mark is left for the CSV reader to skip). */
    static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "BAD_CSV", "the CSV is not UTF-8 text");
        }
    }

    /**
     * One entry of a batch made ready to push: an id when it has none, validated, its id unique
     * in the batch ({@code ids}) and unknown to {@code ownerOf}. {@code position} is its place in
     * a JSON batch (-1 otherwise); {@code at} starts every message about it.
     */
    private static Pushed checked(Entry read, int position, String at, EntryValidator validator, String node,
            Set<String> ids, Function<String, String> ownerOf) {
        Entry e = read.id() == null ? read.withId(newId(node)) : read;
        String canonical;
        try {
            canonical = validator.canonical(e, position);
        } catch (InvalidEntryException ex) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY",
                    position >= 0 ? ex.getMessage() : at + ex.getMessage());
        }
        if (!ids.add(e.id())) {
            throw new Refusal(HttpResponseStatus.CONFLICT, "DUPLICATE_ID", at + "id " + e.id()
                    + " appears twice in this batch");
        }
        String owner = ownerOf.apply(e.id());
        if (owner != null) {
            throw new Refusal(HttpResponseStatus.CONFLICT, "DUPLICATE_ID", at + "id " + e.id()
                    + " already exists (source " + owner + ")");
        }
        return new Pushed(e, canonical, at);
    }

    /**
     * The JSON body's entries, each as read or as the refusal that names its problem; the body
     * itself must be JSON holding an entry or an array of them.
     *
     * @throws Refusal {@code 400 BAD_JSON} or {@code 400 INVALID_ENTRY} when the body is neither
     */
    static List<JsonNode> items(byte[] body) {
        JsonNode root = tree(body);
        List<JsonNode> items = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(items::add);
        } else if (root != null && root.isObject()) {
            items.add(root);
        } else {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", "the body must be an entry or an array of entries");
        }
        return items;
    }

    private static JsonNode tree(byte[] body) {
        try {
            return BODY_READER.readTree(body);
        } catch (JacksonException e) {
            JsonLocation l = e.getLocation();
            String why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "the body is not valid JSON: a key appears twice in one object" : "the body is not valid JSON";
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "BAD_JSON", why
                    + (l != null ? " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")" : ""));
        } catch (IOException e) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "BAD_JSON", "the body cannot be read");
        }
    }

    /** One item of a body as an entry; {@code at} starts the refusal's message. */
    static Entry readEntry(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", at + "must be a JSON object");
        }
        for (String f : new String[] {"source", "createdBy", "createdAt"}) {
            if (node.has(f)) {
                throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", at + f
                        + " is filled in by the filter; leave it out");
            }
        }
        try {
            return Json.MAPPER.treeToValue(node, Entry.class);
        } catch (JsonMappingException ex) {
            String field = ex.getPath().isEmpty() ? "entry" : ex.getPath().get(ex.getPath().size() - 1).getFieldName();
            String why = ex instanceof UnrecognizedPropertyException
                    ? " is not an entry field" : " has the wrong type or an unknown value";
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", at + field + why);
        } catch (JacksonException ex) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", at + "cannot be read as an entry");
        }
    }
}
