package screening.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The e-mail evasion corpus (see {@link EmailCorpus}) against the normaliser: every case gives
 * the canonical form the rules give, and a plain reference match of SPEC section 12 (EXACT:
 * equal canonical forms; DOMAIN: the domain or a subdomain) gives the decision the file states.
 */
class EmailNormaliserCorpusTest {

    private static final Pattern ENTRY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private static List<String[]> entries;
    private static List<String[]> cases;
    private static final EmailNormaliser NORMALISER = new EmailNormaliser(EmailRules.DEFAULT);

    @BeforeAll
    static void load() throws IOException {
        entries = new ArrayList<>();
        cases = new ArrayList<>();
        for (String[] line : EmailCorpus.load()) {
            (line[0].equals("ENTRY") ? entries : cases).add(line);
        }
    }

    private static String show(String input) {
        try {
            return NORMALISER.normalise(input);
        } catch (NotNormalisableException e) {
            return EmailCorpus.INVALID;
        }
    }

    @Test
    void corpusFile_equalsGenerator() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(EmailCorpus.RESOURCE)) {
            String file = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(file)
                    .as("email-corpus.tsv is stale: rerun EmailCorpus.main from screening-core")
                    .isEqualTo(EmailCorpus.render());
        }
    }

    @Test
    void corpus_hasTheCountsTheIssueAsksFor() {
        Map<String, Integer> byDecision = new HashMap<>();
        for (String[] c : cases) {
            byDecision.merge(c[3].startsWith("BLOCKED:") ? "BLOCKED" : c[3], 1, Integer::sum);
        }
        assertThat(byDecision.get("BLOCKED")).isGreaterThanOrEqualTo(300);
        assertThat(byDecision.get(EmailCorpus.NOT_BLOCKED)).isGreaterThanOrEqualTo(60);
        assertThat(byDecision.get(EmailCorpus.INVALID_EMAIL)).isGreaterThanOrEqualTo(20);
        Set<String> blockedIds = new HashSet<>();
        for (String[] c : cases) {
            if (c[3].startsWith("BLOCKED:")) {
                blockedIds.add(c[3].substring("BLOCKED:".length()));
            }
        }
        assertThat(blockedIds).hasSize(entries.size());
    }

    @Test
    void entries_haveValidIdsAndNormaliseToTheFormsTheRulesGive() {
        Map<String, EmailCorpus.Target> targets = new HashMap<>();
        for (EmailCorpus.Target t : EmailCorpus.targets()) {
            targets.put(t.id(), t);
        }
        for (String[] e : entries) {
            assertThat(e[1]).matches(ENTRY_ID);
            EmailCorpus.Target t = targets.get(e[1]);
            String got = e[2].equals("DOMAIN") ? NORMALISER.normaliseDomain(e[3]) : NORMALISER.normalise(e[3]);
            assertThat(got).as(e[1]).isEqualTo(t.canonical());
            if (e[2].equals("DOMAIN")) {
                assertThat(NORMALISER.isProviderDomain(got)).as(e[1]).isFalse();
            }
        }
    }

    @Test
    void normalise_everyCase_givesItsExpectedForm() {
        List<String> wrong = new ArrayList<>();
        for (String[] c : cases) {
            String got = show(c[1]);
            if (!got.equals(c[2])) {
                wrong.add("[" + c[1] + "] (" + c[4] + ") expected " + c[2] + " got " + got);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void referenceMatch_everyCase_givesItsStatedDecision() {
        List<String> wrong = new ArrayList<>();
        for (String[] c : cases) {
            String decision = decide(c[2]);
            if (!decision.equals(c[3])) {
                wrong.add("[" + c[1] + "] (" + c[4] + ") states " + c[3] + " but the entries give " + decision);
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** SPEC 12's matching over the corpus's entries, written out plainly. */
    private static String decide(String canonical) {
        if (canonical.equals(EmailCorpus.INVALID)) {
            return EmailCorpus.INVALID_EMAIL;
        }
        List<String> hits = new ArrayList<>();
        String domain = canonical.substring(canonical.indexOf('@') + 1);
        for (String[] e : entries) {
            boolean hit = e[2].equals("EXACT")
                    ? NORMALISER.normalise(e[3]).equals(canonical)
                    : domain.equals(NORMALISER.normaliseDomain(e[3])) || domain.endsWith("." + NORMALISER.normaliseDomain(e[3]));
            if (hit) {
                hits.add(e[1]);
            }
        }
        if (hits.size() > 1) {
            return "more than one entry " + hits;
        }
        return hits.isEmpty() ? EmailCorpus.NOT_BLOCKED : "BLOCKED:" + hits.get(0);
    }

    @Test
    void idnForms_agreeWithTheJdksIdna2003WhereTheTwoAgree() {
        assertThat(IDN.toASCII("bücher.example")).isEqualTo(EmailCorpus.BUCHER);
        assertThat(IDN.toASCII("münchen.example")).isEqualTo(EmailCorpus.MUNCHEN);
        assertThat(IDN.toASCII("пример.example")).isEqualTo(EmailCorpus.PRIMER);
        // IDNA 2003 maps ß to ss, the reason this filter uses UTS 46, which keeps faß.example apart
        assertThat(IDN.toASCII("faß.example")).isEqualTo("fass.example");
        assertThat(EmailCorpus.FASS).isNotEqualTo("fass.example");
    }

    @Test
    void corpusInputs_useOnlyReservedDomainsOrMadeUpProviderMailboxes() {
        for (String[] c : cases) {
            if (c[2].equals(EmailCorpus.INVALID)) {
                continue;
            }
            String domain = EmailNormaliser.domainOf(c[2]);
            boolean reserved = domain.matches("(.+\\.)?example\\.(org|com|net)") || domain.endsWith(".example");
            boolean madeUpAtProvider = NORMALISER.isProviderDomain(domain) && c[2].contains("victimtest");
            assertThat(reserved || madeUpAtProvider).as(c[1]).isTrue();
        }
    }
}
