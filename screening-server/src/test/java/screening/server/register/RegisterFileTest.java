package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static screening.server.register.RegisterFiles.block;
import static screening.server.register.RegisterFiles.blocks;
import static screening.server.register.RegisterFiles.file;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.NumberingPlan;

class RegisterFileTest {

    private final EntryValidator validator = new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));

    @Test
    void parse_goodFile_fillsProvenanceFromHeader() throws Exception {
        RegisterFile rf = RegisterFile.parse(file("national", 7, blocks(0, 3)), "national", 0, validator);

        assertThat(rf.header().version()).isEqualTo(7);
        assertThat(rf.index().size()).isEqualTo(3);
        Entry e = rf.index().get("SPC-001");
        assertThat(e.source()).isEqualTo("national");
        assertThat(e.createdBy()).isEqualTo("system");
        assertThat(e.createdAt()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
    }

    @Test
    void parse_headerOnlyWithZeroEntries_isAnExplicitEmptyList() throws Exception {
        RegisterFile rf = RegisterFile.parse(file("national", 1, List.of()), "national", 0, validator);

        assertThat(rf.index().size()).isZero();
    }

    @Test
    void parse_crlfLineEnds_accepted() throws Exception {
        String body = block(1) + "\r\n" + block(2) + "\r\n";
        byte[] f = (RegisterFiles.header("national", 1, 2, RegisterFiles.sha256(body)) + "\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);

        assertThat(RegisterFile.parse(f, "national", 0, validator).index().size()).isEqualTo(2);
    }

    @Test
    void parse_lastLineWithoutNewline_accepted() throws Exception {
        String body = block(1) + "\n" + block(2);
        byte[] f = (RegisterFiles.header("national", 1, 2, RegisterFiles.sha256(body)) + "\n" + body)
                .getBytes(StandardCharsets.UTF_8);

        assertThat(RegisterFile.parse(f, "national", 0, validator).index().size()).isEqualTo(2);
    }

    @Test
    void parse_emptyOrBlank_refusedAsEmpty() {
        assertRefused(new byte[0], RefusalCause.EMPTY, "the file is empty (0 bytes)");
        assertRefused(" \n\n".getBytes(StandardCharsets.UTF_8), RefusalCause.EMPTY, "the file holds only whitespace");
    }

    @Test
    void parse_headerWithoutNewline_refusedAsHeader() {
        assertRefused("{\"format\":\"x\"}", RefusalCause.HEADER, "line 1: the header line must end with a newline");
    }

    @Test
    void parse_headerProblem_refusedAsHeaderBeforeTheBodyIsRead() {
        String body = "not an entry\n";
        assertRefused(RegisterFiles.header("national", 1, 5, RegisterFiles.sha256("")).replace("/1", "/2") + "\n" + body,
                RefusalCause.HEADER, "line 1: format must be \"screening-register/1\"");
    }

    @Test
    void parse_blankLineInside_refusedNamingTheLine() {
        String body = block(1) + "\n\n" + block(2) + "\n";
        byte[] f = (RegisterFiles.header("national", 1, 3, RegisterFiles.sha256(body)) + "\n" + body)
                .getBytes(StandardCharsets.UTF_8);

        assertRefused(f, RefusalCause.ENTRY, "line 3: empty line (one entry per line, no blank lines)");
    }

    @Test
    void parse_blankLineAtTheEnd_refusedNamingTheLine() {
        String body = block(1) + "\n" + block(2) + "\n\n";
        byte[] f = (RegisterFiles.header("national", 1, 3, RegisterFiles.sha256(body)) + "\n" + body)
                .getBytes(StandardCharsets.UTF_8);

        assertRefused(f, RefusalCause.ENTRY, "line 4: empty line (one entry per line, no blank lines)");
    }

    @Test
    void parse_entryProblems_refusedNamingLineAndField() {
        assertEntryRefused(block(1).replace("\"BLOCK\"", "\"BLCK\""), "line 3: action has an invalid value");
        assertEntryRefused(block(1).replace("}", ",\"colour\":\"red\"}"), "line 3: unknown field 'colour'");
        // a key that is not a plain word is not echoed: it could be a victim's number (SPEC 9)
        assertEntryRefused(block(1).replace("}", ",\"07700900123\":\"x\"}"), "line 3: unknown field (name not shown)");
        assertEntryRefused(block(1).replace("}", ",\"source\":\"local\"}"),
                "line 3: source must be absent (the filter fills it in)");
        assertEntryRefused(block(1).replace("\"NATIONAL\"", "\"PIN\""), "line 3: pin is required for scope PIN");
        assertEntryRefused("{\"id\":\"X\",\"number\":7700900123}", "line 3: number has an invalid value");
        assertEntryRefused("{\"id\":\"X\",", "line 3: not valid JSON");
        assertEntryRefused(block(1) + " " + block(2), "line 3: more than one JSON value on the line");
        assertEntryRefused(block(1) + "]", "line 3: not valid JSON (column " + (block(1).length() + 1) + ")");
        assertEntryRefused("{\"id\":\"X\",\"number\":07700}", "line 3: not valid JSON (column 21)");
        assertEntryRefused("null", "line 3: must be a JSON object of entry fields");
    }

    @Test
    void parse_entryTextOverItsLimitOrNotUnicode_refusedNamingLineAndField() {
        assertEntryRefused(block(1).replace("}", ",\"note\":\"" + "n".repeat(2_001) + "\"}"),
                "line 3: note must be at most 2000 characters; it has 2001");
        assertEntryRefused(block(1).replace("}", ",\"reference\":\"" + "R".repeat(129) + "\"}"),
                "line 3: reference must be at most 128 characters; it has 129");
        assertEntryRefused(block(1).replace("VICTIM_REQUEST", "V".repeat(129)),
                "line 3: reason must be at most 128 characters; it has 129");
        assertEntryRefused(block(1).replace("SPC-001", "SPC/001"),
                "line 3: id must be 1 to 64 of A-Z, a-z, 0-9, '.', '_', ':' and '-'");
        assertEntryRefused(block(1).replace("SPC-001", "S".repeat(65)),
                "line 3: id must be 1 to 64 of A-Z, a-z, 0-9, '.', '_', ':' and '-'");
        assertEntryRefused(block(1).replace("}", ",\"note\":\"call \\ud800 back\"}"),
                "line 3: note holds an unpaired UTF-16 surrogate, which is not a character");
    }

    @Test
    void parse_entryTextAtItsLimit_accepted() throws Exception {
        String line = block(1).replace("}", ",\"note\":\"" + "\\ud83d\\udcde".repeat(2_000) + "\",\"reference\":\""
                + "R".repeat(128) + "\"}").replace("SPC-001", "S".repeat(64));
        RegisterFile rf = RegisterFile.parse(file("national", 1, List.of(block(0), line)), "national", 0, validator);

        assertThat(rf.index().get("S".repeat(64)).note()).hasSize(4_000);
    }

    @Test
    void parse_messages_neverHoldTheNumber() {
        String bad = block(1).replace("+447700900001", "+447700900001x");
        byte[] f = file("national", 2, List.of(block(0), bad));

        assertThatThrownBy(() -> RegisterFile.parse(f, "national", 0, validator))
                .hasMessageNotContaining("7700900001");
    }

    @Test
    void parse_versionNotAboveLoaded_refusedAsVersion() {
        assertThatThrownBy(() -> RegisterFile.parse(file("national", 5, blocks(0, 2)), "national", 5, validator))
                .isInstanceOfSatisfying(RegisterRefusedException.class,
                        ex -> assertThat(ex.refusalCause()).isEqualTo(RefusalCause.VERSION));
    }

    @Test
    void parse_lineInUtf16AmongUtf8Lines_refusedAsTheReferenceReaderDoes() {
        // Jackson guesses UTF-16 from the zero bytes when it reads the line alone; the register is UTF-8
        byte[] body = concat(block(1).getBytes(StandardCharsets.UTF_16BE), "\n" + block(2) + "\n");

        assertRefused(fileOf(body, 2), RefusalCause.ENTRY, "line 2: not valid JSON (column 1)");
    }

    @Test
    void parse_bodyStartingWithZeroByte_refusedOnItsFirstLine() {
        assertRefused(fileOf(concat(new byte[] {0}, "\r\n"), 1), RefusalCause.ENTRY, "line 2: not valid JSON (column 1)");
        assertRefused(fileOf(concat(new byte[] {'{', 0}, "}\n"), 1), RefusalCause.ENTRY, "line 2: not valid JSON (column 2)");
    }

    @Test
    void parse_byteOrderMarkOnALaterLine_refused() {
        byte[] body = concat(concat((block(1) + "\n").getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}), block(2) + "\n");

        assertThatThrownBy(() -> RegisterFile.parse(fileOf(body, 2), "national", 0, validator))
                .isInstanceOfSatisfying(RegisterRefusedException.class, ex -> {
                    assertThat(ex.refusalCause()).isEqualTo(RefusalCause.ENTRY);
                    assertThat(ex.getMessage()).startsWith("line 3: not valid JSON");
                });
    }

    @Test
    void parse_twoValuesOnALineSplitByALoneCarriageReturn_refusedNotLoadedAsTwo() {
        // a lone CR ends a line for Jackson but not for the header's entry count
        byte[] body = (block(1) + "\r" + block(2) + "\n").getBytes(StandardCharsets.UTF_8);

        assertRefused(fileOf(body, 1), RefusalCause.ENTRY, "line 2: more than one JSON value on the line");
    }

    @Test
    void parse_badByteAfterALoneCarriageReturn_refusedNamingItsLine() {
        assertRefused(fileOf(new byte[] {'\r', 1}, 1), RefusalCause.ENTRY, "line 2: not valid JSON (column 2)");
    }

    @Test
    void parse_numberOverJacksonsLengthLimit_refusedNamingItsLine() {
        // Jackson's length limit has no location: the line is the one its token starts on, not the header
        assertEntryRefused("9".repeat(1_200), "line 3: not valid JSON");
        assertRefused(fileOf(("{}\n" + "9".repeat(1_200)).getBytes(StandardCharsets.UTF_8), 2), RefusalCause.ENTRY,
                "line 2: id must be 1 to 64 of A-Z, a-z, 0-9, '.', '_', ':' and '-'");
    }

    private static byte[] fileOf(byte[] body, int entries) {
        String header = RegisterFiles.header("national", 1, entries, RegisterFile.sha256Hex(body, 0, body.length)) + "\n";
        return concat(header.getBytes(StandardCharsets.UTF_8), body);
    }

    private static byte[] concat(byte[] a, String b) {
        return concat(a, b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private void assertEntryRefused(String line, String message) {
        byte[] f = file("national", 1, List.of(block(0), line));
        assertRefused(f, RefusalCause.ENTRY, message);
    }

    private void assertRefused(String text, RefusalCause cause, String message) {
        assertRefused(text.getBytes(StandardCharsets.UTF_8), cause, message);
    }

    private void assertRefused(byte[] bytes, RefusalCause cause, String message) {
        assertThatThrownBy(() -> RegisterFile.parse(bytes, "national", 0, validator))
                .isInstanceOfSatisfying(RegisterRefusedException.class, ex -> {
                    assertThat(ex.refusalCause()).isEqualTo(cause);
                    assertThat(ex.getMessage()).isEqualTo(message);
                });
    }

    /*
     * The reload's allocation budget, per entry of a 100,000-entry file of PIN-scoped blocks (the
     * shape of ReloadUnderLoad). What a reload needs per entry: the index's columns (id and owner
     * references, the key and its bucket: about 17 bytes), the id table (8 to 16), the lookup
     * table (about 15) and its build's temporaries (about 16). The line offsets (4) are shared
     * with the loaded version while its lines have the same lengths, and an unchanged line is
     * neither read nor validated again. The first load also makes each id's String (about 48
     * bytes). An Entry object per line, with its strings, would be 200 bytes or more on its own,
     * and a heap copy of the file 128.
     */
    private static final int RELOAD_ENTRIES = 100_000;
    private static final long FIRST_LOAD_BUDGET_BYTES = 130L * RELOAD_ENTRIES;
    private static final long RELOAD_BUDGET_BYTES = 70L * RELOAD_ENTRIES;

    @Test
    void parse_firstLoadOf100000Entries_allocatesWithinBudget() throws Exception {
        byte[] file = pinBlocks(RELOAD_ENTRIES, 2);
        RegisterFile.parse(pinBlocks(1_000, 1), "national", 0, validator); // classes loaded, parser warm

        long allocated = allocatedBy(() -> RegisterFile.parse(file, "national", 1, validator, null));

        assertThat(allocated).as("bytes allocated by a first load of %d entries", RELOAD_ENTRIES)
                .isLessThanOrEqualTo(FIRST_LOAD_BUDGET_BYTES);
    }

    @Test
    void parse_reloadOf100000Entries_allocatesWithinBudget() throws Exception {
        RegisterFile loaded = RegisterFile.parse(pinBlocks(RELOAD_ENTRIES, 2), "national", 1, validator);
        byte[] next = pinBlocks(RELOAD_ENTRIES, 3);

        long[] size = new long[1];
        long allocated = allocatedBy(() -> size[0] = RegisterFile.parse(next, "national", 2, validator, loaded.index())
                .index().size());

        assertThat(size[0]).isEqualTo(RELOAD_ENTRIES);
        assertThat(allocated).as("bytes allocated by a reload of %d entries", RELOAD_ENTRIES)
                .isLessThanOrEqualTo(RELOAD_BUDGET_BYTES);
    }

    @Test
    void parse_reloadOfAMapped100000EntryFile_allocatesWithinBudgetNotTheFile() throws Exception {
        RegisterFile loaded = RegisterFile.parse(pinBlocks(RELOAD_ENTRIES, 2), "national", 1, validator);
        java.nio.file.Path f = java.nio.file.Files.createTempFile("register", ".ndjson");
        try {
            java.nio.file.Files.write(f, pinBlocks(RELOAD_ENTRIES, 3));
            RegisterBytes mapped = RegisterBytes.map(f);
            SpoolFile.FileHash hash = SpoolFile.FileHash.of(mapped);

            long[] size = new long[1];
            long allocated = allocatedBy(() -> size[0] = RegisterFile.parse(mapped, "national", 2, validator,
                    loaded.index(), hash.body()).index().size());

            assertThat(size[0]).isEqualTo(RELOAD_ENTRIES);
            assertThat(allocated).as("bytes allocated by a reload of a mapped file of %d bytes", mapped.length())
                    .isLessThanOrEqualTo(RELOAD_BUDGET_BYTES);
        } finally {
            java.nio.file.Files.delete(f);
        }
    }

    @Test
    void parse_pinBlocks_readsEveryEntryBackAsItsLine() throws Exception {
        RegisterFile rf = RegisterFile.parse(pinBlocks(8_000, 1), "national", 0, validator);

        Entry e = rf.index().get("R-4001");
        assertThat(e.number()).isEqualTo("+447700900001");
        assertThat(e.pin()).isEqualTo("P1");
        assertThat(e.reason()).isEqualTo("VICTIM_REQUEST");
        assertThat(e.source()).isEqualTo("national");
        assertThat(rf.index().entries().get(4001)).isEqualTo(e);
        assertThat(rf.index().id(4001)).isEqualTo("R-4001");
        assertThat(rf.index().find(e.number() == null ? -1 : validator.normaliser().normalise(e.number())))
                .extracting(Entry::id).containsExactlyInAnyOrder("R-1", "R-4001");
    }

    @Test
    void parse_reloadOfUnchangedLines_doesNotValidateThemAgain() throws Exception {
        // a validator that refuses every one of these prefixes: a line it accepts was not validated
        EntryValidator strict = new EntryValidator(new DialledNumberNormaliser(
                new NumberingPlan("GB", List.of(), null, 12)));
        List<String> lines = prefixes(0, 20);
        RegisterFile loaded = RegisterFile.parse(file("national", 1, lines), "national", 0, validator);
        assertThatThrownBy(() -> RegisterFile.parse(file("national", 2, lines), "national", 1, strict))
                .isInstanceOf(RegisterRefusedException.class).hasMessageContaining("minPrefixDigits");

        RegisterFile next = RegisterFile.parse(file("national", 2, lines), "national", 1, strict, loaded.index());

        assertThat(next.index().entries()).isEqualTo(loaded.index().entries());
        assertThat(next.index().find(validator.normaliser().normalise("+441134960123"))).extracting(Entry::id)
                .containsExactly("P-1");
    }

    @Test
    void parse_reloadWithOneChangedLine_validatesThatLineInFull() throws Exception {
        EntryValidator strict = new EntryValidator(new DialledNumberNormaliser(
                new NumberingPlan("GB", List.of(), null, 12)));
        RegisterFile loaded = RegisterFile.parse(file("national", 1, prefixes(0, 20)), "national", 0, validator);
        List<String> changed = new java.util.ArrayList<>(prefixes(0, 20));
        changed.set(6, changed.get(6).replace("+44113496", "+44207946"));

        assertThatThrownBy(() -> RegisterFile.parse(file("national", 2, changed), "national", 1, strict, loaded.index()))
                .isInstanceOf(RegisterRefusedException.class)
                .hasMessage("line 8: number prefix has 10 digits; numbering.minPrefixDigits requires at least 12")
                .extracting(ex -> ((RegisterRefusedException) ex).refusalCause()).isEqualTo(RefusalCause.ENTRY);
    }

    @Test
    void parse_reloadWithABadChangedLine_refusedAsAFirstLoadRefusesIt() throws Exception {
        RegisterFile loaded = RegisterFile.parse(file("national", 1, blocks(0, 30)), "national", 0, validator);
        List<String> changed = new java.util.ArrayList<>(blocks(0, 30));
        changed.set(11, changed.get(11).replace("+447700900011", "+4477009000x1"));
        byte[] next = file("national", 2, changed);
        Throwable first = org.assertj.core.api.Assertions.catchThrowable(
                () -> RegisterFile.parse(next, "national", 1, validator));

        assertThatThrownBy(() -> RegisterFile.parse(next, "national", 1, validator, loaded.index()))
                .isInstanceOf(RegisterRefusedException.class).hasMessage(first.getMessage())
                .hasMessageStartingWith("line 13: number");
    }

    @Test
    void parse_reloadWithAChangedNumber_findsTheNewNumberNotTheOld() throws Exception {
        RegisterFile loaded = RegisterFile.parse(file("national", 1, blocks(0, 30)), "national", 0, validator);
        List<String> changed = new java.util.ArrayList<>(blocks(0, 30));
        changed.set(4, block(4).replace("+447700900004", "+447700900404"));

        RegisterFile next = RegisterFile.parse(file("national", 2, changed), "national", 1, validator, loaded.index());

        assertThat(next.index().find(validator.normaliser().normalise("+447700900404"))).extracting(Entry::id)
                .containsExactly("SPC-004");
        assertThat(next.index().find(validator.normaliser().normalise("+447700900004"))).isEmpty();
        assertThat(next.index().find(validator.normaliser().normalise("+447700900005"))).extracting(Entry::id)
                .containsExactly("SPC-005");
    }

    @Test
    void parse_reloadWhereAnUnchangedLineRepeatsAChangedLinesId_refusedAsDuplicate() throws Exception {
        RegisterFile loaded = RegisterFile.parse(file("national", 1, blocks(0, 10)), "national", 0, validator);
        List<String> changed = new java.util.ArrayList<>(blocks(0, 10));
        changed.set(2, block(2).replace("SPC-002", "SPC-007"));

        assertThatThrownBy(() -> RegisterFile.parse(file("national", 2, changed), "national", 1, validator, loaded.index()))
                .isInstanceOf(RegisterRefusedException.class)
                .hasMessage("line 9: id SPC-007 duplicates the id on line 4")
                .extracting(ex -> ((RegisterRefusedException) ex).refusalCause()).isEqualTo(RefusalCause.DUPLICATE_ID);
    }

    /** National PREFIX blocks of 10 digits (+44113496 and a digit), ids P-0, P-1, ... */
    private static List<String> prefixes(int from, int to) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("{\"id\":\"P-" + i + "\",\"action\":\"BLOCK\",\"match\":\"PREFIX\",\"number\":\"+44113496"
                    + String.format("%02d", i).charAt(0) + String.format("%02d", i).charAt(1)
                    + "\",\"scope\":\"NATIONAL\",\"reason\":\"VICTIM_REQUEST\"}");
        }
        return out;
    }

    /** {@code n} PIN-scoped blocks: the 4,000 drama numbers, each for PINs P0, P1, ... */
    private static byte[] pinBlocks(int n, long version) {
        List<String> lines = new java.util.ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            lines.add("{\"id\":\"R-" + k + "\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\""
                    + DRAMA[k % DRAMA.length] + "\",\"scope\":\"PIN\",\"pin\":\"P" + k / DRAMA.length
                    + "\",\"reason\":\"VICTIM_REQUEST\"}");
        }
        return file("national", version, lines);
    }

    private static final String[] DRAMA = drama();

    private static String[] drama() {
        String[] out = new String[4_000];
        String[] prefixes = {"+447700900", "+441134960", "+442079460", "+441632960"};
        for (int i = 0; i < out.length; i++) {
            out[i] = prefixes[i / 1_000] + String.format("%03d", i % 1_000);
        }
        return out;
    }

    /** Bytes the calling thread allocates while running {@code action}. */
    private static long allocatedBy(ThrowingRunnable action) throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        action.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
