package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import screening.core.Action;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.NumberingPlan;
import screening.core.Scope;

class EntryCsvTest {

    private static final String HEADER = "id,action,match,number,scope\n";

    private final EntryValidator validator = new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));

    @Test
    void parse_plainRows_givesEntriesInRowOrder() throws Exception {
        List<Entry> entries = parse(HEADER + "A-1,BLOCK,EXACT,07700 900123,NATIONAL\nA-2,ALLOW,EXACT,+441134960001,NATIONAL\n");

        assertThat(entries).extracting(Entry::id).containsExactly("A-1", "A-2");
        assertThat(entries.get(0).number()).isEqualTo("07700 900123");
        assertThat(entries.get(1).action()).isEqualTo(Action.ALLOW);
    }

    @Test
    void parse_quotedCells_holdCommasDoubledQuotesAndLineBreaks() throws Exception {
        List<Entry> entries = parse("id,action,match,number,scope,note\n"
                + "A-1,BLOCK,EXACT,\"+44 20 7946 0789\",NATIONAL,\"a, \"\"b\"\"\nc\"\n"
                + "\"A-2\",BLOCK,EXACT,07700 900124,NATIONAL,\"\"\n");

        assertThat(entries.get(0).number()).isEqualTo("+44 20 7946 0789");
        assertThat(entries.get(0).note()).isEqualTo("a, \"b\"\nc");
        assertThat(entries.get(1).id()).isEqualTo("A-2");
        assertThat(entries.get(1).note()).isNull();
    }

    @Test
    void parse_crlfByteOrderMarkAndBlankLines_readAsPlainRows() throws Exception {
        List<Entry> entries = parse("\uFEFF" + HEADER.replace("\n", "\r\n")
                + "A-1,BLOCK,EXACT,07700 900123,NATIONAL\r\n\r\n\nA-2,BLOCK,EXACT,07700 900124,NATIONAL");

        assertThat(entries).extracting(Entry::id).containsExactly("A-1", "A-2");
    }

    @Test
    void parse_columnsInAnyOrderAndLooseEnumSpelling_accepted() throws Exception {
        List<Entry> entries = parse(" scope ,number,match,action,id,validFrom\n"
                + "national,07700 900123,exact, block ,A-1, 2026-11-28T12:00:00Z\n");

        assertThat(entries.get(0).scope()).isEqualTo(Scope.NATIONAL);
        assertThat(entries.get(0).action()).isEqualTo(Action.BLOCK);
        assertThat(entries.get(0).validFrom()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
    }

    @Test
    void parse_headerProblems_refusedOnLineOne() {
        assertRefused("", "line 1: no header row (expected column names such as id,action,match,number,scope,"
                + "establishment,pin,validFrom,validUntil,reason,reference,note,email,address)");
        assertRefused("id,colour\n", "line 1: unknown column 'colour' (allowed: id,action,match,number,scope,"
                + "establishment,pin,validFrom,validUntil,reason,reference,note,email,address)");
        assertRefused("id,action,id\n", "line 1: column 'id' appears twice");
    }

    @Test
    void parse_quotingProblems_refusedNamingTheLine() {
        assertRefused(HEADER + "A-1,BLOCK,EXACT,07700 900123,NATIONAL\n\"A-2,BLOCK\n", "line 3: a quoted cell is never closed");
        assertRefused(HEADER + "\"A-1\"x,BLOCK,EXACT,07700 900123,NATIONAL\n",
                "line 2: text after a closing quote (a quote inside a cell must be doubled)");
        assertRefused(HEADER + "\"A-1\" ,BLOCK,EXACT,07700 900123,NATIONAL\n",
                "line 2: text after a closing quote (a quote inside a cell must be doubled)");
        assertRefused(HEADER + "A-1,BLOCK,EXACT,\"a\nb\" ,NATIONAL\n",
                "line 3: text after a closing quote (a quote inside a cell must be doubled)");
        assertRefused(HEADER + "A-1,BLOCK,EXACT,07700 900123,\"\"\t\n",
                "line 2: text after a closing quote (a quote inside a cell must be doubled)");
        assertRefused(HEADER + "A\"1,BLOCK,EXACT,07700 900123,NATIONAL\n",
                "line 2: a quote inside an unquoted cell (quote the whole cell and double the quote)");
    }

    @Test
    void parse_rowProblems_refusedNamingTheLineWhereTheRowStarts() {
        assertRefused("id,action,match,number,scope,note\n\"A-1\",BLOCK,EXACT,07700 900123,NATIONAL,\"two\nlines\"\n"
                + "A-2,BLOCK,EXACT,07700 900124\n", "line 4: has 4 cells but the header names 6 columns");
        assertRefused(HEADER + "A-1,BLOK,EXACT,07700 900123,NATIONAL\n", "line 2: action must be one of BLOCK, ALLOW");
        assertRefused(HEADER + "A-1,BLOCK,EXACT,07700 9OO123,NATIONAL\n", "line 2: number does not normalise");
        assertRefused(HEADER + "A-1,BLOCK,EXACT,07700 900123,NATIONAL\nA-1,BLOCK,EXACT,07700 900124,NATIONAL\n",
                "line 3: id duplicates");
    }

    private List<Entry> parse(String csv) throws EntryCsv.InvalidRowException {
        return EntryCsv.parse(csv, "national", validator);
    }

    private void assertRefused(String csv, String message) {
        assertThatThrownBy(() -> parse(csv)).isInstanceOf(EntryCsv.InvalidRowException.class)
                .hasMessageStartingWith(message).hasMessageNotContaining("9OO123");
    }

    @Test
    void rows_badRows_eachKeptWithItsLineAndFieldAndReadingGoesOn() {
        List<EntryCsv.Row> rows = EntryCsv.rows(HEADER
                + "A-1,BLOCK,EXACT,07700 900123,NATIONAL\n"
                + "A-2,BLOCK,SIDEWAYS,07700 900124,NATIONAL\n"
                + "A-3,BLOCK,EXACT,07700 900125\n"
                + "A-4,BLOCK,EXACT,07700 900126,NATIONAL\n");

        assertThat(rows).extracting(EntryCsv.Row::line).containsExactly(2, 3, 4, 5);
        assertThat(rows.get(0).failed()).isFalse();
        assertThat(rows.get(0).entry().id()).isEqualTo("A-1");
        assertThat(rows.get(1).field()).isEqualTo("match");
        assertThat(rows.get(1).error()).startsWith("match must be one of");
        assertThat(rows.get(2).field()).isNull();
        assertThat(rows.get(2).error()).contains("4 cells");
        assertThat(rows.get(3).entry().id()).isEqualTo("A-4");
    }

    @Test
    void rows_unclosedQuote_keepsTheRowsBeforeAndEndsWithTheFault() {
        List<EntryCsv.Row> rows = EntryCsv.rows(HEADER
                + "A-1,BLOCK,EXACT,07700 900123,NATIONAL\n"
                + "A-2,BLOCK,EXACT,\"07700 900124,NATIONAL\n");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).entry().id()).isEqualTo("A-1");
        assertThat(rows.get(1).line()).isEqualTo(3);
        assertThat(rows.get(1).error()).contains("never closed");
    }

    @Test
    void rows_badHeader_isTheOnlyRow() {
        List<EntryCsv.Row> rows = EntryCsv.rows("id,colour\nA-1,red\n");

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(1);
            assertThat(r.error()).startsWith("unknown column 'colour'");
        });
        assertThat(EntryCsv.rows("")).singleElement().satisfies(r -> assertThat(r.error()).startsWith("no header row"));
    }

    @Test
    void parse_validationErrorBeforeAQuotingFault_namesTheEarlierLine() {
        assertThatThrownBy(() -> parse(HEADER + "A-1,BLOCK,EXACT,not a number,NATIONAL\n"
                + "A-2,BLOCK,EXACT,\"07700 900124,NATIONAL\n"))
                .isInstanceOf(EntryCsv.InvalidRowException.class).hasMessageStartingWith("line 2: number");
    }
}
