package screening.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BaselineLongHashSetTest {

    @Test
    void contains_randomKeys_agreesWithHashSet() {
        BaselineLongHashSet set = new BaselineLongHashSet(10_000);
        Set<Long> reference = new HashSet<>();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            long key = 1 + random.nextLong(50_000);
            assertThat(set.add(key)).isEqualTo(reference.add(key));
        }
        for (long key = 1; key <= 60_000; key++) {
            assertThat(set.contains(key)).as("key %d", key).isEqualTo(reference.contains(key));
        }
        assertThat(set.size()).isEqualTo(reference.size());
    }

    @Test
    void add_denseRun_allFound() {
        BaselineLongHashSet set = new BaselineLongHashSet(4096);
        for (long key = 447_700_900_000L; key < 447_700_904_096L; key++) {
            set.add(key);
        }
        assertThat(set.contains(447_700_900_000L)).isTrue();
        assertThat(set.contains(447_700_904_095L)).isTrue();
        assertThat(set.contains(447_700_904_096L)).isFalse();
    }

    @Test
    void add_moreThanSizedFor_refused() {
        BaselineLongHashSet set = new BaselineLongHashSet(1);
        set.add(1);
        set.add(2);
        assertThatThrownBy(() -> {
            for (long k = 3; k < 100; k++) {
                set.add(k);
            }
        }).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void add_zero_refused() {
        assertThatThrownBy(() -> new BaselineLongHashSet(4).add(0)).hasMessage("keys must be positive");
    }

    @Test
    void syntheticKeys_distinctAndInTheUnallocated04Range() {
        long[] keys = SyntheticSnapshot.syntheticKeys(100_000, 42);
        Set<Long> seen = new HashSet<>();
        for (long k : keys) {
            assertThat(seen.add(k)).isTrue();
            assertThat(SyntheticSnapshot.e164(k)).matches("\\+444[0-9]{9}");
        }
    }
}
