package screening.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The e-mail and postal address entries of one source, by their text keys (SPEC section 12).
 * Immutable once built; any thread may read it without a lock.
 *
 * <p>These channels are asked by the e-mail gateway and the mail room, not the switch, and an
 * e-mail or an address is normalised (allocating) on every query, so plain hash maps from the
 * canonical text to the entry ordinals do here; the telephone tables stay as they are.
 */
final class TextIndex {

    /*
     * Four maps, each from a text key to the ordinals (into the source's Entry[]) of the
     * entries with that key, in the order added:
     *
     *   emailExact    canonical address  -> EXACT e-mail entries
     *   emailDomain   canonical domain   -> DOMAIN e-mail entries (a query asks its domain and each parent)
     *   postBuilding  "POSTCODE|building" -> EXACT address entries; the sub-premise is then compared
     *   postcode      "POSTCODE"         -> POSTCODE address entries
     *
     * subPremise[ordinal] holds an EXACT address entry's sub-premise ("" when absent).
     */

    static final TextIndex EMPTY = new TextIndex(Map.of(), Map.of(), Map.of(), Map.of(), new String[0]);

    private final Map<String, int[]> emailExact;
    private final Map<String, int[]> emailDomain;
    private final Map<String, int[]> postBuilding;
    private final Map<String, int[]> postcode;
    private final String[] subPremise;

    private TextIndex(Map<String, int[]> emailExact, Map<String, int[]> emailDomain,
            Map<String, int[]> postBuilding, Map<String, int[]> postcode, String[] subPremise) {
        this.emailExact = emailExact;
        this.emailDomain = emailDomain;
        this.postBuilding = postBuilding;
        this.postcode = postcode;
        this.subPremise = subPremise;
    }

    /**
     * Indexes the text entries of {@code entries}: {@code textKeys[i]} is entry i's key from
     * {@link EntryValidator#canonicalText}, or null for a number entry.
     */
    static TextIndex build(Entry[] entries, String[] textKeys) {
        Map<String, List<Integer>> ee = new HashMap<>();
        Map<String, List<Integer>> ed = new HashMap<>();
        Map<String, List<Integer>> pb = new HashMap<>();
        Map<String, List<Integer>> pc = new HashMap<>();
        String[] sub = null;
        boolean any = false;
        for (int i = 0; i < entries.length; i++) {
            String key = textKeys[i];
            if (key == null) {
                continue;
            }
            any = true;
            Entry e = entries[i];
            if (e.channel() == Channel.EMAIL) {
                (e.match() == MatchType.EXACT ? ee : ed).computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            } else if (e.match() == MatchType.POSTCODE) {
                pc.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            } else {
                int last = key.lastIndexOf('|');
                pb.computeIfAbsent(key.substring(0, last), k -> new ArrayList<>()).add(i);
                if (sub == null) {
                    sub = new String[entries.length];
                }
                sub[i] = key.substring(last + 1);
            }
        }
        if (!any) {
            return EMPTY;
        }
        return new TextIndex(frozen(ee), frozen(ed), frozen(pb), frozen(pc), sub == null ? new String[0] : sub);
    }

    private static Map<String, int[]> frozen(Map<String, List<Integer>> m) {
        Map<String, int[]> out = new HashMap<>(m.size() * 2);
        m.forEach((k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    boolean isEmpty() {
        return this == EMPTY;
    }

    /**
     * The ordinal of the first entry of {@code action} that applies to a query of {@code channel}
     * whose canonical form is {@code key} from {@code pin} at {@code establishment} at
     * {@code nowMs}, or -1. Order: EXACT before DOMAIN (nearest domain first) or POSTCODE, then
     * the order added.
     */
    int find(Channel channel, Action action, String key, String pin, String establishment, long nowMs, Entry[] entries) {
        if (this == EMPTY) {
            return -1;
        }
        if (channel == Channel.EMAIL) {
            int ord = first(emailExact.get(key), action, pin, establishment, nowMs, entries, null, null);
            if (ord >= 0 || emailDomain.isEmpty()) {
                return ord;
            }
            String domain = EmailNormaliser.domainOf(key);
            while (true) {
                ord = first(emailDomain.get(domain), action, pin, establishment, nowMs, entries, null, null);
                int dot = domain.indexOf('.');
                if (ord >= 0 || dot < 0) {
                    return ord;
                }
                domain = domain.substring(dot + 1);
            }
        }
        int last = key.lastIndexOf('|');
        int ord = first(postBuilding.get(key.substring(0, last)), action, pin, establishment, nowMs, entries,
                subPremise, key.substring(last + 1));
        if (ord >= 0) {
            return ord;
        }
        return first(postcode.get(key.substring(0, key.indexOf('|'))), action, pin, establishment, nowMs, entries, null, null);
    }

    /**
     * Every entry whose value matches a query of {@code channel} with canonical form {@code key},
     * whatever its action, scope or validity (the admin API's search).
     */
    void collect(Channel channel, String key, List<Entry> out, Entry[] entries) {
        if (this == EMPTY) {
            return;
        }
        if (channel == Channel.EMAIL) {
            addAll(emailExact.get(key), out, entries, null, null);
            String domain = EmailNormaliser.domainOf(key);
            while (true) {
                addAll(emailDomain.get(domain), out, entries, null, null);
                int dot = domain.indexOf('.');
                if (dot < 0) {
                    return;
                }
                domain = domain.substring(dot + 1);
            }
        }
        int last = key.lastIndexOf('|');
        addAll(postBuilding.get(key.substring(0, last)), out, entries, subPremise, key.substring(last + 1));
        addAll(postcode.get(key.substring(0, key.indexOf('|'))), out, entries, null, null);
    }

    private static void addAll(int[] ords, List<Entry> out, Entry[] entries, String[] subs, String sub) {
        if (ords == null) {
            return;
        }
        for (int o : ords) {
            if (subs == null || samePremise(subs[o], sub)) {
                out.add(entries[o]);
            }
        }
    }

    private static int first(int[] ords, Action action, String pin, String establishment, long nowMs,
            Entry[] entries, String[] subs, String sub) {
        if (ords == null) {
            return -1;
        }
        for (int o : ords) {
            Entry e = entries[o];
            if (e.action() == action && (subs == null || samePremise(subs[o], sub))
                    && applies(e, pin, establishment, nowMs)) {
                return o;
            }
        }
        return -1;
    }

    /** Sub-premises equal, or either absent: a letter to the building may reach the flat (SPEC section 12). */
    private static boolean samePremise(String a, String b) {
        return a.isEmpty() || b.isEmpty() || a.equals(b);
    }

    /** SPEC section 3: the entry is valid at {@code nowMs} and its scope covers the caller. */
    static boolean applies(Entry e, String pin, String establishment, long nowMs) {
        if (nowMs < EntryTableBuilder.millis(e.validFrom(), Long.MIN_VALUE)
                || nowMs >= EntryTableBuilder.millis(e.validUntil(), Long.MAX_VALUE)) {
            return false;
        }
        return switch (e.scope()) {
            case NATIONAL -> true;
            case ESTABLISHMENT -> e.establishment().equals(establishment);
            case PIN -> e.pin().equals(pin) && (e.establishment() == null || e.establishment().equals(establishment));
        };
    }
}
