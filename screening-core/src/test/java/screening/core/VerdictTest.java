package screening.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictTest {

    private static final long KEY = TestEntries.key("+447700900123");
    private static final String[] ENTRIES = {"b0", "b1"};

    @Test
    void ref_newVerdict_isNull() {
        Verdict v = new Verdict();
        assertThat(v.ref()).isNull();
        assertThat(v.number()).isEqualTo(CanonicalNumber.INVALID);
        assertThat(v.version()).isEqualTo(Verdict.NO_VERSION);
    }

    @Test
    void ref_blocked_readsIdOfDecidingOrdinal() {
        Verdict v = new Verdict();
        v.blocked(ENTRIES, 1, KEY, 5);
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reason()).isEqualTo(Reason.BLOCKED);
        assertThat(v.ref()).isEqualTo("b1");
        v.blocked(ENTRIES, 0, KEY, 5);
        assertThat(v.ref()).isEqualTo("b0");
    }

    @Test
    void ref_otherAnswerAfterBlocked_isNull() {
        Verdict v = new Verdict();
        v.blocked(ENTRIES, 1, KEY, 5);
        v.answer(Decision.ALLOW, Reason.NOT_BLOCKED, KEY, 5);
        assertThat(v.ref()).isNull();
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void answer_sameVersion_keepsEntriesOtherVersionDropsThem() {
        Verdict v = new Verdict();
        v.blocked(ENTRIES, 1, KEY, 5);
        v.answer(Decision.ALLOW, Reason.NOT_BLOCKED, KEY, 5);
        assertThat(v.refIds).isSameAs(ENTRIES);
        v.answer(Decision.ALLOW, Reason.NOT_BLOCKED, KEY, 6);
        assertThat(v.refIds).isNull();
        v.blocked(ENTRIES, 0, KEY, 6);
        v.answer(Decision.DENY, Reason.UNAVAILABLE, CanonicalNumber.INVALID, Verdict.NO_VERSION);
        assertThat(v.refIds).isNull();
    }

    @Test
    void forgetRef_afterBlocked_dropsEntriesKeepsDecision() {
        Verdict v = new Verdict();
        v.blocked(ENTRIES, 1, KEY, 5);
        v.forgetRef();
        assertThat(v.refIds).isNull();
        assertThat(v.ref()).isNull();
        assertThat(v.reason()).isEqualTo(Reason.BLOCKED);
        assertThat(v.number()).isEqualTo(KEY);
    }

    @Test
    void toString_blocked_namesRefAndMasksNumber() {
        Verdict v = new Verdict();
        v.blocked(ENTRIES, 1, KEY, 5);
        assertThat(v.toString()).isEqualTo("DENY BLOCKED ref=b1 number=+4477009***** version=5");
        assertThat(v.toString()).doesNotContain("900123");
    }

    @Test
    void toString_notBlocked_hasNoRef() {
        Verdict v = new Verdict();
        v.blocked(ENTRIES, 1, KEY, 5);
        v.answer(Decision.ALLOW, Reason.NOT_BLOCKED, KEY, 5);
        assertThat(v.toString()).isEqualTo("ALLOW NOT_BLOCKED number=+4477009***** version=5");
    }
}
