package screening.core;

import java.io.IOException;
import java.net.IDN;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The e-mail evasion corpus: blocked addresses as a SPOC typed them, each with its canonical form
 * written down from the rules of SPEC section 12 (not taken from the normaliser), times the ways a
 * prisoner could write the same mailbox, plus other mailboxes that must stay open and inputs that
 * must be refused.
 *
 * <p>{@link #main} writes {@code src/test/resources/screening/core/email-corpus.tsv}; the corpus
 * test checks the file still equals {@link #render()}. Format (tab-separated, never trimmed;
 * lines starting with {@code #} are comments; no field holds a tab or a newline):
 * <pre>
 * ENTRY  id  EXACT|DOMAIN  email as the SPOC typed it
 * CASE   input  canonical|INVALID  BLOCKED:id|NOT_BLOCKED|INVALID_EMAIL  trick
 * </pre>
 *
 * <p>Rules assumed: {@link EmailRules#DEFAULT}. Domains: example.org/.com/.net and their
 * subdomains, IDN test domains under {@code .example}, and made-up mailboxes at gmail.com.
 * The {@code xn--} forms written below are each label's Punycode; the test checks them against
 * the JDK's IDNA 2003 converter wherever IDNA 2003 and UTS 46 agree (all but the ß label, which
 * IDNA 2003 maps to ss).
 */
final class EmailCorpus {

    static final String RESOURCE = "/screening/core/email-corpus.tsv";
    static final String INVALID = "INVALID";
    static final String NOT_BLOCKED = "NOT_BLOCKED";
    static final String INVALID_EMAIL = "INVALID_EMAIL";

    /**
     * A blocked entry. For EXACT, {@code canonical} is the address; for DOMAIN, the domain.
     * {@code locals} and {@code domains} are spellings that the rules read as its local part and
     * domain (for DOMAIN, {@code locals} are any mailboxes and {@code domains} include subdomains,
     * each as {@code spelling=canonical}).
     */
    record Target(String id, String match, String typed, String canonical, List<String> locals, List<String> domains) {
    }

    /** An entry's spelling and what the rules make of it. */
    record Spelling(String typed, String canonical) {
        static Spelling of(String s) {
            int eq = s.lastIndexOf('=');
            return eq < 0 ? new Spelling(s, s) : new Spelling(s.substring(0, eq), s.substring(eq + 1));
        }
    }

    /** A CASE line. */
    record Case(String input, String expected, String decision, String trick) {
    }

    static final String BUCHER = "xn--bcher-kva.example";
    static final String MUNCHEN = "xn--mnchen-3ya.example";
    static final String FASS = "xn--fa-hia.example";
    static final String PRIMER = "xn--e1afmkfd.example";

    private EmailCorpus() {
    }

    static List<Target> targets() {
        List<Target> t = new ArrayList<>();
        t.add(new Target("SPC-EMAIL-001", "EXACT", "spc.victim.test.one@gmail.com", "spcvictimtestone@gmail.com",
                List.of("spc.victim.test.one=spcvictimtestone", "spcvictimtestone", "s.p.c.victim.test.one=spcvictimtestone",
                        "spc.victimtest.one=spcvictimtestone", "SPC.Victim.Test.One=spcvictimtestone",
                        "spcvictimtestone+prison=spcvictimtestone", "spc.victim.test.one+a.b=spcvictimtestone",
                        "s.pcvictimtes.tone=spcvictimtestone", "SpcVictimTestOne+=spcvictimtestone",
                        "spc.vic.tim.test.o.n.e+x+y=spcvictimtestone"),
                List.of("gmail.com", "GMAIL.COM=gmail.com", "googlemail.com=gmail.com", "GoogleMail.Com=gmail.com",
                        "gmail.com.=gmail.com", "googlemail.com.=gmail.com", "gmail\u3002com=gmail.com",
                        "gmai\u00ADl.com=gmail.com")));
        t.add(new Target("SPC-EMAIL-002", "EXACT", "Jane.Doe@Example.org", "jane.doe@example.org",
                List.of("jane.doe", "JANE.DOE=jane.doe", "Jane.Doe=jane.doe", "jane.doe+x=jane.doe", "jane.doe+=jane.doe",
                        "jane.doe+news.letter=jane.doe", "jAnE.dOe+Prison=jane.doe", "jane\u2024doe=jane.doe",
                        "jane\uFF0Edoe=jane.doe", "\u24D9ane.doe=jane.doe"),
                List.of("example.org", "EXAMPLE.ORG=example.org", "Example.Org=example.org", "example.org.=example.org",
                        "exam\u00ADple.org=example.org", "example\uFF0Eorg=example.org", "example\uFF61org=example.org")));
        t.add(new Target("SPC-EMAIL-003", "EXACT", "k.smith+home@example.net", "k.smith@example.net",
                List.of("k.smith", "K.Smith=k.smith", "k.smith+home=k.smith", "k.smith+work=k.smith", "K.SMITH+=k.smith",
                        "k.smith+k.smith=k.smith", "\uFF4B.smith=k.smith", "\u212A.smith=k.smith"),
                List.of("example.net", "EXAMPLE.NET=example.net", "example.net.=example.net", "ExAmPlE.NeT=example.net",
                        "example\u3002net=example.net")));
        t.add(new Target("SPC-EMAIL-004", "EXACT", "anna@bücher.example", "anna@" + BUCHER,
                List.of("anna", "ANNA=anna", "Anna+post=anna", "anna+=anna", "\u1D43nna=anna"),
                List.of("bücher.example=" + BUCHER, "BÜCHER.EXAMPLE=" + BUCHER, "bu\u0308cher.example=" + BUCHER,
                        "BU\u0308CHER.example=" + BUCHER, BUCHER, "XN--BCHER-KVA.EXAMPLE=" + BUCHER,
                        "bücher\u3002example=" + BUCHER, "bücher.example.=" + BUCHER, "\uFF42ü\uFF43\uFF48\uFF45\uFF52.example=" + BUCHER,
                        "xn--bcher-kva.example.=" + BUCHER)));
        t.add(new Target("SPC-EMAIL-005", "DOMAIN", "@smithfamily.example.com", "smithfamily.example.com",
                List.of("anyone", "jo.smith", "Jo.Smith=jo.smith", "postmaster", "jo.smith+x=jo.smith", "x_y-z", "mary.smith+kids=mary.smith"),
                List.of("smithfamily.example.com", "SmithFamily.Example.Com=smithfamily.example.com",
                        "smithfamily.example.com.=smithfamily.example.com", "mail.smithfamily.example.com",
                        "MAIL.SMITHFAMILY.EXAMPLE.COM=mail.smithfamily.example.com", "a.b.smithfamily.example.com",
                        "smith\u00ADfamily.example.com=smithfamily.example.com",
                        "\uFF53\uFF4D\uFF49\uFF54\uFF48family.example.com=smithfamily.example.com")));
        t.add(new Target("SPC-EMAIL-006", "DOMAIN", "münchen.example", MUNCHEN,
                List.of("info", "Info=info", "m.weber", "m.weber+a=m.weber"),
                List.of("münchen.example=" + MUNCHEN, "MÜNCHEN.EXAMPLE=" + MUNCHEN, "mu\u0308nchen.example=" + MUNCHEN,
                        MUNCHEN, "Xn--Mnchen-3ya.Example=" + MUNCHEN, "post.münchen.example=post." + MUNCHEN,
                        "post.xn--mnchen-3ya.example=post." + MUNCHEN, "münchen.example.=" + MUNCHEN)));
        t.add(new Target("SPC-EMAIL-007", "EXACT", "Spc.Victim.Test.Two@GoogleMail.com", "spcvictimtesttwo@gmail.com",
                List.of("spc.victim.test.two=spcvictimtesttwo", "spcvictimtesttwo", "SPCVICTIMTESTTWO=spcvictimtesttwo",
                        "spc.victim.test.two+tag=spcvictimtesttwo", "s.p.c.v.i.c.t.i.m.t.e.s.t.t.w.o=spcvictimtesttwo"),
                List.of("gmail.com", "googlemail.com=gmail.com", "GOOGLEMAIL.COM.=gmail.com", "\uFF47mail.com=gmail.com")));
        t.add(new Target("SPC-EMAIL-008", "EXACT", "mary_o'neil@example.net", "mary_o'neil@example.net",
                List.of("mary_o'neil", "Mary_O'Neil=mary_o'neil", "mary_o'neil+x=mary_o'neil", "MARY_O\uFF07NEIL=mary_o'neil"),
                List.of("example.net", "Example.Net=example.net", "example.net.=example.net")));
        t.add(new Target("SPC-EMAIL-009", "EXACT", "tom@mail.example.org", "tom@mail.example.org",
                List.of("tom", "Tom=tom", "TOM+1=tom", "tom+mail.example.org=tom"),
                List.of("mail.example.org", "Mail.Example.Org=mail.example.org", "mail.example.org.=mail.example.org")));
        t.add(new Target("SPC-EMAIL-010", "DOMAIN", "Refuge <contact@refuge.example.net>", "refuge.example.net",
                List.of("contact", "help", "Help+x=help", "a.worker"),
                List.of("refuge.example.net", "REFUGE.EXAMPLE.NET=refuge.example.net", "staff.refuge.example.net")));
        t.add(new Target("SPC-EMAIL-011", "EXACT", "lee@faß.example", "lee@" + FASS,
                List.of("lee", "LEE=lee", "lee+x=lee"),
                List.of("faß.example=" + FASS, "FAß.EXAMPLE=" + FASS, FASS, "faß.example.=" + FASS)));
        t.add(new Target("SPC-EMAIL-012", "EXACT", "olga@пример.example", "olga@" + PRIMER,
                List.of("olga", "Olga=olga", "olga+1=olga"),
                List.of("пример.example=" + PRIMER, "ПРИМЕР.EXAMPLE=" + PRIMER, "XN--E1AFMKFD.example=" + PRIMER)));
        return t;
    }

    /** Wrappers that SPEC 12 accepts around an address, each with a name for the trick column. */
    static final String[][] WRAPPERS = {
        {"%s", "plain"},
        {"  %s ", "surrounding spaces"},
        {"mailto:%s", "mailto"},
        {"MAILTO:%s", "mailto upper case"},
        {"Jane Doe <%s>", "display name"},
        {"\"Doe, J\" <%s>", "quoted display name"},
        {"<%s>", "angle brackets"},
        {"Someone <mailto:%s>", "display name with mailto"},
        {"\u00A0%s\u3000", "no-break and ideographic spaces"},
        {"\uFEFF%s", "byte-order mark"},
        {"someone@example.com <%s>", "address as display name"},
        {"MailTo: %s", "mailto and a space"},
    };

    static Map<String, Case> generate() {
        Map<String, Case> cases = new LinkedHashMap<>();
        int rotation = 0;
        for (Target t : targets()) {
            boolean exact = t.match().equals("EXACT");
            String blocked = "BLOCKED:" + t.id();
            List<Spelling> locals = t.locals().stream().map(Spelling::of).toList();
            List<Spelling> domains = t.domains().stream().map(Spelling::of).toList();
            // every local spelling with every domain spelling, under a rotating wrapper
            for (Spelling l : locals) {
                for (Spelling d : domains) {
                    String[] w = WRAPPERS[rotation++ % WRAPPERS.length];
                    String want = l.canonical() + "@" + d.canonical();
                    put(cases, String.format(w[0], l.typed() + "@" + d.typed()), want, blocked, "spelling, " + w[1]);
                }
            }
            Spelling l0 = locals.get(0);
            Spelling d0 = domains.get(0);
            String plain = l0.typed() + "@" + d0.typed();
            String want = l0.canonical() + "@" + d0.canonical();
            for (String[] w : WRAPPERS) {
                put(cases, String.format(w[0], plain), want, blocked, w[1]);
            }
            put(cases, fullWidth(plain), want, blocked, "full-width letters");
            put(cases, upperAscii(fullWidth(plain)), want, blocked, "full-width capitals");
            put(cases, mathBold(l0.typed()) + "@" + d0.typed(), want, blocked, "mathematical bold letters");
            put(cases, circled(l0.typed()) + "@" + d0.typed(), want, blocked, "circled letters");
            put(cases, l0.typed() + "\uFF20" + d0.typed(), want, blocked, "full-width at sign");
            put(cases, l0.typed() + "\uFE6B" + d0.typed(), want, blocked, "small at sign");
            put(cases, "mailto:" + percentEncoded(plain, "@."), want, blocked, "mailto percent-encoded");
            put(cases, "mailto:" + l0.typed() + "%2Bprison@" + d0.typed(), want, blocked, "mailto encoded subaddress");
            put(cases, "mailto:" + percentEncoded(l0.typed(), "abcdefghijklmnopqrstuvwxyz") + "@" + d0.typed(), want, blocked,
                    "mailto letters percent-encoded");
            put(cases, l0.typed() + "+" + t.id().toLowerCase(Locale.ROOT) + "@" + d0.typed(), want, blocked, "subaddress");
            put(cases, l0.typed() + "\uFF0Bprison@" + d0.typed(), want, blocked, "full-width plus subaddress");
            put(cases, "\"Doe, J\" <" + upperAscii(l0.typed()) + "+x@" + upperAscii(d0.typed()) + ".>", want, blocked,
                    "display name, capitals, subaddress, trailing dot");
            negatives(cases, t, l0, d0, exact);
        }
        invalid(cases);
        return cases;
    }

    /** Other mailboxes and domains near an entry: none of them is the blocked mailbox. */
    private static void negatives(Map<String, Case> cases, Target t, Spelling l0, Spelling d0, boolean exact) {
        String local = l0.canonical();
        String domain = d0.canonical();
        if (exact) {
            put(cases, local + "1@" + domain, local + "1@" + domain, NOT_BLOCKED, "another mailbox, digit added");
            put(cases, "x" + local + "@" + domain, "x" + local + "@" + domain, NOT_BLOCKED, "another mailbox, letter added");
            put(cases, local + "-news@" + domain, local + "-news@" + domain, NOT_BLOCKED, "hyphen is no subaddress");
            put(cases, local + "_@" + domain, local + "_@" + domain, NOT_BLOCKED, "another mailbox, underscore");
            String other = domain.equals("example.com") ? "example.net" : "example.com";
            put(cases, local + "@" + other, local + "@" + other, NOT_BLOCKED, "same mailbox name, other domain");
            put(cases, local + "@mail." + domain, local + "@mail." + domain, NOT_BLOCKED, "subdomain under an EXACT entry");
            if (domain.indexOf('.') != domain.lastIndexOf('.')) {
                String parent = domain.substring(domain.indexOf('.') + 1);
                put(cases, local + "@" + parent, local + "@" + parent, NOT_BLOCKED, "parent domain of an EXACT entry");
            }
            if (local.indexOf('.') >= 0) {
                String undotted = local.replace(".", "");
                put(cases, undotted + "@" + domain, undotted + "@" + domain, NOT_BLOCKED, "dots count at this domain");
                String moved = undotted.substring(0, 2) + "." + undotted.substring(2);
                put(cases, moved + "@" + domain, moved + "@" + domain, NOT_BLOCKED, "dots count at this domain, moved");
            }
            if (domain.equals("gmail.com")) {
                put(cases, local + "@mail.googlemail.com", local + "@mail.googlemail.com", NOT_BLOCKED, "subdomain is no alias");
                put(cases, local + "@googlemail.example.com", local + "@googlemail.example.com", NOT_BLOCKED, "look-alike of googlemail");
                put(cases, local.substring(1) + "@gmail.com", local.substring(1) + "@gmail.com", NOT_BLOCKED, "first letter dropped");
            }
        } else {
            if (parentOf(domain).indexOf('.') > 0) {
                put(cases, local + "@" + parentOf(domain), local + "@" + parentOf(domain), NOT_BLOCKED, "parent of a DOMAIN entry");
            }
            put(cases, local + "@not" + domain, local + "@not" + domain, NOT_BLOCKED, "name ending in the blocked domain");
            put(cases, local + "@" + domain + ".example.net", local + "@" + domain + ".example.net", NOT_BLOCKED,
                    "blocked domain as a prefix");
            String label = domain.substring(0, domain.indexOf('.'));
            String rest = domain.substring(domain.indexOf('.'));
            if (!label.startsWith("xn--")) { // a changed xn-- label is another Punycode string, maybe no valid one
                put(cases, local + "@" + label + "1" + rest, local + "@" + label + "1" + rest, NOT_BLOCKED, "look-alike, digit added");
                put(cases, local + "@" + label + "-x" + rest, local + "@" + label + "-x" + rest, NOT_BLOCKED, "look-alike, hyphen");
            }
            put(cases, domain + "@example.net", domain + "@example.net", NOT_BLOCKED, "blocked domain as the mailbox name");
            put(cases, local + "@" + label + ".example.org", local + "@" + label + ".example.org", NOT_BLOCKED,
                    "same first label, other domain");
        }
    }

    /** Look-alikes of the IDN entries, and inputs the rules refuse. */
    private static void invalid(Map<String, Case> cases) {
        // look-alike IDN spellings: other domains, whose ASCII form the JDK's IDNA 2003 gives (no deviation characters)
        for (String[] lookalike : new String[][] {
            {"anna@bucher.example", "plain u for ü"}, {"anna@buecher.example", "ue for ü"},
            {"anna@bücher.example.org", "IDN label under example.org"}, {"anna@bûcher.example", "other accent"},
            {"anna@b\u00FC\u0441her.example", "Cyrillic es for c"}, {"info@munchen.example", "plain u for ü"},
            {"info@muenchen.example", "ue for ü"}, {"info@m\u00FCnchen.example.com", "IDN label under example.com"},
            {"olga@npumep.example", "Latin look-alike of Cyrillic"}, {"olga@\u043F\u0440\u0438\u043C\u0435p.example", "one Latin p"},
            {"lee@fass.example", "ss for ß (UTS 46 keeps ß)"}, {"lee@fas.example", "s for ß"}}) {
            String at = lookalike[0].substring(0, lookalike[0].indexOf('@') + 1);
            String domain = lookalike[0].substring(at.length());
            put(cases, lookalike[0], at + IDN.toASCII(domain).toLowerCase(Locale.ROOT), NOT_BLOCKED, "look-alike domain, " + lookalike[1]);
        }
        String[][] refused = {
            {"\"jane.doe\"@example.org", "quoted local part"},
            {"\"jane doe\"@example.org", "quoted local part with space"},
            {"jane.doe(prison)@example.org", "comment"},
            {"jane.doe@(x)example.org", "comment in domain"},
            {"jane.doe@[192.0.2.1]", "IP literal"},
            {"jane.doe@[IPv6:2001:db8::1]", "IPv6 literal"},
            {"jane.doe@192.0.2.1", "dotted IP domain"},
            {"jane.doe.example.org", "no at sign"},
            {"jane.doe at example.org", "at written as a word"},
            {"jane.doe@example.org@example.net", "two at signs"},
            {"jane@doe@example.org", "two at signs"},
            {"+jane.doe@example.org", "only a subaddress"},
            {"@example.org", "empty local part"},
            {"jane.doe@example", "domain without a dot"},
            {"jane.doe@localhost", "domain without a dot"},
            {"jane .doe@example.org", "space inside"},
            {"jane..doe@example.org", "two dots together"},
            {".jane.doe@example.org", "leading dot"},
            {"jane.doe.@example.org", "trailing dot in local part"},
            {"j\u0430ne.doe@example.org", "Cyrillic a in local part"},
            {"ja\u200Bne.doe@example.org", "zero-width space in local part"},
            {"jané.doe@example.org", "accented local part"},
            {"spc.victim.test.one\u200D@gmail.com", "zero-width joiner in local part"},
            {"mailto:jane.doe@example.org?subject=hello", "mailto with fields"},
            {"mailto:someone@example.com?cc=jane.doe@example.org", "mailto with cc"},
            {"mailto://jane.doe@example.org", "mailto with slashes"},
            {"mailto:jane%zzdoe@example.org", "broken percent escape"},
            {"Jane <jane.doe@example.org", "unclosed angle bracket"},
            {"jane.doe@example.org, k.smith@example.net", "two addresses"},
            {"jane.doe@exa_mple.org", "underscore in domain"},
            {"jane.doe@-example.org", "domain label starts with hyphen"},
            {"jane.doe@example..org", "empty domain label"},
            {"jane.doe@xn--zz.example", "broken xn-- label"},
            {"a".repeat(65) + "@example.org", "local part over 64 characters"},
            {"jane@" + "b".repeat(64) + ".example.org", "domain label over 63 characters"},
            {"jane.doe@", "nothing after at"},
            {"spc.victim.test.one@gmail.com?", "question mark after domain"},
        };
        for (String[] r : refused) {
            put(cases, r[0], INVALID, INVALID_EMAIL, r[1]);
        }
    }

    private static String parentOf(String domain) {
        return domain.substring(domain.indexOf('.') + 1);
    }

    private static void put(Map<String, Case> cases, String input, String expected, String decision, String trick) {
        if (input.indexOf('\t') >= 0 || input.indexOf('\n') >= 0 || input.indexOf('\r') >= 0) {
            throw new IllegalStateException("corpus inputs hold no tab or newline");
        }
        if (input.isEmpty() || input.length() > EmailNormaliser.MAX_ADDRESS) {
            throw new IllegalStateException("corpus inputs are 1-254 characters, as a query's are");
        }
        Case old = cases.putIfAbsent(input, new Case(input, expected, decision, trick));
        if (old != null && !(old.expected().equals(expected) && old.decision().equals(decision))) {
            throw new IllegalStateException("corpus contradicts itself (" + trick + " vs " + old.trick() + ")");
        }
    }

    /** ASCII printable characters as their full-width forms (U+FF01-U+FF5E); others kept. */
    static String fullWidth(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c > ' ' && c < 0x7F ? (char) (c + 0xFEE0) : c);
        }
        return sb.toString();
    }

    /** ASCII letters upper-cased, full-width ones too; nothing else (ß would become SS). */
    static String upperAscii(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= '\uFF41' && c <= '\uFF5A') {
                c = (char) (c - 0x20);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** ASCII small letters as mathematical bold small letters (U+1D41A-), NFKC's letters again. */
    static String mathBold(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                sb.appendCodePoint(0x1D41A + c - 'a');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** ASCII small letters as circled letters (U+24D0-), NFKC's letters again. */
    static String circled(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= 'a' && c <= 'z' ? (char) (0x24D0 + c - 'a') : c);
        }
        return sb.toString();
    }

    /** {@code s} with the characters in {@code which} as {@code %XX} (UTF-8), others as they are. */
    static String percentEncoded(String s, String which) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (which.indexOf(c) >= 0) {
                sb.append(String.format("%%%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# e-mail evasion corpus, generated by EmailCorpus.main (screening-core tests); rules: EmailRules.DEFAULT\n");
        sb.append("# fields are tab-separated and never trimmed; no field holds a tab or a newline\n");
        sb.append("# ENTRY\tid\tEXACT|DOMAIN\temail as the SPOC typed it\n");
        sb.append("# CASE\tinput\tcanonical|INVALID\tBLOCKED:id|NOT_BLOCKED|INVALID_EMAIL\ttrick\n");
        for (Target t : targets()) {
            CorpusFile.entry(sb, t.id(), t.match(), t.typed());
        }
        for (Case c : generate().values()) {
            CorpusFile.caseRow(sb, c.input(), c.expected(), c.decision(), c.trick());
        }
        return sb.toString();
    }

    /** The checked-in file's lines, split at tabs, comments left out. */
    static List<String[]> load() throws IOException {
        return CorpusFile.load(RESOURCE);
    }

    /** Writes the corpus file; run from the screening-core directory. */
    public static void main(String[] args) throws IOException {
        CorpusFile.write(args, "src/test/resources/screening/core/email-corpus.tsv", render(), generate().size());
    }
}
