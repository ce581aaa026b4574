package screening.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AddressWordsTest {

    private static AddressWords parse(String table) throws IOException {
        return AddressWords.parse(new ByteArrayInputStream(table.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void defaults_holdTheWordsTheSpecNames() {
        AddressWords w = AddressWords.defaults();
        for (String p : new String[] {"FLAT", "APARTMENT", "APT", "UNIT", "ROOM"}) {
            assertThat(w.isPremise(p)).as(p).isTrue();
        }
        for (String s : new String[] {"STREET", "ST", "ROAD", "RD", "AVENUE", "AVE", "LANE", "LN", "CRES", "GDNS", "TERR"}) {
            assertThat(w.makesStreet(s)).as(s).isTrue();
        }
        assertThat(w.makesStreet("COURT")).isFalse();
        assertThat(w.numeral("THREE")).isEqualTo("3");
        assertThat(w.isNoise("THE")).isTrue();
    }

    @Test
    void inName_abbreviationBothSaintAndStreet_saintOnlyWhenFirst() {
        AddressWords w = AddressWords.defaults();
        assertThat(w.inName("ST", true)).isEqualTo("SAINT");
        assertThat(w.inName("ST", false)).isEqualTo("STREET");
        assertThat(w.inName("CT", false)).isEqualTo("COURT");
        assertThat(w.inName("ROSE", true)).isEqualTo("ROSE");
    }

    @Test
    void parse_commentsAndBlankLines_ignored() throws IOException {
        AddressWords w = parse("# a comment\n\npremise FLAT FLT\r\nstreet ROAD RD\n");
        assertThat(w.isPremise("FLT")).isTrue();
        assertThat(w.makesStreet("RD")).isTrue();
        assertThat(w.isPremise("UNIT")).isFalse();
    }

    @Test
    void parse_badLines_refusedNamingTheLine() {
        assertThatThrownBy(() -> parse("premise FLAT\nplace ROAD\n")).hasMessageContaining("line 2").hasMessageContaining("unknown class");
        assertThatThrownBy(() -> parse("premise Flat\n")).hasMessageContaining("line 1").hasMessageContaining("upper-case");
        assertThatThrownBy(() -> parse("numeral THREE 3\n")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> parse("street ROAD RD\nstreet RIDE RD\n")).hasMessageContaining("line 2").hasMessageContaining("already");
        assertThatThrownBy(() -> parse("premise\n")).hasMessageContaining("a class and a word");
    }
}
