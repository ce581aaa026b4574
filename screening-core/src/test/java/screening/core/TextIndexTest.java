package screening.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * E-mail and postal address entries through the index and the screener (SPEC section 12):
 * EXACT and DOMAIN / POSTCODE matching, scopes, windows, modes, and the telephone tables left
 * alone.
 */
class TextIndexTest {

    private static final TestEntries.SettableClock CLOCK = new TestEntries.SettableClock(TestEntries.T0);

    private static Entry email(String id, Action action, MatchType match, String email, Scope scope, String est,
            String pin, Instant from, Instant until) {
        return new Entry(id, action, match, null, scope, est, pin, from, until, "VICTIM_REQUEST", "SPC-TEST", null,
                null, null, null, email, null);
    }

    private static Entry address(String id, MatchType match, String address) {
        return new Entry(id, Action.BLOCK, match, null, Scope.NATIONAL, null, null, null, null, "VICTIM_REQUEST",
                "SPC-TEST", null, null, null, null, null, address);
    }

    private static Entry blockEmail(String id, MatchType match, String value) {
        return email(id, Action.BLOCK, match, value, Scope.NATIONAL, null, null, null, null);
    }

    private static Screener screener(Mode mode, EntryIndex... indexes) {
        Screener s = new Screener(new ScreeningPolicy(mode, true), TestEntries.NORMALISER, CLOCK);
        s.publish(Snapshot.of(9, List.of(indexes)));
        return s;
    }

    private static String ask(Screener s, Channel c, String pin, String est, String text) {
        Verdict v = new Verdict();
        s.screenText(c, pin, est, text, v);
        return v.decision() + " " + v.reason() + (v.ref() != null ? ":" + v.ref() : "") + " " + v.text();
    }

    @Test
    void screenText_exactEmail_variantsOfTheMailboxBlocked() {
        Screener s = screener(Mode.BLOCKLIST, TestEntries.index("local",
                blockEmail("E1", MatchType.EXACT, "Jane.Doe@Example.org")));

        assertThat(ask(s, Channel.EMAIL, "1234", "HULL", "mailto:JANE.DOE+letters@example.org."))
                .isEqualTo("DENY BLOCKED:E1 jane.doe@example.org");
        assertThat(ask(s, Channel.EMAIL, "1234", "HULL", "Jane <jane.doe@EXAMPLE.org>"))
                .isEqualTo("DENY BLOCKED:E1 jane.doe@example.org");
        assertThat(ask(s, Channel.EMAIL, "1234", "HULL", "john.doe@example.org"))
                .isEqualTo("ALLOW NOT_BLOCKED john.doe@example.org");
    }

    @Test
    void screenText_domainEntry_blocksDomainAndSubdomainsNotParentOrLookalike() {
        Screener s = screener(Mode.BLOCKLIST, TestEntries.index("local",
                blockEmail("D1", MatchType.DOMAIN, "smith.example.org")));

        assertThat(ask(s, Channel.EMAIL, "1", "HULL", "anyone@smith.example.org")).startsWith("DENY BLOCKED:D1");
        assertThat(ask(s, Channel.EMAIL, "1", "HULL", "anyone@mail.smith.example.org")).startsWith("DENY BLOCKED:D1");
        assertThat(ask(s, Channel.EMAIL, "1", "HULL", "anyone@example.org")).startsWith("ALLOW NOT_BLOCKED");
        assertThat(ask(s, Channel.EMAIL, "1", "HULL", "anyone@notsmith.example.org")).startsWith("ALLOW NOT_BLOCKED");
    }

    @Test
    void screenText_notAnAddress_denyInvalidEmailWithoutCanonical() {
        Screener s = screener(Mode.BLOCKLIST, TestEntries.index("local"));

        assertThat(ask(s, Channel.EMAIL, "1", "HULL", "no at sign here")).isEqualTo("DENY INVALID_EMAIL null");
        assertThat(ask(s, Channel.POST, "1", "HULL", "12 Rose Street, Hull")).isEqualTo("DENY INVALID_ADDRESS null");
    }

