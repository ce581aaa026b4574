package screening.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.Decision;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.Mode;
import screening.core.NumberingPlan;
import screening.core.Screener;
import screening.core.ScreeningPolicy;
import screening.core.Verdict;
import screening.server.register.RegisterFile;

class RegisterFileReplacerTest {

    private final EntryValidator validator = new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));

    @Test
    void write_consecutiveVersions_eachValidWithTheSameIdsAndTwiceChangedLinesApart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("national.ndjson");
        RegisterFileReplacer replacer = RegisterFileReplacer.of(file, 5_000, 8);

        replacer.write(1);
        EntryIndex first = RegisterFile.parse(Files.readAllBytes(file), "national", 0, validator).index();
        replacer.write(2);
        EntryIndex second = RegisterFile.parse(Files.readAllBytes(file), "national", 1, validator).index();

        assertThat(first.size()).isEqualTo(5_000);
        assertThat(second.size()).isEqualTo(5_000);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.contains(first.id(i))).isTrue();
        }
        assertThat(differingLines(replacer.bodyOf(1), replacer.bodyOf(2))).isEqualTo(16);
        assertThat(differingLines(replacer.bodyOf(2), replacer.bodyOf(6))).isZero();
        assertThat(Files.exists(dir.resolve("national.ndjson.tmp"))).isFalse();
    }

    @Test
    void write_anyVersion_blocksTheLoadToolsNumbersAndNotItsPin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("national.ndjson");
        RegisterFileReplacer.of(file, 5_000, 8).write(3);
        EntryIndex index = RegisterFile.parse(Files.readAllBytes(file), "national", 0, validator).index();
        Screener screener = new Screener(new ScreeningPolicy(Mode.BLOCKLIST, true),
                new DialledNumberNormaliser(NumberingPlan.DEFAULT), InstantSource.system());
        var publisher = new screening.server.snapshot.SnapshotPublisher(screener, List.of(Entry.LOCAL_SOURCE, "national"));
        publisher.update(EntryIndex.empty(Entry.LOCAL_SOURCE), 0).join();
        publisher.update(index, 3).join();
        Verdict v = new Verdict();

        List<String> blocked = RequestMix.sampleRegisterBlocked();
        for (String n : blocked) {
            screener.screen("4321", "HULL", n, v);
            assertThat(v.decision()).isEqualTo(Decision.DENY);
        }
        for (String n : RegisterFileReplacer.dramaNumbers()) {
            if (!blocked.contains(n)) {
                screener.screen("4321", "HULL", n, v);
                assertThat(v.decision()).isEqualTo(Decision.ALLOW);
                screener.screen("P0", "HULL", n, v);
                assertThat(v.decision()).isEqualTo(Decision.DENY);
            }
        }
        publisher.close();
    }

    private static long differingLines(byte[] a, byte[] b) {
        List<String> x = Arrays.asList(new String(a, StandardCharsets.US_ASCII).split("\n"));
        List<String> y = Arrays.asList(new String(b, StandardCharsets.US_ASCII).split("\n"));
        assertThat(x).hasSameSizeAs(y);
        long n = 0;
        for (int i = 0; i < x.size(); i++) {
            n += x.get(i).equals(y.get(i)) ? 0 : 1;
        }
        return n;
    }
}
