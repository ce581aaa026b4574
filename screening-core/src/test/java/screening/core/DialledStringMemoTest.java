package screening.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DialledStringMemoTest {

    private static final long KEY = 447700900123L;

    @Test
    void find_neverAdmitted_misses() {
        DialledStringMemo memo = new DialledStringMemo(100);
        assertThat(memo.find("07700 900123")).isEqualTo(DialledStringMemo.MISS);
        assertThat(memo.findInCache("07700 900123")).isEqualTo(DialledStringMemo.MISS);
    }

    @Test
    void admit_firstMiss_marksOnly_secondMissKeepsInMemoAndCache() {
        DialledStringMemo memo = new DialledStringMemo(100);
        memo.admit("07700 900123", KEY);
        assertThat(memo.find("07700 900123")).isEqualTo(DialledStringMemo.MISS);
        assertThat(memo.cachedCount()).isZero();

        memo.admit("07700 900123", KEY);
        assertThat(memo.find(new String("07700 900123".toCharArray()))).isEqualTo(KEY);
        assertThat(memo.cachedCount()).isEqualTo(1);
        byte[] b = "xx07700 900123".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(memo.find(b, 2, b.length - 2)).isEqualTo(KEY);
        assertThat(memo.find(b, 2, b.length - 3)).isEqualTo(DialledStringMemo.MISS);
    }

    @Test
    void admit_invalidAnswer_keptLikeAnyOther() {
        DialledStringMemo memo = new DialledStringMemo(100);
        memo.admit("07700 9OO123", CanonicalNumber.INVALID);
        memo.admit("07700 9OO123", CanonicalNumber.INVALID);
        assertThat(memo.find("07700 9OO123")).isEqualTo(CanonicalNumber.INVALID);
    }

    @Test
    void find_thirdStringInABucket_dropsTheOldest() {
        DialledStringMemo memo = new DialledStringMemo(1); // two slots: one bucket
        for (String s : new String[] {"07700 900001", "07700 900002", "07700 900003"}) {
            memo.admit(s, 1L);
            memo.admit(s, 1L);
        }
        assertThat(memo.find("07700 900001")).isEqualTo(DialledStringMemo.MISS);
        assertThat(memo.find("07700 900002")).isEqualTo(1L);
        assertThat(memo.find("07700 900003")).isEqualTo(1L);
    }

    @Test
    void findInCache_moreStringsThanMemoSlots_answersTheOnesTheMemoDroppedAndMemoisesThem() {
        DialledStringMemo memo = new DialledStringMemo(100_000); // the cache outgrows the memo's slots
        int strings = DialledStringMemo.MEMO_SLOTS_MAX + 8_000;
        for (int i = 0; i < strings; i++) {
            memo.admit(dialled(i), i);
            memo.admit(dialled(i), i);
        }
        int fromCache = 0;
        for (int i = 0; i < strings; i++) {
            if (memo.find(dialled(i)) == DialledStringMemo.MISS) {
                fromCache++;
                assertThat(memo.findInCache(dialled(i))).isEqualTo(i);
                assertThat(memo.find(dialled(i))).isEqualTo(i);
            } else {
                assertThat(memo.find(dialled(i))).isEqualTo(i);
            }
        }
        assertThat(fromCache).isGreaterThanOrEqualTo(strings - DialledStringMemo.MEMO_SLOTS_MAX);
    }

    /** Distinct test strings around the drama range (they are never normalised here). */
    private static String dialled(int i) {
        return "07700 900" + String.format("%03d", i % 1000) + "/" + i / 1000;
    }

    @Test
    void memoSlots_cacheBound_twiceItAsAPowerOfTwoUpToTheMax() {
        assertThat(DialledStringMemo.memoSlots(0)).isZero();
        assertThat(DialledStringMemo.memoSlots(1)).isEqualTo(2);
        assertThat(DialledStringMemo.memoSlots(3)).isEqualTo(8);
        assertThat(DialledStringMemo.memoSlots(1_000_000)).isEqualTo(DialledStringMemo.MEMO_SLOTS_MAX);
        assertThat(new DialledStringMemo(0).isOff()).isTrue();
        assertThat(new DialledStringMemo(1).isOff()).isFalse();
    }

    @Test
    void constructor_negativeCacheSize_throws() {
        assertThatThrownBy(() -> new DialledStringMemo(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache size");
    }
}
