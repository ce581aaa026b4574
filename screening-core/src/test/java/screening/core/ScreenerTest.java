package screening.core;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.core.TestEntries.T0;
import static screening.core.TestEntries.allowPin;
import static screening.core.TestEntries.blockEstablishment;
import static screening.core.TestEntries.blockNational;
import static screening.core.TestEntries.blockPin;
import static screening.core.TestEntries.blockPrefix;
import static screening.core.TestEntries.entry;
import static screening.core.TestEntries.index;
import static screening.core.TestEntries.key;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScreenerTest {

    private static final String VICTIM = "+447700900123";
    private static final String OTHER = "+447700900456";

    private final TestEntries.SettableClock clock = new TestEntries.SettableClock(T0);
    private final Verdict out = new Verdict();

    private Screener screener(Mode mode, boolean failClosed, EntryIndex... indexes) {
        Screener s = new Screener(new ScreeningPolicy(mode, failClosed), TestEntries.NORMALISER, clock);
        if (indexes.length > 0) {
            s.publish(Snapshot.of(42, List.of(indexes)));
        }
        return s;
    }

    private Screener blocklist(Entry... entries) {
        return screener(Mode.BLOCKLIST, true, index("local", entries));
    }

    private Screener allowlist(Entry... entries) {
        return screener(Mode.ALLOWLIST, true, index("local", entries));
    }

    private void assertVerdict(Decision decision, Reason reason, String ref) {
        assertThat(out.decision()).isEqualTo(decision);
        assertThat(out.reason()).isEqualTo(reason);
        assertThat(out.ref()).isEqualTo(ref);
    }

    // rule 1

    @Test
    void screen_noSnapshotFailClosed_deniesUnavailable() {
        screener(Mode.BLOCKLIST, true).screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.UNAVAILABLE, null);
        assertThat(out.version()).isEqualTo(Verdict.NO_VERSION);
        assertThat(out.number()).isEqualTo(CanonicalNumber.INVALID);
    }

    @Test
    void screen_noSnapshotFailOpen_allowsUnavailable() {
        screener(Mode.BLOCKLIST, false).screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.UNAVAILABLE, null);
        assertThat(out.version()).isEqualTo(Verdict.NO_VERSION);
    }

    @Test
    void screen_noSnapshotInvalidNumber_stillUnavailable() {
        screener(Mode.BLOCKLIST, true).screen("1001", "HULL", "not a number", out);
        assertVerdict(Decision.DENY, Reason.UNAVAILABLE, null);
    }

    // rule 2

    @Test
    void screen_unparseableNumber_deniesInvalidNumber() {
        blocklist(blockNational("b1", VICTIM)).screen("1001", "HULL", "07700 9001x3", out);
        assertVerdict(Decision.DENY, Reason.INVALID_NUMBER, null);
        assertThat(out.number()).isEqualTo(CanonicalNumber.INVALID);
        assertThat(out.version()).isEqualTo(42);
    }

    @Test
    void screen_invalidNumberInAllowlist_deniesInvalidNumberNotNotApproved() {
        allowlist(allowPin("a1", VICTIM, "1001", null)).screen("1001", "HULL", "", out);
        assertVerdict(Decision.DENY, Reason.INVALID_NUMBER, null);
    }

    // rule 3

    @Test
    void screen_nationalBlock_deniesBlockedWithRef() {
        blocklist(blockNational("SPC-2026-000123", VICTIM)).screen("1001", "HULL", "07700 900123", out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "SPC-2026-000123");
        assertThat(out.number()).isEqualTo(key(VICTIM));
        assertThat(out.version()).isEqualTo(42);
    }

    @Test
    void screen_nationalBlock_blocksEveryEstablishmentAndPin() {
        Screener s = blocklist(blockNational("b1", VICTIM));
        for (String est : List.of("HULL", "LEEDS", "WAKEFLD")) {
            for (String pin : List.of("1001", "2002")) {
                s.screen(pin, est, VICTIM, out);
                assertVerdict(Decision.DENY, Reason.BLOCKED, "b1");
            }
        }
    }

    @Test
    void screen_blockedNumberInOtherFormat_denies() {
        Screener s = blocklist(blockNational("b1", "0113 496 0123"));
        for (String dialled : List.of("01134960123", "+441134960123", "00441134960123", "0113-496-0123", "(0113) 496 0123")) {
            s.screen("1001", "HULL", dialled, out);
            assertVerdict(Decision.DENY, Reason.BLOCKED, "b1");
        }
    }

    @Test
    void screen_neighbouringNumber_allows() {
        Screener s = blocklist(blockNational("b1", VICTIM));
        s.screen("1001", "HULL", "+447700900124", out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
        s.screen("1001", "HULL", "+447700900122", out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
    }

    @Test
    void screen_establishmentBlock_blocksEveryPinThere() {
        Screener s = blocklist(blockEstablishment("e1", VICTIM, "HULL"));
        for (String pin : List.of("1001", "2002", "ABC-9")) {
            s.screen(pin, "HULL", VICTIM, out);
            assertVerdict(Decision.DENY, Reason.BLOCKED, "e1");
        }
    }

    @Test
    void screen_blockedAtOtherEstablishment_allows() {
        Screener s = blocklist(blockEstablishment("e1", VICTIM, "HULL"));
        for (String pin : List.of("1001", "2002")) {
            s.screen(pin, "LEEDS", VICTIM, out);
            assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
        }
    }

    @Test
    void screen_nullEstablishment_establishmentBlockDoesNotApplyButNationalDoes() {
        Screener s = blocklist(blockEstablishment("e1", VICTIM, "HULL"), blockNational("n1", OTHER));
        s.screen("1001", null, VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
        s.screen("1001", null, OTHER, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "n1");
    }

    @Test
    void screen_pinBlockWithoutEstablishment_blocksThatPinAnywhereOnly() {
        Screener s = blocklist(blockPin("p1", VICTIM, "1001", null));
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "p1");
        s.screen("1001", "LEEDS", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "p1");
        s.screen("1002", "HULL", VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
        s.screen("10011", "HULL", VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
    }

    @Test
    void screen_pinBlockWithEstablishment_blocksThatPinThereOnly() {
        Screener s = blocklist(blockPin("p1", VICTIM, "1001", "HULL"));
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "p1");
        s.screen("1001", "LEEDS", VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
        s.screen("1002", "HULL", VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
    }

    @Test
    void screen_samePinBlockedAtTwoEstablishments_eachAppliesOnlyThere() {
        Screener s = blocklist(blockPin("p1", VICTIM, "1001", "HULL"), blockPin("p2", VICTIM, "1001", "LEEDS"));
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "p1");
        s.screen("1001", "LEEDS", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "p2");
        s.screen("1001", "WAKEFLD", VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
    }

    @Test
    void screen_blockWinsOverAllowSameScope_denies() {
        Screener s = allowlist(allowPin("a1", VICTIM, "1001", null), blockPin("p1", VICTIM, "1001", null));
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "p1");
    }

    @Test
    void screen_establishmentBlockWinsOverPinAllow_denies() {
        Screener s = allowlist(allowPin("a1", VICTIM, "1001", "HULL"), blockEstablishment("e1", VICTIM, "HULL"));
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "e1");
    }

    @Test
    void screen_blockInOneSourceAllowInAnother_denies() {
        EntryIndex local = index("local", allowPin("a1", VICTIM, "1001", null));
        EntryIndex national = index("national", blockEstablishment("SPC-1", VICTIM, "HULL"));
        screener(Mode.ALLOWLIST, true, local, national).screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "SPC-1");
    }

    @Test
    void screen_sameKeyInTwoSources_firstSourceRefAndEitherBlocks() {
        EntryIndex local = index("local", blockNational("L-1", VICTIM));
        EntryIndex national = index("national", blockNational("N-1", "07700 900123"), blockNational("N-2", OTHER));
        Screener s = screener(Mode.BLOCKLIST, true, local, national);
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "L-1");
        s.screen("1001", "HULL", OTHER, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "N-2");
        screener(Mode.BLOCKLIST, true, national, local).screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "N-1");
    }

    // rule 4

    @Test
    void screen_allowlistWithApplicableAllow_allowsApproved() {
        allowlist(allowPin("a1", VICTIM, "1001", null)).screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.APPROVED, null);
        assertThat(out.number()).isEqualTo(key(VICTIM));
    }

    @Test
    void screen_allowlistAllowForOtherPin_deniesNotApproved() {
        allowlist(allowPin("a1", VICTIM, "1001", null)).screen("1002", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.NOT_APPROVED, null);
    }

    @Test
    void screen_allowlistAllowForOtherNumber_deniesNotApproved() {
        allowlist(allowPin("a1", VICTIM, "1001", null)).screen("1001", "HULL", OTHER, out);
        assertVerdict(Decision.DENY, Reason.NOT_APPROVED, null);
    }

    @Test
    void screen_allowlistNationalHelplineAllow_approvesEveryPin() {
        Entry helpline = entry("h1", Action.ALLOW, MatchType.EXACT, "020 7946 0999", Scope.NATIONAL, null, null, null, null);
        Screener s = allowlist(helpline);
        s.screen("1001", "HULL", "02079460999", out);
        assertVerdict(Decision.ALLOW, Reason.APPROVED, null);
        s.screen("7777", "LEEDS", "+442079460999", out);
        assertVerdict(Decision.ALLOW, Reason.APPROVED, null);
    }

    @Test
    void screen_allowlistAllowInSecondSource_approves() {
        EntryIndex local = index("local", blockNational("b1", OTHER));
        EntryIndex national = index("national", allowPin("a1", VICTIM, "1001", "HULL"));
        screener(Mode.ALLOWLIST, true, local, national).screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.APPROVED, null);
    }

    @Test
    void screen_allowlistManyPinsShareOneNumber_eachPinApproved() {
        EntryIndex.Builder b = EntryIndex.builder("local", TestEntries.VALIDATOR);
        for (int pin = 0; pin < 500; pin++) {
            b.add(allowPin("a" + pin, "+441134960000", "P" + pin, "HULL"));
        }
        Screener s = screener(Mode.ALLOWLIST, true, b.build());
        for (int pin = 0; pin < 500; pin++) {
            s.screen("P" + pin, "HULL", "01134960000", out);
            assertVerdict(Decision.ALLOW, Reason.APPROVED, null);
        }
        s.screen("P500", "HULL", "01134960000", out);
        assertVerdict(Decision.DENY, Reason.NOT_APPROVED, null);
        s.screen("P1", "LEEDS", "01134960000", out);
        assertVerdict(Decision.DENY, Reason.NOT_APPROVED, null);
    }

    // rule 5

    @Test
    void screen_blocklistNoBlock_allowsNotBlocked() {
        blocklist(blockNational("b1", OTHER)).screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
        assertThat(out.number()).isEqualTo(key(VICTIM));
        assertThat(out.version()).isEqualTo(42);
    }

    @Test
    void screen_blocklistIgnoresAllowEntries_allowsNotBlocked() {
        blocklist(allowPin("a1", VICTIM, "1001", null)).screen("1002", "HULL", VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
    }

    @Test
    void screen_emptySnapshot_allowsNotBlocked() {
        screener(Mode.BLOCKLIST, true, EntryIndex.empty("local")).screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
    }

    // prefix and validity through the screener

    @Test
    void screen_prefixBlock_blocksRangeNotNeighbours() {
        Screener s = blocklist(blockPrefix("r1", "+4477009001"));
        s.screen("1001", "HULL", "07700 900100", out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "r1");
        s.screen("1001", "HULL", "07700 900199", out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "r1");
        s.screen("1001", "HULL", "07700 900099", out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
        s.screen("1001", "HULL", "07700 900200", out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
    }

    @Test
    void screen_windowEdges_fromInclusiveUntilExclusive() {
        Instant from = T0.plus(Duration.ofHours(1));
        Instant until = T0.plus(Duration.ofHours(2));
        Screener s = blocklist(entry("w1", Action.BLOCK, MatchType.EXACT, VICTIM, Scope.NATIONAL, null, null, from, until));
        clock.set(from.minusMillis(1));
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
        clock.set(from);
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "w1");
        clock.set(until.minusMillis(1));
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "w1");
        clock.set(until);
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
    }

    @Test
    void screen_allowExpiredInAllowlist_deniesNotApproved() {
        Entry expired = entry("a1", Action.ALLOW, MatchType.EXACT, VICTIM, Scope.PIN, null, "1001", null, T0);
        allowlist(expired).screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.NOT_APPROVED, null);
    }

    @Test
    void screen_publishNewSnapshot_nextCallSeesIt() {
        Screener s = blocklist();
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
        s.publish(Snapshot.of(43, List.of(index("local", blockNational("b1", VICTIM)))));
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "b1");
        assertThat(out.version()).isEqualTo(43);
        assertThat(s.current().version()).isEqualTo(43);
    }

    // decide: the same rules on a number already normalised

    @Test
    void decide_noSnapshot_answersUnavailableEvenForInvalidKey() {
        Screener s = screener(Mode.BLOCKLIST, true);
        s.decide("1001", "HULL", key(VICTIM), out);
        assertVerdict(Decision.DENY, Reason.UNAVAILABLE, null);
        s.decide("1001", "HULL", CanonicalNumber.INVALID, out);
        assertVerdict(Decision.DENY, Reason.UNAVAILABLE, null);
        assertThat(out.version()).isEqualTo(Verdict.NO_VERSION);
    }

    @Test
    void decide_invalidKey_deniesInvalidNumber() {
        blocklist(blockNational("b1", VICTIM)).decide("1001", "HULL", CanonicalNumber.INVALID, out);
        assertVerdict(Decision.DENY, Reason.INVALID_NUMBER, null);
        assertThat(out.number()).isEqualTo(CanonicalNumber.INVALID);
        assertThat(out.version()).isEqualTo(42);
    }

    @Test
    void decide_negativeKeyOtherThanInvalid_throwsNamingKey() {
        Screener s = blocklist(blockNational("b1", VICTIM));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.decide("1001", "HULL", -2L, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
    }

    @Test
    void decide_nationalBlock_deniesBlockedWithRef() {
        blocklist(blockNational("b1", VICTIM)).decide("1001", "HULL", key(VICTIM), out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "b1");
        assertThat(out.number()).isEqualTo(key(VICTIM));
        assertThat(out.version()).isEqualTo(42);
    }

    @Test
    void decide_neighbouringKey_allowsNotBlocked() {
        blocklist(blockNational("b1", VICTIM)).decide("1001", "HULL", key(OTHER), out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
        assertThat(out.number()).isEqualTo(key(OTHER));
    }

    @Test
    void decide_prefixBlock_blocksKeyInRange() {
        blocklist(blockPrefix("p1", "+4477009001")).decide("1001", "HULL", key("+447700900150"), out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "p1");
    }

    @Test
    void decide_pinBlockAtEstablishment_blocksThatPinThereOnly() {
        Screener s = blocklist(blockPin("b1", VICTIM, "1001", "HULL"));
        s.decide("1001", "HULL", key(VICTIM), out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "b1");
        s.decide("1001", "LEEDS", key(VICTIM), out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
        s.decide(null, "HULL", key(VICTIM), out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
    }

    @Test
    void decide_allowlistPinAllow_approvesThatPinOnly() {
        Screener s = allowlist(allowPin("a1", VICTIM, "1001", null));
        s.decide("1001", "HULL", key(VICTIM), out);
        assertVerdict(Decision.ALLOW, Reason.APPROVED, null);
        s.decide("1002", "HULL", key(VICTIM), out);
        assertVerdict(Decision.DENY, Reason.NOT_APPROVED, null);
    }

    // the verdict's ref is read lazily from the deciding entries

    @Test
    void screen_twoBlocksInARow_refNamesEachDecidingEntry() {
        Screener s = blocklist(blockNational("b1", VICTIM), blockNational("b2", OTHER));
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "b1");
        s.screen("1001", "HULL", OTHER, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "b2");
    }

    @Test
    void screen_blockThenAllowSameSnapshot_refNull() {
        Screener s = blocklist(blockNational("b1", VICTIM));
        s.screen("1001", "HULL", VICTIM, out);
        s.screen("1001", "HULL", OTHER, out);
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "b1");
    }

    @Test
    void screen_blockedThenNewSnapshotPublished_refStillNamesDecidingEntry() {
        Screener s = blocklist(blockNational("b1", VICTIM));
        s.screen("1001", "HULL", VICTIM, out);
        s.publish(Snapshot.of(43, List.of(index("local", blockNational("b9", VICTIM)))));
        // the verdict describes the answer of snapshot 42 until it is written again
        assertVerdict(Decision.DENY, Reason.BLOCKED, "b1");
        s.screen("1001", "HULL", VICTIM, out);
        assertVerdict(Decision.DENY, Reason.BLOCKED, "b9");
    }

    @Test
    void screen_answerFromNewerSnapshot_dropsOldSnapshotsEntries() {
        Screener s = blocklist(blockNational("b1", VICTIM));
        s.screen("1001", "HULL", VICTIM, out);
        assertThat(out.refIds).isNotNull();
        s.screen("1001", "HULL", OTHER, out);
        assertThat(out.refIds).as("same snapshot: kept, so the next block stores nothing").isNotNull();
        s.publish(Snapshot.of(43, List.of(index("local", blockNational("b1", VICTIM)))));
        s.screen("1001", "HULL", OTHER, out);
        assertThat(out.refIds).as("an answer from snapshot 43 must not keep 42's entries reachable").isNull();
        assertVerdict(Decision.ALLOW, Reason.NOT_BLOCKED, null);
    }
}
