package screening.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestMixTest {

    private static final int N = 200_000;

    private static String digits(String dialled) {
        return dialled.replaceAll("[^0-9]", "");
    }

    /** The UK national significant number of a dialled string in one of the mix's forms. */
    private static String nsn(String dialled) {
        String d = digits(dialled);
        return d.substring(d.length() - 10);
    }

    @Test
    void next_manyRequests_fivePercentBlockedAndAFifthNeverSeen() {
        RequestMix mix = new RequestMix(RequestMix.sampleRegisterBlocked(), 1);
        int blocked = 0;
        int misses = 0;
        for (int i = 0; i < N; i++) {
            RequestMix.Request r = mix.next();
            blocked += r.blocked() ? 1 : 0;
            misses += r.cacheMiss() ? 1 : 0;
        }
        assertThat(blocked / (double) N).isBetween(0.045, 0.055);
        assertThat(misses / (double) N).isBetween(0.19, 0.21);
    }

    @Test
    void next_cacheMisses_allSpelledDifferentlyAndPlainOnesFromASmallSet() {
        RequestMix mix = new RequestMix(RequestMix.sampleRegisterBlocked(), 2);
        Set<String> missSpellings = new HashSet<>();
        Set<String> plain = new HashSet<>();
        int misses = 0;
        for (int i = 0; i < N; i++) {
            RequestMix.Request r = mix.next();
            if (r.cacheMiss()) {
                misses++;
                missSpellings.add(r.dialled());
            } else {
                plain.add(r.dialled());
            }
        }
        assertThat(missSpellings).hasSize(misses);
        assertThat(missSpellings).noneMatch(plain::contains);
        assertThat(plain.size()).isLessThanOrEqualTo(2 * 4000);
        assertThat(missSpellings).anyMatch(s -> s.startsWith("+44 (0)")).anyMatch(s -> s.startsWith("0044"))
                .anyMatch(s -> s.startsWith("0")).anyMatch(s -> s.startsWith("+44") && !s.startsWith("+44 ("));
    }

    @Test
    void next_everyNumber_dramaRangeAndExpectationMatchesBlockedList() {
        Set<String> blockedNsn = new HashSet<>();
        RequestMix.sampleRegisterBlocked().forEach(n -> blockedNsn.add(n.substring(3)));
        Set<String> dramaNsn = new HashSet<>();
        RequestMix.dramaNumbers().forEach(n -> dramaNsn.add(n.substring(3)));
        RequestMix mix = new RequestMix(RequestMix.sampleRegisterBlocked(), 3);
        for (int i = 0; i < 50_000; i++) {
            RequestMix.Request r = mix.next();
            String nsn = nsn(r.dialled());
            assertThat(dramaNsn).contains(nsn);
            assertThat(blockedNsn.contains(nsn)).as(r.dialled()).isEqualTo(r.blocked());
            assertThat(r.dialled()).matches("[0-9 ()+./-]+");
        }
    }

    @Test
    void next_sameSeed_sameSchedule() {
        RequestMix a = new RequestMix(RequestMix.sampleRegisterBlocked(), 9);
        RequestMix b = new RequestMix(RequestMix.sampleRegisterBlocked(), 9);
        for (int i = 0; i < 1000; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }

    @Test
    void new_allowedNumbers_leaveOutEverySampleRegisterNumber() {
        RequestMix mix = new RequestMix(RequestMix.sampleRegisterBlocked(), 1);

        // 4000 drama numbers, minus 101 blocked, minus the 4 others the sample register names
        assertThat(mix.allowedCount()).isEqualTo(4000 - 101 - 4);
    }

    @Test
    void new_malformedBlockedLine_namesLineNotNumber() {
        assertThatThrownBy(() -> new RequestMix(List.of("+447700900123", "07700 900124"), 1))
                .hasMessage("--blocked: line 2 is not a canonical UK number (+44 and 10 digits)");
    }

    @Test
    void urlEncode_separators_escaped() {
        assertThat(RequestMix.urlEncode("+44 (0)7700/900.12-3")).isEqualTo("%2B44%20%280%297700%2F900.12-3");
    }
}
