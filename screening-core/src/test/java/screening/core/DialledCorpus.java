package screening.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dialled-string corpus: hand-chosen base numbers, each with its canonical form known from
 * the rules (not from the normaliser), times formatting variants that SPEC section 2 says must
 * not change it, plus variants it says are INVALID_NUMBER.
 *
 * <p>{@link #main} writes {@code src/test/resources/screening/core/dialled-corpus.tsv}
 * ({@code dialled<TAB>expected<TAB>rule}); the corpus test checks that the file still equals
 * {@link #generate()}, so the two cannot drift apart.
 *
 * <p>The plan the corpus assumes is {@link #PLAN}: the SPEC's defaults plus outside-line prefix 9.
 *
 * <p>Numbers used (SPEC section 9, COMMON.md): the four Ofcom drama ranges; France's ARCEP
 * fiction range 01 99 00 xx xx; the US fictional 202-555-01xx; Australia's ACMA fiction mobiles
 * 0491 570 006/110/156-159/313/737; Italy +39 000x xxx xxx, which libphonenumber 9.0.19 holds
 * possible but not valid (no such area code, so unassigned), to show the kept leading zero.
 */
final class DialledCorpus {

    static final String RESOURCE = "/screening/core/dialled-corpus.tsv";
    static final String INVALID = "INVALID_NUMBER";
    static final NumberingPlan PLAN = new NumberingPlan(
            "GB", NumberingPlan.DEFAULT.stripPrefixes(), "9", NumberingPlan.DEFAULT.minPrefixDigits());

    /** A base number: country code, national significant number, its trunk prefix, grouping. */
    record Base(String cc, String nsn, String trunk, int[] groups, boolean national) {
        String canonical() {
            return "+" + cc + nsn;
        }

        /** The NSN split into groups by {@code sep}. */
        String grouped(String sep) {
            StringBuilder sb = new StringBuilder();
            int at = 0;
            for (int g : groups) {
                if (sb.length() > 0) {
                    sb.append(sep);
                }
                sb.append(nsn, at, at + g);
                at += g;
            }
            return sb.toString();
        }
    }

    /** Decimal digit zeros of other scripts: full-width, Arabic-Indic, Persian, Devanagari, Bengali, Thai, maths bold. */
    static final int[] DIGIT_ZEROS = {0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x1D7CE};

    static final String[] STRIP = {"141", "1470", "18001", "18002", "#31#", "*31#", "9"};

    static final String[] SHORT_CODES = {
        "116123", "116000", "116111", "999", "112", "101", "111", "100", "123", "141", "1470", "18001", "118118", "155"};

    private DialledCorpus() {
    }

    static List<Base> bases() {
        List<Base> out = new ArrayList<>();
        int[] picks = {0, 1, 9, 10, 99, 100, 123, 124, 321, 456, 499, 500, 501, 654, 777, 800, 888, 900, 998, 999};
        for (int p : picks) {
            String s3 = String.format("%03d", p);
            out.add(new Base("44", "7700900" + s3, "0", new int[] {4, 6}, true));
            out.add(new Base("44", "1134960" + s3, "0", new int[] {3, 3, 4}, true));
            out.add(new Base("44", "2079460" + s3, "0", new int[] {2, 4, 4}, true));
            out.add(new Base("44", "1632960" + s3, "0", new int[] {4, 6}, true));
        }
        for (String s : new String[] {"0000", "0123", "1234", "5678", "9999"}) {
            out.add(new Base("33", "19900" + s, "0", new int[] {1, 2, 2, 2, 2}, false));
        }
        for (String s : new String[] {"00", "01", "23", "50", "99"}) {
            out.add(new Base("1", "20255501" + s, "1", new int[] {3, 3, 4}, false));
        }
        for (String s : new String[] {"006", "110", "156", "157", "158", "159", "313", "737"}) {
            out.add(new Base("61", "491570" + s, "0", new int[] {3, 3, 3}, false));
        }
        for (String s : new String[] {"0001123456", "0002123400", "0003999999", "0005000123"}) {
            out.add(new Base("39", s, "", new int[] {4, 3, 3}, false));
        }
        return out;
    }

    /** The corpus lines: dialled string to {@code [expected, rule]}, in a stable order. */
    static Map<String, String[]> generate() {
        Map<String, String[]> lines = new LinkedHashMap<>();
        int rotation = 0;
        for (Base b : bases()) {
            String want = b.canonical();
            List<String> forms = new ArrayList<>();
            // international forms
            forms.add("+" + b.cc() + b.nsn());
            forms.add("+" + b.cc() + " " + b.grouped(" "));
            forms.add("+" + b.cc() + "-" + b.grouped("-"));
            forms.add("+" + b.cc() + "." + b.grouped("."));
            forms.add("(+" + b.cc() + ") " + b.grouped(" "));
            forms.add("+" + b.cc() + "/" + b.grouped("/"));
            forms.add("00" + b.cc() + b.nsn());
            forms.add("00 " + b.cc() + " " + b.grouped(" "));
            forms.add("00-" + b.cc() + "-" + b.grouped("-"));
            if (!b.trunk().isEmpty()) {
                forms.add("+" + b.cc() + " (" + b.trunk() + ")" + b.grouped(" "));
                forms.add("+" + b.cc() + " " + b.trunk() + b.grouped(" "));
                forms.add("+" + b.cc() + b.trunk() + b.nsn());
                forms.add("00" + b.cc() + " (" + b.trunk() + ") " + b.grouped(" "));
            }
            if (b.national()) {
                String nat = b.trunk() + b.nsn();
                forms.add(nat);
                forms.add(b.trunk() + b.grouped(" "));
                forms.add(b.trunk() + b.grouped("-"));
                forms.add(b.trunk() + b.grouped("."));
                forms.add(b.trunk() + b.grouped("/"));
                forms.add("(" + b.trunk() + b.grouped(") "));
                forms.add(spaced(nat, " "));
                forms.add(b.trunk() + b.grouped("\u00A0"));
                forms.add(b.trunk() + b.grouped("\u2009"));
                forms.add(" " + b.trunk() + b.grouped("\u3000") + " ");
            }
            for (String f : forms) {
                put(lines, f, want, "format");
            }
            String plain = b.national() ? b.trunk() + b.grouped(" ") : "+" + b.cc() + " " + b.grouped(" ");
            for (int zero : DIGIT_ZEROS) {
                put(lines, digits(plain, zero, false), want, "unicode-digits");
                put(lines, digits(plain, zero, true), want, "unicode-digits-mixed");
            }
            for (String suffix : new String[] {",1234", ";5", "p123", "P1", "w99#", "W", ",,456", " p 1 2 3", ";ext=123", ",,", "p"}) {
                put(lines, plain + suffix, want, "post-dial");
            }
            put(lines, plain + "#", want, "trailing-hash");
            put(lines, plain + " #", want, "trailing-hash");
            put(lines, plain + "#p12", want, "trailing-hash+post-dial");
            put(lines, plain + "p12#", want, "post-dial+trailing-hash");
            // dial prefixes, single and stacked, before every full form (national, +, 00)
            List<String> fulls = new ArrayList<>();
            fulls.add("+" + b.cc() + " " + b.grouped(" "));
            fulls.add("00" + b.cc() + " " + b.grouped(" "));
            if (b.national()) {
                fulls.add(b.trunk() + b.grouped(" "));
            }
            for (String full : fulls) {
                for (String p : STRIP) {
                    put(lines, p + " " + full, want, "strip-prefix");
                }
                for (int k = 0; k < 3; k++) {
                    String a = STRIP[(rotation + k) % STRIP.length];
                    String c = STRIP[(rotation + k + 2) % STRIP.length];
                    String d = STRIP[(rotation + k + 5) % STRIP.length];
                    put(lines, a + c + full.replace(" ", ""), want, "strip-stacked");
                    put(lines, a + " " + c + " " + d + " " + full, want, "strip-stacked");
                }
                rotation++;
            }
            String stacked = "9 141 1470 " + fulls.get(fulls.size() - 1);
            put(lines, stacked, want, "strip-stacked");
            put(lines, digits(stacked, DIGIT_ZEROS[rotation % DIGIT_ZEROS.length], false) + "#", want, "combined");
            put(lines, "*31# " + digits(plain, DIGIT_ZEROS[(rotation + 1) % DIGIT_ZEROS.length], true) + "p 99#", want, "combined");
            put(lines, "18002-" + plain.replace(' ', '.') + ",,1#", want, "combined");

            // INVALID_NUMBER: extensions, letters, leftovers
            for (String ext : new String[] {" x123", "x1", " X 12", " ext 123", " ext. 123", "ext123", " extension 123", "#123", " #123", "##"}) {
                put(lines, plain + ext, INVALID, "extension");
            }
            String compact = plain.replace(" ", "");
            put(lines, compact.substring(0, compact.length() - 3) + "#" + compact.substring(compact.length() - 3), INVALID, "extension");
            put(lines, b.grouped(" ").isEmpty() ? plain : plain.substring(0, plain.length() - 3) + "#" + plain.substring(plain.length() - 3), INVALID, "extension");
            put(lines, replaceLast(plain, '0', 'O'), INVALID, "letter");
            put(lines, replaceLast(plain, '1', 'l'), INVALID, "letter");
            put(lines, plain + "a", INVALID, "letter");
            put(lines, "tel " + plain, INVALID, "letter");
            put(lines, plain.replace(' ', '_'), INVALID, "other-character");
            put(lines, "*" + compact, INVALID, "other-character");
            put(lines, compact + "*", INVALID, "other-character");
            put(lines, compact.substring(0, 4) + "+" + compact.substring(4), INVALID, "other-character");
            if (b.cc().equals("44") || b.cc().equals("33") || b.cc().equals("1")) {
                // one digit more than the country's longest possible number
                put(lines, "+" + b.cc() + " " + b.grouped(" ") + "5", INVALID, "too-long");
                if (b.national()) {
                    put(lines, b.trunk() + b.grouped(" ") + "5", INVALID, "too-long");
                    put(lines, "141 " + b.grouped(" "), INVALID, "strip-without-full-number");
                }
            }
            if (b.national()) {
                // longer foreign numbers that end in this number's digits
                put(lines, "+1 44 " + b.grouped(" "), INVALID, "foreign-suffix");
                put(lines, "+33 44" + b.nsn(), INVALID, "foreign-suffix");
                // Italy keeps leading zeros; "00" is no Italian area code, so these are unassigned
                put(lines, "+39 00" + b.nsn(), "+3900" + b.nsn(), "foreign-suffix");
                put(lines, "0039 00" + b.grouped(" "), "+3900" + b.nsn(), "foreign-suffix");
            }
        }
        for (String s : SHORT_CODES) {
            String want = "GB:" + s;
            put(lines, s, want, "short");
            put(lines, spaced(s, " "), want, "short");
            put(lines, spaced(s, "-"), want, "short");
            put(lines, s + "#", want, "short+trailing-hash");
            put(lines, s + ",1", want, "short+post-dial");
            put(lines, s + "p2", want, "short+post-dial");
            for (int zero : DIGIT_ZEROS) {
                put(lines, digits(s, zero, false), want, "short+unicode-digits");
            }
            put(lines, s + "x1", INVALID, "short+extension");
        }
        return lines;
    }

    private static void put(Map<String, String[]> lines, String dialled, String expected, String rule) {
        if (dialled.indexOf('\t') >= 0 || dialled.indexOf('\n') >= 0) {
            throw new IllegalStateException("corpus strings hold no tab or newline");
        }
        String[] old = lines.putIfAbsent(dialled, new String[] {expected, rule});
        if (old != null && !old[0].equals(expected)) {
            throw new IllegalStateException("corpus contradicts itself on a generated string (" + rule + " vs " + old[1] + ")");
        }
    }

    /** {@code s} with every ASCII digit (or every other one, if {@code mixed}) in the script of {@code zero}. */
    static String digits(String s, int zero, boolean mixed) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9' && (!mixed || n++ % 2 == 0)) {
                sb.appendCodePoint(zero + (c - '0'));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String spaced(String s, String sep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (i > 0) {
                sb.append(sep);
            }
            sb.append(s.charAt(i));
        }
        return sb.toString();
    }

    private static String replaceLast(String s, char from, char to) {
        int i = s.lastIndexOf(from);
        if (i < 0) {
            return s + to;
        }
        return s.substring(0, i) + to + s.substring(i + 1);
    }

    static String render(Map<String, String[]> lines) {
        StringBuilder sb = new StringBuilder();
        sb.append("# dialled\texpected\trule  (generated by DialledCorpus.main; plan: GB, default stripPrefixes, outsideLinePrefix 9)\n");
        for (Map.Entry<String, String[]> e : lines.entrySet()) {
            sb.append(e.getKey()).append('\t').append(e.getValue()[0]).append('\t').append(e.getValue()[1]).append('\n');
        }
        return sb.toString();
    }

    /** The checked-in file, as lines of {@code [dialled, expected, rule]}. */
    static List<String[]> load() throws IOException {
        try (InputStream in = DialledCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("corpus resource " + RESOURCE + " is missing");
            }
            List<String[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || line.startsWith("# ")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 3) {
                    throw new IOException("corpus line is not dialled<TAB>expected<TAB>rule: " + line);
                }
                out.add(f);
            }
            return out;
        }
    }

    /** Writes the corpus file; run from the screening-core directory. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources/screening/core/dialled-corpus.tsv");
        Files.createDirectories(out.getParent());
        Files.writeString(out, render(generate()), StandardCharsets.UTF_8);
        System.out.println("wrote " + generate().size() + " lines to " + out);
    }
}
