package screening.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
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
 * The postal address corpus (see {@link AddressCorpus}) against the normaliser: every case reads
 * as its expected canonical form, and SPEC section 12's matching over the normalised entries gives
 * every case its expected decision.
 */
class PostalAddressNormaliserCorpusTest {

    private static final Pattern ENTRY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final PostalAddressNormaliser NORMALISER = new PostalAddressNormaliser();
    private static List<String[]> entries;
    private static List<String[]> cases;

    @BeforeAll
    static void load() throws IOException {
        entries = new ArrayList<>();
        cases = new ArrayList<>();
        for (String[] row : AddressCorpus.load()) {
            (row[0].equals("ENTRY") ? entries : cases).add(row);
        }
    }

    private static String read(String input) {
        try {
            return NORMALISER.normalise(input).canonical();
        } catch (NotNormalisableException e) {
            return AddressCorpus.INVALID;
        }
    }

    @Test
    void corpusFile_equalsGenerator() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(AddressCorpus.RESOURCE)) {
            String file = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(file)
                    .as("address-corpus.tsv is stale: rerun AddressCorpus.main from screening-core")
                    .isEqualTo(AddressCorpus.render());
        }
    }

    @Test
    void corpus_hasEnoughOfEachDecision() {
        Map<String, Integer> byDecision = new HashMap<>();
        Set<String> blockedEntries = new HashSet<>();
        for (String[] c : cases) {
            String d = c[3].startsWith("BLOCKED:") ? "BLOCKED" : c[3];
            byDecision.merge(d, 1, Integer::sum);
            if (d.equals("BLOCKED")) {
                blockedEntries.add(c[3].substring("BLOCKED:".length()));
            }
        }
        assertThat(byDecision.get("BLOCKED")).isGreaterThanOrEqualTo(300);
        assertThat(byDecision.get(AddressCorpus.NOT_BLOCKED)).isGreaterThanOrEqualTo(60);
        assertThat(byDecision.get(AddressCorpus.INVALID_ADDRESS)).isGreaterThanOrEqualTo(10);
        assertThat(blockedEntries).hasSize(entries.size());
    }

    @Test
    void corpusRows_wellFormed() {
        for (String[] e : entries) {
            assertThat(e[1]).matches(ENTRY_ID);
            assertThat(e[2]).isIn("EXACT", "POSTCODE");
        }
        for (String[] c : cases) {
            assertThat(c[1]).as("single line").doesNotContain("\n", "\r", "\t");
            assertThat(c[3]).matches("BLOCKED:" + ENTRY_ID.pattern() + "|NOT_BLOCKED|INVALID_ADDRESS");
            assertThat(c[3].equals(AddressCorpus.INVALID_ADDRESS)).isEqualTo(c[2].equals(AddressCorpus.INVALID));
            assertThat(c[2]).matches("INVALID|ZZ[0-9][0-9A-Z]? [0-9][A-Z]{2}\\|[^|]+\\|[0-9A-Z]*");
        }
    }

    @Test
    void corpusAbbreviations_areTheWordTables() {
        Map<String, String> table = AddressWords.defaults().streetSpellings();
        AddressCorpus.ABBREVIATIONS.forEach((full, spellings) -> {
            for (String s : spellings) {
                assertThat(table.get(s.replace(".", "").toUpperCase(java.util.Locale.ROOT))).as(s)
                        .isEqualTo(full.toUpperCase(java.util.Locale.ROOT));
            }
        });
    }

    @Test
    void normalise_everyEntry_givesItsPartsCanonicalForm() {
        Map<String, AddressCorpus.EntryRow> byId = new HashMap<>();
        AddressCorpus.entries().forEach(e -> byId.put(e.id(), e));
        for (String[] e : entries) {
            AddressCorpus.EntryRow row = byId.get(e[1]);
            if (e[2].equals("POSTCODE")) {
                assertThat(NORMALISER.normalisePostcode(e[3])).as(e[1]).isEqualTo(row.address().postcode());
            } else {
                assertThat(read(e[3])).as(e[1]).isEqualTo(row.address().canonical());
            }
        }
    }

    @Test
    void normalise_everyCase_givesItsExpectedForm() {
        List<String> wrong = new ArrayList<>();
        for (String[] c : cases) {
            String got = read(c[1]);
            if (!got.equals(c[2])) {
                wrong.add("[" + c[1] + "] (" + c[4] + ") expected " + c[2] + " got " + got);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void matching_normalisedEntriesAndCases_giveEveryExpectedDecision() {
        List<String> wrong = new ArrayList<>();
        for (String[] c : cases) {
            String got = decide(read(c[1]));
            if (!got.equals(c[3])) {
                wrong.add("[" + c[1] + "] (" + c[4] + ") expected " + c[3] + " got " + got);
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** SPEC section 12's matching over the entries as the normaliser reads them. */
    private static String decide(String canonical) {
        if (canonical.equals(AddressCorpus.INVALID)) {
            return AddressCorpus.INVALID_ADDRESS;
        }
        String[] q = canonical.split("\\|", -1);
        for (String[] e : entries) {
            if (e[2].equals("POSTCODE")) {
                if (NORMALISER.normalisePostcode(e[3]).equals(q[0])) {
                    return "BLOCKED:" + e[1];
                }
                continue;
            }
            PostalAddress a = NORMALISER.normalise(e[3]);
            if (a.postcode().equals(q[0]) && a.building().equals(q[1])
                    && (a.subPremise().equals(q[2]) || a.subPremise().isEmpty() || q[2].isEmpty())) {
                return "BLOCKED:" + e[1];
            }
        }
        return AddressCorpus.NOT_BLOCKED;
    }
}
