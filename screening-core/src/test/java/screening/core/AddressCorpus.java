package screening.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The postal address evasion corpus: blocked addresses (ENTRY rows) and the ways a prisoner could
 * write them, or a neighbouring address, on an envelope (CASE rows). Each case's canonical form
 * and decision come from the address's parts and SPEC section 12's rules, applied here by hand,
 * not from the normaliser.
 *
 * <p>{@link #main} writes {@code src/test/resources/screening/core/address-corpus.tsv}:
 * <pre>
 *   ENTRY &lt;id&gt; &lt;EXACT|POSTCODE&gt; &lt;address as the SPOC typed it&gt;
 *   CASE  &lt;input&gt; &lt;expected canonical | INVALID&gt; &lt;BLOCKED:id | NOT_BLOCKED | INVALID_ADDRESS&gt; &lt;trick&gt;
 * </pre>
 * tab-separated, {@code #} comments. The corpus test checks that the file still equals
 * {@link #render()}, so the two cannot drift apart. Postcodes are in the area ZZ only.
 */
final class AddressCorpus {

    static final String RESOURCE = "/screening/core/address-corpus.tsv";
    static final String INVALID = "INVALID";
    static final String NOT_BLOCKED = "NOT_BLOCKED";
    static final String INVALID_ADDRESS = "INVALID_ADDRESS";

    /**
     * An address by its parts. {@code number} or {@code name} is the building (a name is letters
     * and single spaces, no noise word or abbreviation); {@code sub} is empty when absent.
     */
    record Address(String subWord, String sub, String name, String number, String street, String streetType,
                   String town, String county, String postcode) {

        String building() {
            return number != null ? number.toUpperCase(Locale.ROOT) : name.toUpperCase(Locale.ROOT);
        }

        String canonical() {
            return postcode + "|" + building() + "|" + sub;
        }

        Address withSub(String word, String s) {
            return new Address(word, s, name, number, street, streetType, town, county, postcode);
        }

        Address withNumber(String n) {
            return new Address(subWord, sub, name, n, street, streetType, town, county, postcode);
        }

        Address withName(String n) {
            return new Address(subWord, sub, n, number, street, streetType, town, county, postcode);
        }

        Address withPostcode(String p) {
            return new Address(subWord, sub, name, number, street, streetType, town, county, p);
        }

        /** The address as lines, in the Royal Mail order. */
        List<String> lines(String type) {
            List<String> l = new ArrayList<>();
            if (!sub.isEmpty()) {
                l.add(subWord + " " + sub);
            }
            if (name != null) {
                l.add(name);
            }
            l.add((number != null ? number + " " : "") + street + " " + type);
            l.add(town);
            if (county != null) {
                l.add(county);
            }
            l.add(postcode);
            return l;
        }

        String typed() {
            return String.join(", ", lines(streetType));
        }
    }

    /** A blocked address as the register holds it. */
    record EntryRow(String id, String match, String typed, Address address) {

        boolean blocks(String canonical) {
            String[] c = canonical.split("\\|", -1);
            if (match.equals("POSTCODE")) {
                return c[0].equals(address.postcode());
            }
            return c[0].equals(address.postcode()) && c[1].equals(address.building())
                    && (c[2].equals(address.sub()) || c[2].isEmpty() || address.sub().isEmpty());
        }
    }

    /** One query: what was written, its canonical form or INVALID, the decision, the trick. */
    record Case(String input, String expected, String decision, String trick) {
    }

    static final Address A1 = new Address("Flat", "3", null, "12", "High", "Street", "Hull", "East Yorkshire", "ZZ1 1AA");
    static final Address A2 = new Address("", "", null, "27", "Mill", "Lane", "Cottingham", null, "ZZ9 9ZZ");
    static final Address A3 = new Address("", "", "Rose Cottage", null, "Church", "Road", "Beverley", null, "ZZ10 3AB");
    static final Address A4 = new Address("Apartment", "14B", null, "5A", "Station", "Road", "Hull", null, "ZZ2 5SB");
    static final Address A5 = new Address("", "", null, "40", "Park", "Avenue", "Hull", null, "ZZ5 0LB");
    static final Address A6 = new Address("Flat", "2", "Rose Court", null, "Mill", "Lane", "Hull", null, "ZZ1 2AB");
    static final Address A7 = new Address("Flat", "7", null, "41", "Chestnut", "Crescent", "Hessle", null, "ZZ3 7AD");
    static final Address A8 = new Address("", "", null, "8", "Acacia", "Avenue", "Hull", "East Yorkshire", "ZZ18 4AA");

    static List<EntryRow> entries() {
        return List.of(
                new EntryRow("SPC-POST-001", "EXACT", A1.typed(), A1),
                new EntryRow("SPC-POST-002", "EXACT", A2.typed(), A2),
                new EntryRow("SPC-POST-003", "EXACT", A3.typed(), A3),
                new EntryRow("SPC-POST-004", "EXACT", A4.typed(), A4),
                new EntryRow("SPC-POST-005", "POSTCODE", A5.postcode(), A5),
                new EntryRow("SPC-POST-006", "EXACT", A6.typed(), A6),
                new EntryRow("SPC-POST-007", "EXACT", A7.typed(), A7),
                new EntryRow("SPC-POST-008", "EXACT", A8.typed(), A8));
    }

    /** Street types and their abbreviations, as in the word table. */
    static final Map<String, String[]> ABBREVIATIONS = Map.of(
            "Street", new String[] {"St", "St.", "STR"},
            "Lane", new String[] {"Ln", "Ln.", "La"},
            "Road", new String[] {"Rd", "Rd.", "RD"},
            "Avenue", new String[] {"Ave", "Av.", "Avn"},
            "Crescent", new String[] {"Cres", "Cres.", "Crs"});

    private AddressCorpus() {
    }

    /** The cases, in a stable order, keyed by input. */
    static Map<String, Case> cases() {
        Map<String, Case> out = new LinkedHashMap<>();
        List<EntryRow> entries = entries();
        for (EntryRow e : entries) {
            Address a = e.address();
            for (Variant v : variants(a)) {
                put(out, entries, v.input(), v.invalid() ? INVALID : v.canonical(), v.trick());
            }
            if (e.match().equals("POSTCODE")) {
                String pc = a.postcode();
                put(out, entries, "1 Park Avenue, Hull, " + pc, pc + "|1|", "other house in a blocked postcode");
                put(out, entries, "Flat 9, 40 Park Avenue, " + pc, pc + "|40|9", "other flat in a blocked postcode");
                put(out, entries, "The Lodge, Park Avenue, Hull, " + pc, pc + "|LODGE|", "named house in a blocked postcode");
                put(out, entries, "Rose Villa, " + pc, pc + "|ROSE VILLA|", "named house in a blocked postcode");
                put(out, entries, "99 Any Road, Anytown, " + pc.replace(" ", ""), pc + "|99|", "other street in a blocked postcode");
                put(out, entries, "2/40 park ave zzs 0lb", pc + "|40|2", "postcode S/5 in a blocked postcode");
                put(out, entries, "2/40 park ave zz5 olb", pc + "|40|2", "postcode O/0 in a blocked postcode");
                put(out, entries, "2/40 park ave zzs olb", INVALID, "postcode with no digit left");
            }
            for (Case c : neighbours(a)) {
                put(out, entries, c.input(), c.expected(), c.trick());
            }
        }
        for (String[] bad : INVALID_INPUTS) {
            put(out, entries, bad[0], INVALID, bad[1]);
        }
        return out;
    }

    static final String[][] INVALID_INPUTS = {
        {"Flat 3, 12 High Street, Hull", "no postcode"},
        {"Flat 3, 12 High Street, Hull, ZZ1", "outward code only"},
        {"12 High Street, Hull, East Yorkshire", "no postcode"},
        {"Rose Cottage, Church Road, Beverley", "no postcode"},
        {"Flat 3, ZZ1 1AA", "flat but no building"},
        {"ZZ1 1AA", "postcode only"},
        {"High Street, Hull, ZZ1 1AA", "street but no building"},
        {"Church Road, Beverley, ZZ10 3AB", "street but no building"},
        {"12 High Street, ZZIO IAA", "postcode needs three swaps"},
        {"12 High Street, 2Z1 1AA", "postcode starting with a digit"},
        {"Rose Cottage Church Road Beverley ZZ10 3AB", "name run into the street line"},
        {"12 High Street, Hull, ZZ 1 1AA", "postcode split three ways"},
        {"12 High Street, Hull, ZZ1 1A", "inward code cut short"},
        {"12 High Street, Hull, ZZ11 1AAA", "postcode too long"},
    };

    /** A rendering of a blocked address, what it must read as, and the trick it plays. */
    record Variant(String input, String canonical, boolean invalid, String trick) {
    }

    private static List<Variant> variants(Address a) {
        List<Variant> v = new ArrayList<>();
        String want = a.canonical();
        boolean named = a.number() == null;
        List<String> lines = a.lines(a.streetType());
        v.add(new Variant(a.typed(), want, false, "as typed"));
        v.add(new Variant(a.typed().toLowerCase(Locale.ROOT), want, false, "lower case"));
        v.add(new Variant(a.typed().toUpperCase(Locale.ROOT), want, false, "upper case"));
        v.add(new Variant(alternateCase(a.typed()), want, false, "mixed case"));
        v.add(new Variant(String.join("; ", lines), want, false, "semicolons"));
        v.add(new Variant(String.join(",", lines), want, false, "commas without spaces"));
        v.add(new Variant(String.join(" ,  ", lines), want, false, "spaces around commas"));
        v.add(new Variant(String.join(", ", lines) + ".", want, false, "trailing full stop"));
        v.add(new Variant("(" + String.join("), (", lines) + ")", want, false, "brackets"));
        v.add(new Variant(String.join(" ", lines), named ? INVALID : want, named, "no commas at all"));
        if (!named) {
            // a named building is read from the line before the street: reversed, that is the town (a known limit)
            v.add(new Variant(String.join(", ", reversed(lines)), want, false, "lines reversed"));
        }
        v.add(new Variant(String.join(", ", postcodeFirst(lines)), want, false, "postcode first"));
        v.add(new Variant(String.join(", ", townFirst(lines, a.town())), want, false, "town first"));
        v.add(new Variant(String.join(", ", without(lines, a.town())), want, false, "town dropped"));
        if (a.county() != null) {
            v.add(new Variant(String.join(", ", without(lines, a.county())), want, false, "county dropped"));
        } else {
            v.add(new Variant(String.join(", ", insertBefore(lines, a.postcode(), "East Riding of Yorkshire")), want, false, "county added"));
        }
        v.add(new Variant(a.typed() + ", United Kingdom", want, false, "country added"));
        v.add(new Variant(a.typed() + ", UK", want, false, "country added"));
        v.add(new Variant(String.join(", ", insertBefore(lines, a.town(), "Newland Park")), want, false, "locality added"));
        for (String abbr : ABBREVIATIONS.get(a.streetType())) {
            v.add(new Variant(String.join(", ", a.lines(abbr)), want, false, "street abbreviated"));
        }
        // the postcode written other ways
        String pc = a.postcode();
        for (String[] p : postcodeForms(pc)) {
            // a postcode with every digit written as a letter is no postcode (it could be a word)
            boolean noDigit = p[0].chars().noneMatch(Character::isDigit);
            v.add(new Variant(a.typed().replace(pc, p[0]), noDigit ? INVALID : want, noDigit, p[1]));
        }
        // unicode
        v.add(new Variant(fullWidth(a.typed()), want, false, "full-width characters"));
        v.add(new Variant(fullWidthDigits(a.typed()), want, false, "full-width digits"));
        v.add(new Variant(a.typed().replace(' ', '\u00A0'), want, false, "no-break spaces"));
        v.add(new Variant(String.join(" \u2013 ", lines), named ? INVALID : want, named, "en dashes between lines"));
        v.add(new Variant(zeroWidth(a.typed()), want, false, "zero-width spaces inside words"));
        v.add(new Variant(String.join(",\u3000", lines), want, false, "ideographic spaces"));
        // the premise written other ways
        if (a.number() != null) {
            String number = a.number();
            String typed = a.typed();
            v.add(new Variant(first(typed, number + " ", "No. " + number + " "), want, false, "No. before the number"));
            v.add(new Variant(first(typed, number + " ", number + ", "), want, false, "comma after the house number"));
            v.add(new Variant(first(typed, number + " ", "0" + number + " "), want, false, "leading zero"));
            if (Character.isLetter(number.charAt(number.length() - 1))) {
                String digits = number.substring(0, number.length() - 1);
                String letter = number.substring(number.length() - 1);
                v.add(new Variant(first(typed, number + " ", digits + " " + letter + " "), want, false, "suffix letter apart"));
                v.add(new Variant(first(typed, number + " ", digits + letter.toLowerCase(Locale.ROOT) + " "), want, false,
                        "suffix letter lower case"));
            } else {
                v.add(new Variant(first(typed, number + " ", number), want, false, "number glued to the street"));
            }
        } else {
            v.add(new Variant(a.typed().replace(a.name(), a.name().replace(' ', '-')), want, false, "hyphen in the name"));
            v.add(new Variant(a.typed().replace(a.name(), "The " + a.name()), want, false, "The before the name"));
            v.add(new Variant(a.typed().replace(a.name(), a.name().toUpperCase(Locale.ROOT).replace(" ", "  ")), want, false,
                    "name in capitals, two spaces"));
        }
        if (!a.sub().isEmpty()) {
            String subLine = a.subWord() + " " + a.sub();
            for (String word : new String[] {"Flat", "Apartment", "Apt", "Apt.", "Unit", "Room", "Studio", "Flat No.", "Flat #", "FLAT",
                "flat", "Flat number"}) {
                v.add(new Variant(a.typed().replace(subLine, word + " " + a.sub()), want, false, "sub-premise word " + word));
            }
            v.add(new Variant(a.typed().replace(subLine, a.subWord() + a.sub()), want, false, "premise word glued to its number"));
            v.add(new Variant(a.typed().replace(subLine + ", ", "").replace(a.town(), subLine + ", " + a.town()), want, false,
                    "flat after the street"));
            v.add(new Variant(a.typed().replace(subLine + ", ", "") + ", " + subLine, want, false, "flat after the postcode"));
            v.add(new Variant(a.typed().replace(subLine + ", ", subLine + " "), want, false, "flat and building on one line"));
            v.add(new Variant(a.typed().replace(subLine + ", ", ""), a.postcode() + "|" + a.building() + "|", false,
                    "building only, flat dropped"));
            v.add(new Variant(a.typed().replace(subLine, a.subWord() + " 0" + a.sub()), want, false, "leading zero in the flat"));
            if (a.number() != null) {
                v.add(new Variant(a.typed().replace(subLine + ", " + a.number() + " ", a.sub() + "/" + a.number() + " "), want, false,
                        "slash form"));
                v.add(new Variant(a.typed().replace(subLine + ", " + a.number() + " ", a.sub() + " / " + a.number() + " "), want, false,
                        "slash form with spaces"));
                v.add(new Variant(a.typed().replace(subLine + ", ", a.sub() + ", "), want, false, "flat number without the word"));
            } else {
                v.add(new Variant(a.typed().replace(subLine + ", ", a.sub() + " "), want, false, "flat number heading the building name"));
            }
            String word = NUMERALS.get(a.sub());
            if (word != null) {
                v.add(new Variant(a.typed().replace(subLine, a.subWord() + " " + word), want, false, "flat number as a word"));
            }
            if (Character.isLetter(a.sub().charAt(a.sub().length() - 1))) {
                String digits = a.sub().substring(0, a.sub().length() - 1);
                String letter = a.sub().substring(a.sub().length() - 1);
                v.add(new Variant(a.typed().replace(subLine, a.subWord() + " " + digits + " " + letter.toLowerCase(Locale.ROOT)), want,
                        false, "flat suffix apart, lower case"));
            }
        } else {
            v.add(new Variant("Flat 1, " + a.typed(), a.postcode() + "|" + a.building() + "|1", false, "a flat of a blocked building"));
            v.add(new Variant("Apartment 9B, " + a.typed(), a.postcode() + "|" + a.building() + "|9B", false,
                    "a flat of a blocked building"));
        }
        // several tricks at once
        String combined = String.join(" ,", postcodeFirst(a.lines(ABBREVIATIONS.get(a.streetType())[0])))
                .replace(pc, postcodeForms(pc).get(0)[0]).toLowerCase(Locale.ROOT);
        v.add(new Variant(combined, want, false, "postcode first, abbreviated, no space, lower case"));
        v.add(new Variant(fullWidth(String.join(", ", townFirst(lines, a.town()))).replace(fullWidth(pc), pc.replace(" ", "")), want,
                false, "town first, full-width, postcode without space"));
        return v;
    }

    static final Map<String, String> NUMERALS = Map.of("2", "Two", "3", "Three", "7", "Seven");

    /** Ways to write a postcode that still read as it: spacing, case, punctuation, one or two swaps. */
    static List<String[]> postcodeForms(String pc) {
        List<String[]> f = new ArrayList<>();
        f.add(new String[] {pc.replace(" ", ""), "postcode without space"});
        f.add(new String[] {pc.replace(" ", "  "), "postcode with two spaces"});
        f.add(new String[] {pc.toLowerCase(Locale.ROOT).replace(" ", ""), "postcode lower case, no space"});
        f.add(new String[] {pc.replace(" ", "-"), "postcode with a hyphen"});
        f.add(new String[] {pc.replace(" ", ". "), "postcode with a full stop"});
        String outward = pc.substring(0, pc.indexOf(' '));
        String inward = pc.substring(pc.indexOf(' ') + 1);
        // a digit in the outward code's digit places, and the inward code's digit, written as a letter
        String[][] swaps = {{"0", "O", "O/0"}, {"1", "I", "I/1"}, {"1", "l", "l/1"}, {"5", "S", "S/5"}, {"2", "Z", "Z/2"},
            {"8", "B", "B/8"}};
        for (String[] s : swaps) {
            int at = outward.indexOf(s[0], 2);
            boolean fourthOfFour = outward.length() == 4 && at == 3;
            if (at >= 1 && !(fourthOfFour && (s[1].equals("B")))) {
                String o = outward.substring(0, at) + s[1] + outward.substring(at + 1);
                f.add(new String[] {o + " " + inward, "postcode " + s[2] + " in the outward code"});
            }
            if (inward.startsWith(s[0])) {
                f.add(new String[] {outward + " " + s[1] + inward.substring(1), "postcode " + s[2] + " in the inward code"});
                if (at >= 1 && !fourthOfFour) {
                    String o = outward.substring(0, at) + s[1] + outward.substring(at + 1);
                    f.add(new String[] {o + s[1] + inward.substring(1), "postcode " + s[2] + " twice, no space"});
                }
            }
            // a letter of the inward code written as the digit it looks like
            for (int k = 1; k < 3; k++) {
                if (inward.substring(k, k + 1).equals(s[1]) && !s[1].equals("l")) {
                    f.add(new String[] {outward + " " + inward.substring(0, k) + s[0] + inward.substring(k + 1),
                        "postcode " + s[2] + " in the inward letters"});
                }
            }
        }
        return f;
    }

    /** Addresses next to a blocked one that must not be blocked, each in two or three writings. */
    private static List<Case> neighbours(Address a) {
        List<Case> out = new ArrayList<>();
        List<Address> near = new ArrayList<>();
        List<String> why = new ArrayList<>();
        if (!a.sub().isEmpty()) {
            near.add(a.withSub(a.subWord(), a.sub().equals("4") ? "5" : "4"));
            why.add("another flat in the same building");
            char end = a.sub().charAt(a.sub().length() - 1);
            near.add(a.withSub(a.subWord(), Character.isLetter(end)
                    ? a.sub().substring(0, a.sub().length() - 1) + (char) (end + 1) : a.sub() + "A"));
            why.add("another flat in the same building");
        }
        if (a.number() != null) {
            near.add(a.withNumber(a.number().equals("14") ? "16" : "14"));
            why.add("another building in the postcode");
            if (!Character.isLetter(a.number().charAt(a.number().length() - 1))) {
                near.add(a.withNumber(a.number() + "A"));
                why.add("the next door 'A' building");
            } else {
                near.add(a.withNumber(a.number().substring(0, a.number().length() - 1)));
                why.add("the building without its suffix letter");
            }
        } else {
            near.add(a.withName(a.name().replace("Rose", "Ivy")));
            why.add("another named building in the postcode");
        }
        String pc = a.postcode();
        String outward = pc.substring(0, pc.indexOf(' '));
        String inward = pc.substring(pc.indexOf(' ') + 1);
        char last = inward.charAt(2);
        near.add(a.withPostcode(outward + " " + inward.substring(0, 2) + (char) (last == 'Z' ? 'Y' : last + 1)));
        why.add("a neighbouring postcode");
        char digit = inward.charAt(0);
        near.add(a.withPostcode(outward + " " + (char) (digit == '9' ? '8' : digit + 1) + inward.substring(1)));
        why.add("a neighbouring postcode sector");
        near.add(a.withPostcode((outward.equals("ZZ9") ? "ZZ8" : "ZZ9") + " " + inward));
        why.add("same building on another postcode district");
        for (int i = 0; i < near.size(); i++) {
            Address n = near.get(i);
            out.add(new Case(n.typed(), n.canonical(), null, why.get(i)));
            out.add(new Case(n.typed().toLowerCase(Locale.ROOT).replace(n.postcode().toLowerCase(Locale.ROOT),
                    n.postcode().replace(" ", "").toLowerCase(Locale.ROOT)), n.canonical(), null, why.get(i) + ", lower case"));
            out.add(new Case(String.join(", ", postcodeFirst(n.lines(n.streetType()))), n.canonical(), null,
                    why.get(i) + ", postcode first"));
        }
        return out;
    }

    private static void put(Map<String, Case> out, List<EntryRow> entries, String input, String expected, String trick) {
        if (input.indexOf('\t') >= 0 || input.indexOf('\n') >= 0 || input.indexOf('\r') >= 0) {
            throw new IllegalStateException("corpus inputs hold no tab or line break");
        }
        String decision = decide(expected, entries);
        Case old = out.putIfAbsent(input, new Case(input, expected, decision, trick));
        if (old != null && !old.expected().equals(expected)) {
            throw new IllegalStateException("corpus contradicts itself (" + trick + " vs " + old.trick() + ")");
        }
    }

    /** SPEC section 12's matching, by hand: the first entry that blocks the canonical form. */
    static String decide(String canonical, List<EntryRow> entries) {
        if (canonical.equals(INVALID)) {
            return INVALID_ADDRESS;
        }
        for (EntryRow e : entries) {
            if (e.blocks(canonical)) {
                return "BLOCKED:" + e.id();
            }
        }
        return NOT_BLOCKED;
    }

    /** {@code s} with the first {@code from} replaced by {@code to}. */
    private static String first(String s, String from, String to) {
        int at = s.indexOf(from);
        return at < 0 ? s : s.substring(0, at) + to + s.substring(at + from.length());
    }

    private static List<String> reversed(List<String> lines) {
        List<String> r = new ArrayList<>(lines);
        java.util.Collections.reverse(r);
        return r;
    }

    private static List<String> postcodeFirst(List<String> lines) {
        List<String> r = new ArrayList<>();
        r.add(lines.get(lines.size() - 1));
        r.addAll(lines.subList(0, lines.size() - 1));
        return r;
    }

    private static List<String> townFirst(List<String> lines, String town) {
        List<String> r = new ArrayList<>();
        r.add(town);
        for (String l : lines) {
            if (!l.equals(town)) {
                r.add(l);
            }
        }
        return r;
    }

    private static List<String> without(List<String> lines, String drop) {
        List<String> r = new ArrayList<>(lines);
        r.remove(drop);
        return r;
    }

    private static List<String> insertBefore(List<String> lines, String before, String add) {
        List<String> r = new ArrayList<>(lines);
        r.add(r.indexOf(before), add);
        return r;
    }

    private static String alternateCase(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(i % 2 == 0 ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return sb.toString();
    }

    /** ASCII letters, digits and punctuation as their full-width forms, spaces as U+3000. */
    static String fullWidth(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c == ' ' ? '\u3000' : c > ' ' && c < 0x7F ? (char) (c - 0x21 + 0xFF01) : c);
        }
        return sb.toString();
    }

    private static String fullWidthDigits(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= '0' && c <= '9' ? (char) (c - '0' + 0xFF10) : c);
        }
        return sb.toString();
    }

    /** A zero-width space after the second letter of every word of four letters or more. */
    private static String zeroWidth(String s) {
        StringBuilder sb = new StringBuilder();
        for (String w : s.split(" ", -1)) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(w.length() >= 4 && w.chars().allMatch(Character::isLetter) ? w.substring(0, 2) + '\u200B' + w.substring(2) : w);
        }
        return sb.toString();
    }

    static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# The postal address evasion corpus (SPEC section 12), generated by AddressCorpus.main: do not edit.\n");
        sb.append("# ENTRY<TAB>id<TAB>EXACT|POSTCODE<TAB>address as the SPOC typed it\n");
        sb.append("# CASE<TAB>input<TAB>expected canonical or INVALID<TAB>BLOCKED:id | NOT_BLOCKED | INVALID_ADDRESS<TAB>trick\n");
        sb.append("# Every ENTRY is a NATIONAL BLOCK entry; expectations come from the address parts and the rules, not the normaliser.\n");
        for (EntryRow e : entries()) {
            CorpusFile.entry(sb, e.id(), e.match(), e.typed());
        }
        for (Case c : cases().values()) {
            CorpusFile.caseRow(sb, c.input(), c.expected(), c.decision(), c.trick());
        }
        return sb.toString();
    }

    /** The checked-in file's rows, each split on tabs ({@code ENTRY ...} or {@code CASE ...}). */
    static List<String[]> load() throws IOException {
        return CorpusFile.load(RESOURCE);
    }

    /** Writes the corpus file; run from the screening-core directory. */
    public static void main(String[] args) throws IOException {
        CorpusFile.write(args, "src/test/resources/screening/core/address-corpus.tsv", render(), cases().size());
    }
}
