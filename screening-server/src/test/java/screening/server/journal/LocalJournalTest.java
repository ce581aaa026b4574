package screening.server.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.Action;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.InvalidEntryException;
import screening.core.MatchType;
import screening.core.NumberingPlan;
import screening.core.Scope;
import screening.server.storage.FaultyFileChannel;
import screening.server.storage.ScriptedDisk;
import screening.server.storage.WriteFaults;

class LocalJournalTest {

    @TempDir
    Path dir;

    final EntryValidator validator = new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));

    static Entry entry(String id, String number) {
        return new Entry(id, Action.BLOCK, MatchType.EXACT, number, Scope.NATIONAL, null, null, null, null,
                "VICTIM_REQUEST", null, null, Entry.LOCAL_SOURCE, "spoc-hull", Instant.parse("2026-11-28T13:00:00Z"));
    }

    @Test
    void addAndRemove_reopen_replaysSameEntriesAndSeq() throws Exception {
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            j.add(List.of(entry("A", "07700 900001"), entry("B", "07700 900002")));
            j.add(List.of(entry("C", "0113 496 0003")));
            assertThat(j.remove("B")).isNotNull();
            assertThat(j.remove("nope")).isNull();
            assertThat(j.seq()).isEqualTo(3);
        }
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            assertThat(j.seq()).isEqualTo(3);
            assertThat(j.index().entries()).extracting(Entry::id).containsExactly("A", "C");
            assertThat(j.get("A")).isEqualTo(entry("A", "07700 900001"));
            assertThat(j.openReport().tornTailDropped()).isFalse();
        }
    }

    @Test
    void state_afterEachChange_theIndexWithTheSeqThatMadeIt() throws Exception {
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            assertThat(j.state().seq()).isZero();
            assertThat(j.state().index().size()).isZero();
            j.add(List.of(entry("A", "07700 900001")));
            LocalJournal.State one = j.state();
            j.remove("A");
            LocalJournal.State two = j.state();

            assertThat(one.seq()).isEqualTo(1);
            assertThat(one.index().get("A")).isNotNull();
            assertThat(two.seq()).isEqualTo(2);
            assertThat(two.index().get("A")).isNull();
            assertThat(j.index()).isSameAs(two.index());
        }
    }

    @Test
    void add_invalidOrDuplicate_throwsAndWritesNothing() throws Exception {
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            j.add(List.of(entry("A", "07700 900001")));
            long size = Files.size(dir.resolve(LocalJournal.FILE_NAME));
            assertThatThrownBy(() -> j.add(List.of(entry("B", "07700 900002"), entry("A", "07700 900003"))))
                    .isInstanceOf(InvalidEntryException.class).hasMessage("entry 1: id already exists");
            assertThatThrownBy(() -> j.add(List.of(entry("B", "07700 900002"), entry("C", "12"))))
                    .isInstanceOf(InvalidEntryException.class).hasMessageStartingWith("entry 1: number");
            assertThat(Files.size(dir.resolve(LocalJournal.FILE_NAME))).isEqualTo(size);
            assertThat(j.seq()).isEqualTo(1);
            assertThat(j.get("B")).isNull();
        }
    }

    @Test
    void open_lastRecordTruncated_dropsItKeepsEarlier() throws Exception {
        long goodSize;
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            j.add(List.of(entry("A", "07700 900001")));
            goodSize = Files.size(dir.resolve(LocalJournal.FILE_NAME));
            j.add(List.of(entry("B", "07700 900002"), entry("C", "07700 900003")));
        }
        Path file = dir.resolve(LocalJournal.FILE_NAME);
        long full = Files.size(file);
        for (long cut : new long[] {full - 1, goodSize + 5, goodSize + 13}) {
            Path copy = Files.createTempDirectory(dir, "cut");
            Files.copy(file, copy.resolve(LocalJournal.FILE_NAME));
            try (RandomAccessFile raf = new RandomAccessFile(copy.resolve(LocalJournal.FILE_NAME).toFile(), "rw")) {
                raf.setLength(cut);
            }
            try (LocalJournal j = LocalJournal.open(copy, validator)) {
                assertThat(j.openReport().tornTailDropped()).as("cut at " + cut).isTrue();
                assertThat(j.index().entries()).extracting(Entry::id).containsExactly("A");
                assertThat(j.seq()).isEqualTo(1);
                // the file is cut back to the last good record and takes new records after it
                assertThat(Files.size(copy.resolve(LocalJournal.FILE_NAME))).isEqualTo(goodSize);
                j.add(List.of(entry("D", "07700 900004")));
            }
            try (LocalJournal j = LocalJournal.open(copy, validator)) {
                assertThat(j.index().entries()).extracting(Entry::id).containsExactly("A", "D");
                assertThat(j.seq()).isEqualTo(2);
            }
        }
    }

    @Test
    void open_byteFlippedInLastRecord_dropsItKeepsEarlier() throws Exception {
        long goodSize;
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            j.add(List.of(entry("A", "07700 900001")));
            goodSize = Files.size(dir.resolve(LocalJournal.FILE_NAME));
            j.add(List.of(entry("B", "07700 900002")));
        }
        Path file = dir.resolve(LocalJournal.FILE_NAME);
        long full = Files.size(file);
        for (long at : new long[] {goodSize + 5, goodSize + 20, full - 2}) {
            Path copy = Files.createTempDirectory(dir, "flip");
            Files.copy(file, copy.resolve(LocalJournal.FILE_NAME));
            flip(copy.resolve(LocalJournal.FILE_NAME), at);
            try (LocalJournal j = LocalJournal.open(copy, validator)) {
                assertThat(j.openReport().tornTailDropped()).as("flip at " + at).isTrue();
                assertThat(j.index().entries()).extracting(Entry::id).containsExactly("A");
            }
        }
    }

    @Test
    void open_byteFlippedInMiddleRecord_refusesToStart() throws Exception {
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            j.add(List.of(entry("A", "07700 900001")));
            j.add(List.of(entry("B", "07700 900002")));
        }
        flip(dir.resolve(LocalJournal.FILE_NAME), 30);
        assertThatThrownBy(() -> LocalJournal.open(dir, validator)).isInstanceOf(JournalCorruptException.class)
                .hasMessageContaining("damaged at byte 0").hasMessageNotContaining("900001");
    }

    @Test
    void compact_manyChanges_keepsLiveEntriesAndSeqAndShrinks() throws Exception {
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            for (int i = 0; i < 100; i++) {
                j.add(List.of(entry("E" + i, String.format("07700 900%03d", i))));
                if (i % 2 == 1) {
                    j.remove("E" + i);
                }
                j.compactIfWorthIt();
            }
            assertThat(j.seq()).isEqualTo(150);
        }
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            assertThat(j.seq()).isEqualTo(150);
            assertThat(j.index().size()).isEqualTo(50);
            // compaction ran: far fewer than the 150 records written, and never more than twice the live entries
            assertThat(j.openReport().records()).isLessThanOrEqualTo(Math.max(LocalJournal.COMPACT_MIN_RECORDS, 2 * 50 + 1));
            assertThat(j.get("E98")).isNotNull();
            assertThat(j.get("E99")).isNull();
            assertThat(Files.exists(dir.resolve(LocalJournal.TMP_NAME))).isFalse();
            j.add(List.of(entry("F", "07700 900999")));
            assertThat(j.seq()).isEqualTo(151);
        }
    }

    @Test
    void open_leftoverCompactionTmp_ignoredAndRemoved() throws Exception {
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            j.add(List.of(entry("A", "07700 900001")));
        }
        Files.writeString(dir.resolve(LocalJournal.TMP_NAME), "half a compaction");
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            assertThat(j.index().entries()).extracting(Entry::id).containsExactly("A");
        }
        assertThat(Files.exists(dir.resolve(LocalJournal.TMP_NAME))).isFalse();
    }

    @Test
    void add_diskFullPartWayThroughTheRecord_cutsBackAndTakesTheNextChange() throws Exception {
        ScriptedDisk disk = new ScriptedDisk();
        Path file = dir.resolve(LocalJournal.FILE_NAME);
        try (LocalJournal j = LocalJournal.open(dir, validator, FaultyFileChannel.opener(disk))) {
            j.add(List.of(entry("A", "07700 900001")));
            long whole = Files.size(file);
            disk.fullAfter(30);

            assertThatThrownBy(() -> j.add(List.of(entry("B", "07700 900002")))).isInstanceOf(IOException.class)
                    .hasMessage("No space left on device");
            assertThat(Files.size(file)).isEqualTo(whole);
            assertThat(j.get("B")).isNull();
            assertThat(j.seq()).isEqualTo(1);
            assertThat(j.faults().state()).isEqualTo(WriteFaults.State.FULL);
            assertThatThrownBy(() -> j.remove("A")).isInstanceOf(IOException.class);
            assertThat(j.get("A")).isNotNull();

            disk.heal();
            j.add(List.of(entry("C", "07700 900003")));
            assertThat(j.faults().state()).isEqualTo(WriteFaults.State.OK);
        }
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            assertThat(j.openReport().tornTailDropped()).isFalse();
            assertThat(j.index().entries()).extracting(Entry::id).containsExactly("A", "C");
            assertThat(j.seq()).isEqualTo(2);
        }
    }

    @Test
    void add_fsyncFailsAndCutBackFails_nextChangeCutsFirst() throws Exception {
        ScriptedDisk disk = new ScriptedDisk();
        Path file = dir.resolve(LocalJournal.FILE_NAME);
        try (LocalJournal j = LocalJournal.open(dir, validator, FaultyFileChannel.opener(disk))) {
            j.add(List.of(entry("A", "07700 900001")));
            long whole = Files.size(file);
            disk.failForce(true);
            disk.failTruncate(true);
            assertThatThrownBy(() -> j.add(List.of(entry("B", "07700 900002")))).isInstanceOf(IOException.class);
            assertThat(Files.size(file)).isGreaterThan(whole);
            assertThat(j.faults().state()).isEqualTo(WriteFaults.State.FAILING);

            disk.failForce(false);
            assertThatThrownBy(() -> j.add(List.of(entry("C", "07700 900003")))).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot cut back");

            disk.heal();
            j.add(List.of(entry("D", "07700 900004")));
        }
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            assertThat(j.openReport().tornTailDropped()).isFalse();
            assertThat(j.index().entries()).extracting(Entry::id).containsExactly("A", "D");
        }
    }

    @Test
    void add_confirmationFails_recordCutOffAndNothingApplied() throws Exception {
        Path file = dir.resolve(LocalJournal.FILE_NAME);
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            j.add(List.of(entry("A", "07700 900001")));
            long whole = Files.size(file);
            List<Long> seen = new ArrayList<>();

            assertThatThrownBy(() -> j.add(List.of(entry("B", "07700 900002")), seq -> {
                seen.add(seq);
                assertThat(Files.size(file)).isGreaterThan(whole); // the record is on disk when confirmed
                throw new IOException("audit log full");
            })).hasMessage("audit log full");

            assertThat(seen).containsExactly(2L);
            assertThat(Files.size(file)).isEqualTo(whole);
            assertThat(j.get("B")).isNull();
            assertThat(j.seq()).isEqualTo(1);
            assertThat(j.faults().state()).isEqualTo(WriteFaults.State.OK); // the journal's own write worked
            j.add(List.of(entry("C", "07700 900003")), seq -> assertThat(seq).isEqualTo(2));
        }
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            assertThat(j.index().entries()).extracting(Entry::id).containsExactly("A", "C");
        }
    }

    @Test
    void remove_confirmationFails_entryStays() throws Exception {
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            j.add(List.of(entry("A", "07700 900001")));
            assertThatThrownBy(() -> j.remove("A", seq -> {
                throw new IOException("audit log full");
            })).isInstanceOf(IOException.class);
            assertThat(j.get("A")).isNotNull();
            assertThat(j.seq()).isEqualTo(1);
        }
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            assertThat(j.get("A")).isNotNull();
            assertThat(j.openReport().tornTailDropped()).isFalse();
        }
    }

    @Test
    void compact_diskFull_journalUnchangedAndNoTemporaryLeft() throws Exception {
        ScriptedDisk disk = new ScriptedDisk();
        try (LocalJournal j = LocalJournal.open(dir, validator, FaultyFileChannel.opener(disk))) {
            for (int i = 0; i < 10; i++) {
                j.add(List.of(entry("E" + i, String.format("07700 900%03d", i))));
            }
            disk.fullAfter(100);
            assertThatThrownBy(j::compact).isInstanceOf(IOException.class);
            assertThat(Files.exists(dir.resolve(LocalJournal.TMP_NAME))).isFalse();

            disk.heal();
            j.add(List.of(entry("F", "07700 900999")));
            j.compact();
            j.add(List.of(entry("G", "07700 900998")));
        }
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            assertThat(j.index().size()).isEqualTo(12);
            assertThat(j.seq()).isEqualTo(12);
            assertThat(j.openReport().records()).isEqualTo(2);
        }
    }

    @Test
    void read_tornTail_replaysTheWholeRecordsAndLeavesTheFileUnchanged() throws Exception {
        try (LocalJournal j = LocalJournal.open(dir, validator)) {
            j.add(List.of(entry("A", "07700 900001")));
            j.add(List.of(entry("B", "07700 900002")));
        }
        Path file = dir.resolve(LocalJournal.FILE_NAME);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 7);
        }
        byte[] before = Files.readAllBytes(file);
        Files.writeString(dir.resolve(LocalJournal.TMP_NAME), "half a compaction");

        LocalJournal.Contents c = LocalJournal.read(dir, validator);

        assertThat(c.index().entries()).extracting(Entry::id).containsExactly("A");
        assertThat(c.seq()).isEqualTo(1);
        assertThat(c.report().tornTailDropped()).isTrue();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.exists(dir.resolve(LocalJournal.TMP_NAME))).isTrue();
    }

    @Test
    void read_missingDirectory_noEntriesAndCreatesNothing() throws Exception {
        Path absent = dir.resolve("absent");

        LocalJournal.Contents c = LocalJournal.read(absent, validator);

        assertThat(c.index().size()).isZero();
        assertThat(c.seq()).isZero();
        assertThat(Files.exists(absent)).isFalse();
    }

    static void flip(Path file, long at) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x5A);
        }
    }
}
