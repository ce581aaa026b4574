package screening.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    static final String HASH = AuditChain.sha256Hex("line".getBytes(StandardCharsets.US_ASCII));

    @Test
    void headLine_anySeq_sameAsTheFixedWidthFormat() {
        for (long seq : new long[] {0, 1, 9, 10, 12_345, 999_999_999_999L, Long.MAX_VALUE}) {
            assertThat(new String(AuditChain.headLine(seq, HASH), StandardCharsets.US_ASCII)).as("seq %d", seq)
                    .isEqualTo(String.format("%020d %s\n", seq, HASH))
                    .hasSize(86);
        }
    }

    @Test
    void headLine_negativeSeqOrShortHash_throwsNamingWhich() {
        assertThatThrownBy(() -> AuditChain.headLine(-1, HASH)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seq -1");
        assertThatThrownBy(() -> AuditChain.headLine(1, "abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 chars");
    }
}
