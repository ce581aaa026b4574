package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import screening.core.DialledNumberNormaliser;
import screening.core.EntryValidator;
import screening.core.NumberingPlan;

class PushBodyReaderTest {

    private static final EntryValidator VALIDATOR = new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));
    private static final String ENTRY = "{\"id\":\"L-1\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900777\","
            + "\"scope\":\"NATIONAL\",\"reason\":\"VICTIM_REQUEST\"}";

    private static List<PushBodyReader.Pushed> read(String body) {
        return PushBodyReader.read(body.getBytes(StandardCharsets.UTF_8), VALIDATOR, "hull-a", id -> id.equals("TAKEN") ? "national" : null);
    }

    private static Refusal refusal(String body) {
        return catchThrowableOfType(Refusal.class, () -> read(body));
    }

    @Test
    void read_oneEntry_entryWithItsKey() {
        List<PushBodyReader.Pushed> p = read(ENTRY);

        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.entry().id()).isEqualTo("L-1");
            assertThat(x.entry().number()).isEqualTo("07700 900777");
            assertThat(x.at()).isEmpty();
            assertThat(x.canonical()).isEqualTo("+447700900777");
        });
    }

    @Test
    void read_batchWithoutIds_eachGivenAnId() {
        String noId = ENTRY.replace("\"id\":\"L-1\",", "");

        List<PushBodyReader.Pushed> p = read("[" + noId + "," + noId + "]");

        assertThat(p).hasSize(2);
        assertThat(p.get(0).entry().id()).matches("hull-a-[0-9a-f]{30}").isNotEqualTo(p.get(1).entry().id());
        assertThat(p.get(1).at()).isEqualTo("entry 1: ");
    }

    @Test
    void newId_longestNode_fitsTheIdPattern() {
        String node = "n".repeat(32);

        String id = PushBodyReader.newId(node);

        assertThat(id).startsWith(node + "-").hasSize(63).matches("[A-Za-z0-9._:-]{1,64}");
        assertThat(PushBodyReader.newId(node)).isNotEqualTo(id);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON            | {"id":                                        | 400 | BAD_JSON      | the body is not valid JSON (line 1, column
            a string            | "x"                                           | 400 | INVALID_ENTRY | the body must be an entry or an array of entries
            empty array         | []                                            | 400 | INVALID_ENTRY | the array holds no entries
            array of a number   | [1]                                           | 400 | INVALID_ENTRY | entry 0: must be a JSON object
            unknown field       | {"phone":"x"}                                 | 400 | INVALID_ENTRY | phone is not an entry field
            wrong type          | {"number":1}                                  | 400 | INVALID_ENTRY | number has the wrong type or an unknown value
            filled by the filter| {"source":"national"}                         | 400 | INVALID_ENTRY | source is filled in by the filter
            invalid entry       | {"action":"BLOCK"}                            | 400 | INVALID_ENTRY | match is required
            """)
    void read_badBody_400NamingTheField(String kind, String body, int status, String code, String message) {
        Refusal r = refusal(body);

        assertThat(r.status().code()).isEqualTo(status);
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.getMessage()).startsWith(message);
    }

    @Test
    void read_idTwiceInBatchOrHeldElsewhere_409() {
        Refusal twice = refusal("[" + ENTRY + "," + ENTRY + "]");
        Refusal taken = refusal(ENTRY.replace("L-1", "TAKEN"));

        assertThat(twice.status().code()).isEqualTo(409);
        assertThat(twice.getMessage()).isEqualTo("entry 1: id L-1 appears twice in this batch");
        assertThat(taken.code()).isEqualTo("DUPLICATE_ID");
        assertThat(taken.getMessage()).isEqualTo("id TAKEN already exists (source national)");
    }
}
