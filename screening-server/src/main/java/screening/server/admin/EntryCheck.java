package screening.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import screening.core.CanonicalNumber;
import screening.core.Channel;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.InvalidEntryException;
import screening.core.MatchType;
import screening.core.Screener;
import screening.server.journal.LocalJournal;
import screening.server.json.Json;
import screening.server.register.EntryCsv;

/**
 * {@code POST /admin/v1/entries/check} (SPEC section 13): what a push of the same body would
 * store, without storing anything. Every entry of a JSON body (one entry or an array) or of a CSV
 * body (the columns of {@code register build}) is read and validated, and each one's canonical
 * form and the existing entries, of any source, that already cover it are listed; every problem
 * is listed too, by CSV line and position, instead of stopping at the first.
 *
 * <pre>
 *   200 {"entries":[{"line":N (CSV only),"position":i,"id":"..." or null,"channel":"PHONE|EMAIL|POST",
 *                    "canonical":"...","covered":["id", ...]}],
 *        "errors":[{"line":N (CSV only),"position":i,"field":"..." or null,"message":"..."}]}
 * </pre>
 *
 * <p>Stateless apart from what it reads; any thread; reads the snapshot now answering and does no
 * I/O, but validation allocates, so it runs off the event loop. A body that is not JSON (or not
 * UTF-8 CSV) at all is a {@link Refusal}.
 */
final class EntryCheck {

    /** The id an entry without one is validated under; a valid id, never reported. */
    private static final String NO_ID_YET = "unsaved";

    private final EntryValidator validator;
    private final Screener screener;
    private final LocalJournal journal;

    EntryCheck(EntryValidator validator, Screener screener, LocalJournal journal) {
        this.validator = validator;
        this.screener = screener;
        this.journal = journal;
    }

    /** Checks {@code body}, CSV when {@code csv}, else JSON. */
    FullHttpResponse check(byte[] body, boolean csv) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        ArrayNode entries = o.putArray("entries");
        ArrayNode errors = o.putArray("errors");
        List<EntryIndex> now = AdminQueries.indexesNow(screener, journal);
        Set<String> ids = new HashSet<>();
        if (csv) {
            // position: the row's place among the rows read (0-based), as a JSON batch's index
            List<EntryCsv.Row> rows = EntryCsv.rows(PushBodyReader.utf8(body));
            for (int p = 0; p < rows.size(); p++) {
                EntryCsv.Row row = rows.get(p);
                if (row.failed()) {
                    error(errors, row.line(), p, row.field(), row.error());
                } else {
                    one(row.entry(), row.line(), p, ids, now, entries, errors);
                }
            }
        } else {
            List<JsonNode> items = PushBodyReader.items(body);
            for (int i = 0; i < items.size(); i++) {
                Entry e;
                try {
                    e = PushBodyReader.readEntry(items.get(i), "");
                } catch (Refusal r) {
                    error(errors, -1, i, null, r.getMessage());
                    continue;
                }
                one(e, -1, i, ids, now, entries, errors);
            }
        }
        return AdminResponses.json(HttpResponseStatus.OK, o);
    }

    private void one(Entry e, int line, int position, Set<String> ids, List<EntryIndex> now, ArrayNode entries,
            ArrayNode errors) {
        long key;
        String canonical;
        // an entry without an id is given one when it is pushed: validate it with a stand-in
        Entry v = e.id() == null ? e.withId(NO_ID_YET) : e;
        try {
            canonical = validator.canonical(v, -1);
            // a number's key (an EXACT number's, or a PREFIX's digits) is its canonical form read back
            key = e.channel() == Channel.PHONE ? CanonicalNumber.parse(canonical) : CanonicalNumber.INVALID;
        } catch (InvalidEntryException ex) {
            error(errors, line, position, ex.field(), ex.getMessage());
            return;
        }
        if (e.id() != null) {
            if (!ids.add(e.id())) {
                error(errors, line, position, "id", "id " + e.id() + " appears twice in this batch");
                return;
            }
            for (EntryIndex i : now) {
                if (i.get(e.id()) != null) {
                    error(errors, line, position, "id", "id " + e.id() + " already exists (source " + i.source() + ")");
                    return;
                }
            }
        }
        ObjectNode n = entries.addObject();
        if (line > 0) {
            n.put("line", line);
        }
        n.put("position", position);
        n.put("id", e.id());
        n.put("channel", e.channel().name());
        n.put("canonical", canonical);
        ArrayNode covered = n.putArray("covered");
        for (String id : covering(e, key, canonical, now)) {
            covered.add(id);
        }
    }

    /** The ids of the existing entries that already match what {@code e} would match. */
    private static Set<String> covering(Entry e, long key, String canonical, List<EntryIndex> now) {
        Set<String> out = new LinkedHashSet<>();
        for (EntryIndex i : now) {
            List<Entry> found = new ArrayList<>();
            switch (e.channel()) {
                case PHONE -> {
                    if (e.match() == MatchType.EXACT) {
                        found.addAll(i.find(key));
                    } else {
                        // a shorter or equal prefix covers every number this one covers: the
                        // PREFIX entries the tables match for the prefix's own digits (no walk
                        // over every entry, which a columnar register would make one by one)
                        for (Entry x : i.find(key)) {
                            if (x.match() == MatchType.PREFIX) {
                                found.add(x);
                            }
                        }
                    }
                }
                case EMAIL -> {
                    if (e.match() == MatchType.EXACT) {
                        found.addAll(i.findText(Channel.EMAIL, canonical));
                    } else {
                        // the DOMAIN entries of this domain and its parents match any mailbox here
                        for (Entry x : i.findText(Channel.EMAIL, "mailbox@" + canonical)) {
                            if (x.match() == MatchType.DOMAIN) {
                                found.add(x);
                            }
                        }
                    }
                }
                case POST -> {
                    if (e.match() == MatchType.EXACT) {
                        found.addAll(i.findText(Channel.POST, canonical));
                    } else {
                        for (Entry x : i.findText(Channel.POST, canonical + "||")) {
                            if (x.match() == MatchType.POSTCODE) {
                                found.add(x);
                            }
                        }
                    }
                }
                default -> throw new IllegalStateException("no channel " + e.channel());
            }
            for (Entry x : found) {
                out.add(x.id());
            }
        }
        return out;
    }

    private static void error(ArrayNode errors, int line, int position, String field, String message) {
        ObjectNode n = errors.addObject();
        if (line > 0) {
            n.put("line", line);
        }
        if (position >= 0) {
            n.put("position", position);
        } else {
            n.putNull("position");
        }
        n.put("field", field);
        n.put("message", message);
    }
}
