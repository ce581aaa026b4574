package screening.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dialled-string corpus (see {@link DialledCorpus}) against the normaliser, the fast path
 * against the libphonenumber path on every corpus line, and the negative cases.
 */
class DialledNumberNormaliserCorpusTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static List<String[]> corpus;
    private static DialledNumberNormaliser normaliser;

    @BeforeAll
    static void load() throws IOException {
        corpus = DialledCorpus.load();
        normaliser = new DialledNumberNormaliser(DialledCorpus.PLAN);
    }

    private static String show(long key) {
        return key == CanonicalNumber.INVALID ? DialledCorpus.INVALID : CanonicalNumber.toString(key);
    }

    @Test
    void corpusFile_equalsGenerator() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(DialledCorpus.RESOURCE)) {
            String file = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(file)
                    .as("dialled-corpus.tsv is stale: rerun DialledCorpus.main from screening-core")
                    .isEqualTo(DialledCorpus.render(DialledCorpus.generate()));
        }
    }

    @Test
    void corpus_isLargeAndCoversEveryRule() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(2000);
        Set<String> rules = new HashSet<>();
        Set<String> countries = new HashSet<>();
        for (String[] line : corpus) {
            rules.add(line[2]);
            if (line[1].startsWith("+")) {
                countries.add(line[1].substring(0, 3));
            }
        }
        assertThat(rules).contains("format", "unicode-digits", "unicode-digits-mixed", "post-dial", "trailing-hash",
                "strip-prefix", "strip-stacked", "combined", "extension", "letter", "other-character", "too-long",
                "strip-without-full-number", "foreign-suffix", "short", "short+extension");
        assertThat(countries).contains("+44", "+33", "+12", "+61", "+39");
    }

    @Test
    void normalise_everyCorpusLine_givesItsExpectedForm() {
        List<String> wrong = new ArrayList<>();
        for (String[] line : corpus) {
            String got = show(normaliser.normalise(line[0]));
            if (!got.equals(line[1])) {
                wrong.add("[" + line[0] + "] (" + line[2] + ") expected " + line[1] + " got " + got);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void fastPath_everyCorpusLineItAnswers_agreesWithLibphonenumber() {
        int answered = 0;
        List<String> disagree = new ArrayList<>();
        for (String[] line : corpus) {
            long fast = normaliser.fastPath.normalise(line[0]);
            if (fast == FastPathNormaliser.NOT_HANDLED) {
                continue;
            }
            answered++;
            long slow = normaliser.libphonenumberPath.normalise(line[0]);
            if (fast != slow) {
                disagree.add("[" + line[0] + "] fast " + show(fast) + " libphonenumber " + show(slow));
            }
        }
        assertThat(disagree).isEmpty();
        assertThat(answered).as("the fast path answers the plain shapes of the corpus").isGreaterThan(1000);
    }

    @Test
    void libphonenumberPath_everyCorpusLine_givesItsExpectedForm() {
        for (String[] line : corpus) {
            assertThat(show(normaliser.libphonenumberPath.normalise(line[0]))).as(line[0]).isEqualTo(line[1]);
        }
    }

    @Test
    void normalise_foreignNumbersEndingInBlockedDigits_neverGiveTheBlockedKey() {
        Set<Long> blocked = new HashSet<>();
        for (DialledCorpus.Base b : DialledCorpus.bases()) {
            if (b.national()) {
                blocked.add(CanonicalNumber.parse(b.canonical()));
            }
        }
        int checked = 0;
        for (String[] line : corpus) {
            if (line[2].equals("foreign-suffix")) {
                assertThat(blocked).as(line[0]).doesNotContain(normaliser.normalise(line[0]));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(100);
    }

    @Test
    void normalise_neighbouringBaseNumbers_giveDistinctKeys() {
        Map<Long, String> byKey = new HashMap<>();
        for (DialledCorpus.Base b : DialledCorpus.bases()) {
            long key = normaliser.normalise(b.canonical());
            assertThat(byKey.put(key, b.canonical())).as(b.canonical()).isNull();
        }
        assertThat(normaliser.normalise("07700 900123")).isNotEqualTo(normaliser.normalise("07700 900124"));
        assertThat(normaliser.normalise("020 7946 0999")).isNotEqualTo(normaliser.normalise("020 7946 0998"));
    }

    @Test
    void corpusBaseNumbers_arePossibleAndForeignSuffixesUnassigned() throws NumberParseException {
        for (DialledCorpus.Base b : DialledCorpus.bases()) {
            assertThat(UTIL.isPossibleNumber(UTIL.parse(b.canonical(), "ZZ"))).as(b.canonical()).isTrue();
        }
        for (String[] line : corpus) {
            if (line[2].equals("foreign-suffix") && line[1].startsWith("+")) {
                assertThat(UTIL.isValidNumber(UTIL.parse(line[1], "ZZ"))).as(line[1]).isFalse();
            }
        }
    }

    @Test
    void normalise_whereLibphonenumberFindsAnExtension_isInvalid() throws NumberParseException {
        int extensions = 0;
        for (String[] line : corpus) {
            String dialled = withoutPostDialAndSendKey(line[0]);
            if (dialled.isBlank()) {
                continue;
            }
            PhoneNumber parsed;
            try {
                parsed = UTIL.parse(dialled, "GB");
            } catch (NumberParseException e) {
                continue;
            }
            if (parsed.hasExtension() && !parsed.getExtension().isEmpty()) {
                extensions++;
                assertThat(show(normaliser.normalise(line[0]))).as(line[0]).isEqualTo(DialledCorpus.INVALID);
            }
        }
        assertThat(extensions).isGreaterThan(500);
    }

    /** The string as the switch dials it: up to the first post-dial marker, one trailing '#' gone. */
    private static String withoutPostDialAndSendKey(String s) {
        int cut = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (",;pPwW".indexOf(s.charAt(i)) >= 0) {
                cut = i;
                break;
            }
        }
        String t = s.substring(0, cut).stripTrailing();
        return t.endsWith("#") ? t.substring(0, t.length() - 1) : t;
    }
}