    @Test
    void screenText_noSnapshot_unavailable() {
        Screener s = new Screener(new ScreeningPolicy(Mode.BLOCKLIST, true), TestEntries.NORMALISER, CLOCK);

        assertThat(ask(s, Channel.EMAIL, "1", "HULL", "jane@example.org")).isEqualTo("DENY UNAVAILABLE null");
    }

    @Test
    void screenText_scopes_applyOnlyToTheirEstablishmentOrPin() {
        Screener s = screener(Mode.BLOCKLIST, TestEntries.index("local",
                email("EST", Action.BLOCK, MatchType.EXACT, "a@example.org", Scope.ESTABLISHMENT, "HULL", null, null, null),
                email("PIN", Action.BLOCK, MatchType.EXACT, "b@example.org", Scope.PIN, null, "1234", null, null)));

        assertThat(ask(s, Channel.EMAIL, "9", "HULL", "a@example.org")).startsWith("DENY BLOCKED:EST");
        assertThat(ask(s, Channel.EMAIL, "9", "LEEDS", "a@example.org")).startsWith("ALLOW NOT_BLOCKED");
        assertThat(ask(s, Channel.EMAIL, "1234", "LEEDS", "b@example.org")).startsWith("DENY BLOCKED:PIN");
        assertThat(ask(s, Channel.EMAIL, "9", "HULL", "b@example.org")).startsWith("ALLOW NOT_BLOCKED");
    }

    @Test
    void screenText_validityWindow_judgedAtTheClock() {
        Instant from = TestEntries.T0.plusSeconds(60);
        Screener s = screener(Mode.BLOCKLIST, TestEntries.index("local",
                email("W", Action.BLOCK, MatchType.EXACT, "a@example.org", Scope.NATIONAL, null, null, from,
                        from.plusSeconds(60))));

        CLOCK.set(TestEntries.T0);
        assertThat(ask(s, Channel.EMAIL, "1", "HULL", "a@example.org")).startsWith("ALLOW NOT_BLOCKED");
        CLOCK.set(from);
        assertThat(ask(s, Channel.EMAIL, "1", "HULL", "a@example.org")).startsWith("DENY BLOCKED:W");
        CLOCK.set(from.plusSeconds(60));
        assertThat(ask(s, Channel.EMAIL, "1", "HULL", "a@example.org")).startsWith("ALLOW NOT_BLOCKED");
        CLOCK.set(TestEntries.T0);
    }

    @Test
    void screenText_allowlist_blockWinsOverAllowInAnotherSource() {
        EntryIndex national = TestEntries.index("national",
                email("A", Action.ALLOW, MatchType.EXACT, "a@example.org", Scope.NATIONAL, null, null, null, null),
                email("B", Action.ALLOW, MatchType.EXACT, "b@example.org", Scope.NATIONAL, null, null, null, null));
        EntryIndex local = TestEntries.index("local", blockEmail("X", MatchType.DOMAIN, "example.org"));
        Screener s = screener(Mode.ALLOWLIST, national, local);
        Screener onlyAllows = screener(Mode.ALLOWLIST, national);

        assertThat(ask(s, Channel.EMAIL, "1", "HULL", "a@example.org")).startsWith("DENY BLOCKED:X");
        assertThat(ask(onlyAllows, Channel.EMAIL, "1", "HULL", "a@example.org")).startsWith("ALLOW APPROVED");
        assertThat(ask(onlyAllows, Channel.EMAIL, "1", "HULL", "c@example.org")).startsWith("DENY NOT_APPROVED");
    }

    @Test
    void screenText_emailEntries_leaveTheNumberTablesAlone() {
        EntryIndex i = TestEntries.index("local", blockEmail("E", MatchType.EXACT, "a@example.org"),
                TestEntries.blockNational("N", "07700 900123"));
        Screener s = screener(Mode.BLOCKLIST, i);
        Verdict v = new Verdict();

        s.screen("1", "HULL", "07700900123", v);
        assertThat(v.ref()).isEqualTo("N");
        s.screen("1", "HULL", "07700900124", v);
        assertThat(v.reason()).isEqualTo(Reason.NOT_BLOCKED);
        assertThat(i.count(Action.BLOCK)).isEqualTo(2);
        assertThat(i.find(TestEntries.key("07700900123"))).extracting(Entry::id).containsExactly("N");
    }

