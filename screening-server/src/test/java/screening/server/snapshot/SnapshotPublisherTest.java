package screening.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import screening.core.Action;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.MatchType;
import screening.core.NumberingPlan;
import screening.core.Reason;
import screening.core.Scope;
import screening.core.Screener;
import screening.core.ScreeningPolicy;
import screening.core.Snapshot;
import screening.core.Verdict;

class SnapshotPublisherTest {

    private final EntryValidator validator = new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));
    private final Screener screener = new Screener(ScreeningPolicy.DEFAULT, validator.normaliser(),
            InstantSource.system());
    private SnapshotPublisher publisher;

    @AfterEach
    void close() {
        if (publisher != null) {
            publisher.close();
        }
    }

    private EntryIndex index(String source, String... numbers) {
        EntryIndex.Builder b = EntryIndex.builder(source, validator);
        for (int i = 0; i < numbers.length; i++) {
            b.add(new Entry(source + "-" + i, Action.BLOCK, MatchType.EXACT, numbers[i], Scope.NATIONAL, null, null,
                    null, null, "stop prisoner contact", "SPC-2026-" + i, null, source, "system", null));
        }
        return b.build();
    }

    private Verdict screen(String number) {
        Verdict v = new Verdict();
        screener.screen("1234", "HULL", number, v);
        return v;
    }

    @Test
    void update_beforeEverySourceHandedIn_publishesNothing() {
        publisher = new SnapshotPublisher(screener, List.of("local", "national"));
        Snapshot s = publisher.update(index("local", "07700900123"), 3).join();
        assertThat(s).isNull();
        assertThat(screener.current()).isNull();
    }

    @Test
    void update_everySourcePresent_publishesTheSumOfVersionsAndEveryPart() {
        publisher = new SnapshotPublisher(screener, List.of("local", "national"));
        publisher.update(index("local", "07700900123"), 3).join();
        Snapshot s = publisher.update(index("national", "07700900124"), 40).join();

        assertThat(s).isNotNull();
        assertThat(s.version()).isEqualTo(43);
        assertThat(screener.current()).isSameAs(s);
        assertThat(screen("07700900123").reason()).isEqualTo(Reason.BLOCKED);
        assertThat(screen("07700900124").reason()).isEqualTo(Reason.BLOCKED);
        assertThat(screen("07700900125").reason()).isEqualTo(Reason.NOT_BLOCKED);
    }

    @Test
    void update_aSourceAgain_replacesOnlyItsOwnPart() {
        publisher = new SnapshotPublisher(screener, List.of("local", "national"));
        publisher.update(index("local", "07700900123"), 3).join();
        publisher.update(index("national", "07700900124"), 40).join();
        Snapshot s = publisher.update(index("local", "07700900200"), 4).join();

        assertThat(s.version()).isEqualTo(44);
        assertThat(screen("07700900123").reason()).isEqualTo(Reason.NOT_BLOCKED);
        assertThat(screen("07700900200").reason()).isEqualTo(Reason.BLOCKED);
        assertThat(screen("07700900124").reason()).isEqualTo(Reason.BLOCKED);
    }

    @Test
    void addListener_calledOnTheWriterThreadAfterEachPublish() {
        publisher = new SnapshotPublisher(screener, List.of("local"));
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        publisher.addListener(s -> seen.add(Thread.currentThread().getName() + ":" + s.version()
                + ":" + (screener.current() == s)));
        publisher.update(index("local", "07700900123"), 1).join();
        publisher.update(index("local", "07700900124"), 2).join();
        assertThat(seen).containsExactly("snapshot-writer:1:true", "snapshot-writer:2:true");
    }

    @Test
    void update_fromManyThreads_eachPublishIsWholeAndTheLastWins() {
        publisher = new SnapshotPublisher(screener, List.of("local"));
        List<CompletableFuture<Snapshot>> all = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            int v = i;
            all.add(CompletableFuture.supplyAsync(() -> v).thenCompose(x ->
                    publisher.update(index("local", "07700900" + (100 + x)), x)));
        }
        all.forEach(CompletableFuture::join);
        Snapshot last = screener.current();
        // the writer applies updates one at a time: the live snapshot is one update whole
        assertThat(last.size()).isEqualTo(1);
        String number = "07700900" + (100 + last.version());
        assertThat(screen(number).reason()).isEqualTo(Reason.BLOCKED);
    }

    @Test
    void updateWithChange_seesEveryOtherSourceHandedInPublishedOrNot() {
        publisher = new SnapshotPublisher(screener, List.of("local", "national", "regional"));
        publisher.update(index("national", "07700900124"), 40).join();
        publisher.update(index("local", "07700900123"), 3).join();
        List<String> seen = new ArrayList<>();

        Snapshot s = publisher.update("local", others -> {
            others.forEach(o -> seen.add(o.source() + ":" + Thread.currentThread().getName()));
            return new SnapshotPublisher.Part(index("local", "07700900125"), 4);
        }).join();

        assertThat(s).isNull(); // regional has not handed in: nothing is published yet
        assertThat(seen).containsExactly("national:snapshot-writer");
    }

    @Test
    void updateWithChange_changeThrows_nothingChangesAndTheFutureFailsWithIt() {
        publisher = new SnapshotPublisher(screener, List.of("local", "national"));
        publisher.update(index("local", "07700900123"), 3).join();
        Snapshot before = publisher.update(index("national", "07700900124"), 40).join();
        IllegalStateException refusal = new IllegalStateException("id held by national");

        CompletableFuture<Snapshot> f = publisher.update("local", others -> {
            throw refusal;
        });

        assertThat(f).failsWithin(java.time.Duration.ofSeconds(5)).withThrowableThat().havingCause().isSameAs(refusal);
        assertThat(screener.current()).isSameAs(before);
        assertThat(publisher.update(index("national", "07700900126"), 41).join().version()).isEqualTo(44);
    }
}
