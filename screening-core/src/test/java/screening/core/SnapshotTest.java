package screening.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static screening.core.TestEntries.blockNational;
import static screening.core.TestEntries.index;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    @Test
    void of_severalSources_keepsOrderVersionAndSize() {
        EntryIndex local = index("local", blockNational("a", "+447700900001"));
        EntryIndex national = index("national", blockNational("b", "+447700900002"), blockNational("c", "+447700900003"));
        Snapshot s = Snapshot.of(43, List.of(local, national));
        assertThat(s.version()).isEqualTo(43);
        assertThat(s.indexes()).containsExactly(local, national);
        assertThat(s.index("national")).isSameAs(national);
        assertThat(s.index("other")).isNull();
        assertThat(s.size()).isEqualTo(3);
    }

    @Test
    void of_duplicateSourceName_throws() {
        assertThatThrownBy(() -> Snapshot.of(1, List.of(EntryIndex.empty("local"), EntryIndex.empty("local"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("local");
    }

    @Test
    void of_nullIndex_throws() {
        assertThatThrownBy(() -> Snapshot.of(1, Arrays.asList(EntryIndex.empty("local"), null)))
                .isInstanceOf(NullPointerException.class);
    }
}