    @Test
    void screenText_exactAddress_sameBuildingSubPremiseEqualOrAbsent() {
        Screener s = screener(Mode.BLOCKLIST, TestEntries.index("local",
                address("FLAT", MatchType.EXACT, "Flat 3, 12 Rose Street, Hull, ZZ1 1AA"),
                address("HOUSE", MatchType.EXACT, "Rose Cottage, Lane End, ZZ9 9ZZ"),
                address("PC", MatchType.POSTCODE, "ZZ2 2BB")));

        assertThat(ask(s, Channel.POST, "1", "HULL", "12 rose st, flat 3, zz11aa")).isEqualTo("DENY BLOCKED:FLAT ZZ1 1AA|12|3");
        assertThat(ask(s, Channel.POST, "1", "HULL", "12 Rose Street, ZZ1 1AA")).startsWith("DENY BLOCKED:FLAT");
        assertThat(ask(s, Channel.POST, "1", "HULL", "Flat 4, 12 Rose Street, ZZ1 1AA")).startsWith("ALLOW NOT_BLOCKED");
        assertThat(ask(s, Channel.POST, "1", "HULL", "14 Rose Street, ZZ1 1AA")).startsWith("ALLOW NOT_BLOCKED");
        assertThat(ask(s, Channel.POST, "1", "HULL", "12 Rose Street, ZZ1 1AB")).startsWith("ALLOW NOT_BLOCKED");
        assertThat(ask(s, Channel.POST, "1", "HULL", "ROSE COTTAGE, ZZ9 9ZZ")).startsWith("DENY BLOCKED:HOUSE");
        assertThat(ask(s, Channel.POST, "1", "HULL", "Flat 1, 99 Any Road, ZZ2 2BB")).startsWith("DENY BLOCKED:PC");
    }

    @Test
    void findText_everyMatchingEntryWhateverItsScope() {
        EntryIndex i = TestEntries.index("local", blockEmail("E", MatchType.EXACT, "a@example.org"),
                blockEmail("D", MatchType.DOMAIN, "example.org"),
                email("P", Action.ALLOW, MatchType.EXACT, "a@example.org", Scope.PIN, null, "1", null, null),
                blockEmail("OTHER", MatchType.EXACT, "b@example.org"));

        assertThat(i.findText(Channel.EMAIL, "a@example.org")).extracting(Entry::id)
                .containsExactlyInAnyOrder("E", "D", "P");
    }

    @Test
    void validate_channelRules_refusedNamingTheField() {
        EntryValidator v = TestEntries.VALIDATOR;
        Entry both = new Entry("X", Action.BLOCK, MatchType.EXACT, "07700 900123", Scope.NATIONAL, null, null, null,
                null, null, null, null, null, null, null, "a@example.org", null);
        Entry prefixEmail = blockEmail("X", MatchType.PREFIX, "a@example.org");
        Entry provider = blockEmail("X", MatchType.DOMAIN, "gmail.com");
        Entry badEmail = blockEmail("X", MatchType.EXACT, "\"victim\"@example.org");
        Entry postcodeOnly = address("X", MatchType.POSTCODE, "ZZ1");

        assertThat(refusal(v, both)).isEqualTo("email must be absent: an entry holds exactly one of number, email or address");
        assertThat(refusal(v, prefixEmail)).isEqualTo("match must be EXACT or DOMAIN for an email");
        assertThat(refusal(v, provider)).startsWith("email names gmail.com, a public e-mail provider");
        assertThat(refusal(v, badEmail)).startsWith("email does not normalise: ").doesNotContain("victim");
        assertThat(refusal(v, postcodeOnly)).startsWith("address does not normalise: ");
    }

    private static String refusal(EntryValidator v, Entry e) {
        try {
            v.validate(e, -1);
            return "accepted";
        } catch (InvalidEntryException ex) {
            return ex.getMessage();
        }
    }
}
