package screening.server.console;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import screening.server.audit.AuditLog;

/**
 * The contact attempts of the audit log (SPEC sections 8 and 13) as staff look for them: newest
 * first, filtered by the case reference of the entry that blocked them, by PIN and by time, and
 * grouped by reference with how many different PINs tried it. Each attempt names its entry's
 * {@code reference}: from the entry as it is now, else from the {@code ENTRY_ADDED} event that
 * added it (a block since removed), else null.
 *
 * <p>Reads the audit log backwards in windows of {@value #WINDOW} events. A request reads at most
 * {@value #SCAN_MAX_EVENTS} events; when it stops there, {@link Page#next} says where to go on.
 * Reading stops early once events are older than {@code from} (less a minute: attempts are
 * stamped when offered, and several event loops offer them, so the log's times may step back a
 * little).
 *
 * <p>Thread-safe (one request at a time); blocks on the audit file: call it on a worker thread,
 * never an event loop.
 */
public final class ContactAttempts {

    /** How many attempts a page holds when the request does not say. */
    public static final int LIMIT_DEFAULT = 100;
    /** The most attempts one page (or one CSV download) holds. */
    public static final int LIMIT_MAX = 100_000;
    /** The most events one request reads. */
    static final int SCAN_MAX_EVENTS = 2_000_000;
    static final int WINDOW = 4096;
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);
    private static final String TYPE = AuditLog.EventType.CONTACT_ATTEMPT.name();

    /** What to look for: each part null for "any". */
    public record Filter(String reference, String pin, Instant from, Instant until) {
        /** Any attempt. */
        public static final Filter ANY = new Filter(null, null, null, null);
    }

    /** One attempt, as the console shows it and the CSV holds it. */
    @JsonPropertyOrder({"seq", "time", "pin", "establishment", "ref", "reference", "channel"})
    public record Attempt(long seq, String time, String pin, String establishment, String ref, String reference,
            String channel) {
    }

    /** A page of attempts, newest first; {@code next} is the {@code before} of the next page, or null at the end. */
    public record Page(List<Attempt> attempts, Long next) {
    }

    /** The attempts on one reference (or, when its entry's reference is unknown, one entry). */
    public record Group(String reference, List<String> refs, long attempts, int pins, String last) {
    }

    /** The groups, most distinct PINs first; {@code complete} is false when the scan limit cut the read short. */
    public record Summary(List<Group> references, boolean complete) {
    }

    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema CSV_SCHEMA = CSV.schemaFor(Attempt.class).withHeader();

    private final AuditLog audit;
    private final Function<String, String> referenceNow;
    private final Map<String, String> addedReferences = new HashMap<>(); // entry id -> reference, from ENTRY_ADDED
    private long addedIndexedTo; // the last seq read into addedReferences

    /**
     * @param referenceNow the reference of the entry with an id in the entries now answering, or
     *     null when no entry has it or it has no reference
     */
    public ContactAttempts(AuditLog audit, Function<String, String> referenceNow) {
        this.audit = audit;
        this.referenceNow = referenceNow;
    }

    /**
     * Up to {@code limit} attempts that {@code filter} allows, with seq below {@code before}
     * (0: from the newest), newest first.
     *
     * @throws IOException when the audit log cannot be read
     */
    public synchronized Page page(Filter filter, int limit, long before) throws IOException {
        List<Attempt> out = new ArrayList<>(Math.min(limit, 1024));
        long hi = before > 0 ? Math.min(before - 1, audit.lastSeq()) : audit.lastSeq();
        Instant stopBefore = filter.from() == null ? null : filter.from().minus(CLOCK_SLACK);
        long scanned = 0;
        while (hi >= 1) {
            if (scanned >= SCAN_MAX_EVENTS) {
                return new Page(out, hi + 1);
            }
            long lo = Math.max(1, hi - WINDOW + 1);
            List<JsonNode> window = audit.read(lo - 1, (int) (hi - lo + 1));
            scanned += window.size();
            for (int i = window.size() - 1; i >= 0; i--) {
                JsonNode e = window.get(i);
                Instant t = time(e);
                if (stopBefore != null && t != null && t.isBefore(stopBefore)) {
                    return new Page(out, null);
                }
                Attempt a = attempt(e, t, filter);
                if (a != null) {
                    out.add(a);
                    if (out.size() == limit) {
                        return new Page(out, a.seq() > 1 ? a.seq() : null);
                    }
                }
            }
            hi = lo - 1;
        }
        return new Page(out, null);
    }

    /**
     * Every attempt between {@code from} and {@code until} (each may be null) grouped by
     * reference, most distinct PINs first, then most attempts.
     *
     * @throws IOException when the audit log cannot be read
     */
    public synchronized Summary summary(Instant from, Instant until) throws IOException {
        Map<String, GroupCount> groups = new LinkedHashMap<>();
        Filter f = new Filter(null, null, from, until);
        long before = 0;
        boolean complete = true;
        while (true) {
            Page p = page(f, LIMIT_MAX, before);
            for (Attempt a : p.attempts()) {
                String key = a.reference() != null ? "reference:" + a.reference() : "entry:" + a.ref();
                groups.computeIfAbsent(key, k -> new GroupCount(a.reference(), a.time())).add(a);
            }
            if (p.next() == null) {
                break;
            }
            if (p.attempts().size() < LIMIT_MAX) {
                complete = false; // stopped by the scan limit, not by a full page
                break;
            }
            before = p.next();
        }
        List<Group> out = new ArrayList<>(groups.size());
        for (GroupCount g : groups.values()) {
            out.add(new Group(g.reference, List.copyOf(g.refs), g.attempts, g.pins.size(), g.last));
        }
        out.sort(Comparator.comparingInt(Group::pins).thenComparingLong(Group::attempts).reversed());
        return new Summary(Collections.unmodifiableList(out), complete);
    }

    /** {@code attempts} as CSV with a header row: the columns of {@link Attempt}, in its order. */
    public static String csv(List<Attempt> attempts) {
        List<Attempt> safe = new ArrayList<>(attempts.size());
        for (Attempt a : attempts) {
            safe.add(new Attempt(a.seq(), a.time(), cell(a.pin()), cell(a.establishment()), cell(a.ref()),
                    cell(a.reference()), a.channel()));
        }
        try {
            return CSV.writer(CSV_SCHEMA).writeValueAsString(safe);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A text cell a spreadsheet will not read as a formula: one that starts with {@code =},
     * {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading {@code '}
     * (OWASP's advice for CSV files opened in spreadsheets).
     */
    static String cell(String v) {
        if (v == null || v.isEmpty()) {
            return v;
        }
        return "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
    }

    private static final class GroupCount {
        final String reference;
        final String last; // newest first: the first attempt seen is the last made
        final Set<String> refs = new LinkedHashSet<>();
        final Set<String> pins = new java.util.HashSet<>();
        long attempts;

        GroupCount(String reference, String last) {
            this.reference = reference;
            this.last = last;
        }

        void add(Attempt a) {
            attempts++;
            refs.add(a.ref());
            pins.add(a.pin());
        }
    }

    /** The attempt {@code e} is when it is one that {@code f} allows, else null. */
    private Attempt attempt(JsonNode e, Instant t, Filter f) throws IOException {
        if (!TYPE.equals(e.path("type").asText())) {
            return null;
        }
        String pin = e.path("pin").asText(null);
        if (f.pin() != null && !f.pin().equals(pin)) {
            return null;
        }
        if (t != null && ((f.from() != null && t.isBefore(f.from())) || (f.until() != null && !t.isBefore(f.until())))) {
            return null;
        }
        String ref = e.path("ref").asText(null);
        String reference = referenceOf(ref);
        if (f.reference() != null && (reference == null || !reference.strip().equalsIgnoreCase(f.reference().strip()))) {
            return null;
        }
        return new Attempt(e.path("seq").asLong(), e.path("time").asText(null), pin, e.path("establishment").asText(null),
                ref, reference, e.path("channel").asText("PHONE"));
    }

    private static Instant time(JsonNode e) {
        String t = e.path("time").asText(null);
        if (t == null) {
            return null;
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException ex) {
            return null;
        }
    }

    /** The case reference of entry {@code id}: as it is now, else as it was added, else null. */
    private String referenceOf(String id) throws IOException {
        if (id == null) {
            return null;
        }
        String now = referenceNow.apply(id);
        if (now != null) {
            return now;
        }
        indexAddedReferences();
        return addedReferences.get(id);
    }

    /** Reads the ENTRY_ADDED events written since the last call into {@link #addedReferences}. */
    private void indexAddedReferences() throws IOException {
        long last = audit.lastSeq();
        while (addedIndexedTo < last) {
            List<JsonNode> events = audit.read(addedIndexedTo, WINDOW);
            if (events.isEmpty()) {
                return;
            }
            for (JsonNode e : events) {
                if (AuditLog.EventType.ENTRY_ADDED.name().equals(e.path("type").asText())) {
                    JsonNode entry = e.path("entry");
                    String reference = entry.path("reference").asText(null);
                    if (reference != null) {
                        addedReferences.put(entry.path("id").asText(), reference);
                    }
                }
            }
            addedIndexedTo = events.get(events.size() - 1).path("seq").asLong();
        }
    }
}
