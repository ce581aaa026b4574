package screening.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostcodesTest {

    @Test
    void full_correctlyTypedPostcodes_unchanged() {
        for (String p : new String[] {"Z11AA", "Z121AA", "ZZ11AA", "ZZ121AA", "Z1A1AA", "ZZ1A1AA", "ZZ99ZZ"}) {
            String want = p.substring(0, p.length() - 3) + " " + p.substring(p.length() - 3);
            assertThat(Postcodes.full(p)).as(p).isEqualTo(want);
        }
    }

    @Test
    void full_confusedCharacters_repairedByPosition() {
        assertThat(Postcodes.full("ZZ1", "OAA")).isEqualTo("ZZ1 0AA");
        assertThat(Postcodes.full("ZZS", "1AA")).isEqualTo("ZZ5 1AA");
        assertThat(Postcodes.full("ZZ1", "1A8")).isEqualTo("ZZ1 1AB");
        assertThat(Postcodes.full("ZZB", "1AA")).isEqualTo("ZZ8 1AA");
        assertThat(Postcodes.full("ZZ1", "Z5A")).isEqualTo("ZZ1 2SA");
    }

    @Test
    void full_tooManyRepairs_null() {
        assertThat(Postcodes.full("ZZIO", "IAA")).isNull();
        assertThat(Postcodes.full("HULL", "ZZ1")).isNull();
    }

    @Test
    void full_noDigitAsWritten_null() {
        assertThat(Postcodes.full("HESSLE")).isNull();
        assertThat(Postcodes.full("ZZL", "LAA")).isNull();
        assertThat(Postcodes.full("ZZL", "1AA")).isEqualTo("ZZ1 1AA");
    }

    @Test
    void full_firstCharacterADigit_null() {
        assertThat(Postcodes.full("2Z1", "1AA")).isNull();
        assertThat(Postcodes.full("12", "3AB")).isNull();
    }

    @Test
    void full_wrongLengthsOrCharacters_null() {
        assertThat(Postcodes.full("ZZ1A")).isNull();
        assertThat(Postcodes.full("ZZ1A11AA")).isNull();
        assertThat(Postcodes.full("ZZ1AAA")).isNull();
        assertThat(Postcodes.full("ZZ1", "1A")).isNull();
        assertThat(Postcodes.full("Z", "1AA")).isNull();
        assertThat(Postcodes.full("ZZ1AA", "1AA")).isNull();
        assertThat(Postcodes.full("ZZ1", "1AÄ")).isNull();
    }

    @Test
    void outward_fourthLetterRule_decidesBetweenLetterAndDigit() {
        assertThat(Postcodes.outward("ZZ1O")).isEqualTo("ZZ10");
        assertThat(Postcodes.outward("ZZ1A")).isEqualTo("ZZ1A");
        assertThat(Postcodes.outward("Z1O")).isEqualTo("Z10");
        assertThat(Postcodes.outward("Z1S")).isEqualTo("Z1S");
        assertThat(Postcodes.outward("ZZZ")).isEqualTo("ZZ2");
    }
}
