package screening.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import screening.core.Channel;

class ContactAttemptLineTest {

    /** The same event through the Jackson path that AuditLog.appendAll takes for every type. */
    static byte[] jackson(long seq, long millis, String prev, String pin, String establishment, String ref)
            throws Exception {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("pin", pin);
        d.put("establishment", establishment);
        d.put("ref", ref);
        d.put("channel", "PHONE");
        AuditLog.Event e = new AuditLog.Event(AuditLog.EventType.CONTACT_ATTEMPT, "system", d, Instant.ofEpochMilli(millis));
        return AuditAppender.jsonLine(seq, e.time().toString(), e, prev);
    }

    static byte[] fast(long seq, long millis, String prev, String pin, String establishment, String ref) {
        ContactAttemptLine line = new ContactAttemptLine();
        line.reset(prev);
        line.append(seq, millis, pin, establishment, ref, Channel.PHONE);
        return Arrays.copyOf(line.bytes(), line.length());
    }

    static byte[] withNewline(byte[] line) {
        byte[] b = Arrays.copyOf(line, line.length + 1);
        b[line.length] = '\n';
        return b;
    }

    static final long NOON = Instant.parse("2026-11-28T12:00:00Z").toEpochMilli();

    @Test
    void append_plainAttempt_sameBytesAsJacksonPath() throws Exception {
        byte[] expected = jackson(1, NOON, AuditLog.ZERO_HASH, "1234", "HULL", "SPC-2026-000101");
        assertThat(new String(fast(1, NOON, AuditLog.ZERO_HASH, "1234", "HULL", "SPC-2026-000101"),
                StandardCharsets.UTF_8))
                .isEqualTo(new String(withNewline(expected), StandardCharsets.UTF_8))
                .isEqualTo("{\"seq\":1,\"time\":\"2026-11-28T12:00:00Z\",\"type\":\"CONTACT_ATTEMPT\",\"actor\":\"system\","
                        + "\"prev\":\"" + AuditLog.ZERO_HASH + "\",\"pin\":\"1234\",\"establishment\":\"HULL\","
                        + "\"ref\":\"SPC-2026-000101\",\"channel\":\"PHONE\"}\n");
    }

    @Test
    void append_emailAndPostAttempts_channelNamedNeverTheAddress() {
        for (Channel c : new Channel[] {Channel.EMAIL, Channel.POST}) {
            ContactAttemptLine line = new ContactAttemptLine();
            line.reset(AuditLog.ZERO_HASH);
            line.append(1, NOON, "1234", "HULL", "SPC-2026-000105", c);
            assertThat(new String(Arrays.copyOf(line.bytes(), line.length()), StandardCharsets.UTF_8))
                    .endsWith(",\"ref\":\"SPC-2026-000105\",\"channel\":\"" + c.name() + "\"}\n");
        }
    }

    @Test
    void append_timeWithMillis_sameTextAsInstantToString() throws Exception {
        for (long millis : new long[] {NOON + 123, NOON + 100, NOON + 1, NOON + 999, NOON + 10, -1, 0, -1000,
                253_402_300_800_000L /* year 10000 */}) {
            assertThat(fast(7, millis, AuditLog.ZERO_HASH, "1", "HULL", "r"))
                    .as("millis %d", millis)
                    .isEqualTo(withNewline(jackson(7, millis, AuditLog.ZERO_HASH, "1", "HULL", "r")));
        }
        assertThat(new String(fast(7, NOON + 120, AuditLog.ZERO_HASH, "1", "HULL", "r"), StandardCharsets.UTF_8))
                .contains("\"time\":\"2026-11-28T12:00:00.120Z\"");
    }

    @Test
    void append_stringsNeedingEscapes_sameBytesAsJacksonPath() throws Exception {
        String[] hard = {
            "quote\"d", "back\\slash", "new\nline\ttab\rcr\bbs\fff", "\u0000\u0001\u001f\u007f", "/slash/",
            "caf\u00e9 \u20ac \u4e2d", "emoji \ud83d\ude00", "lone high \ud800 x", "lone low \udc00", "\u2028\u2029",
            "\uffff\ufffe", "",
        };
        for (String s : hard) {
            assertThat(fast(42, NOON, AuditLog.ZERO_HASH, s, s, s)).as("%s", s)
                    .isEqualTo(withNewline(jackson(42, NOON, AuditLog.ZERO_HASH, s, s, s)));
        }
        assertThat(new String(fast(1, NOON, AuditLog.ZERO_HASH, "a\"b\\c\n\u0001", "H", "r"), StandardCharsets.UTF_8))
                .contains("\"pin\":\"a\\\"b\\\\c\\n\\u0001\"");
    }

    @Test
    void append_nullFields_writtenAsJsonNullLikeJacksonPath() throws Exception {
        assertThat(fast(3, NOON, AuditLog.ZERO_HASH, null, null, null))
                .isEqualTo(withNewline(jackson(3, NOON, AuditLog.ZERO_HASH, null, null, null)));
    }

    @Test
    void append_batch_eachPrevIsTheHashOfTheLineBefore() throws Exception {
        ContactAttemptLine line = new ContactAttemptLine();
        String prev = AuditChain.sha256Hex("anything".getBytes(StandardCharsets.US_ASCII));
        line.reset(prev);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 1; i <= 50; i++) {
            // seconds repeat and change across the batch: the cached second text must follow
            long millis = NOON + i * 397L;
            line.append(100 + i, millis, "1234", "HULL", "SPC-2026-" + i, Channel.PHONE);
            byte[] j = jackson(100 + i, millis, prev, "1234", "HULL", "SPC-2026-" + i);
            expected.write(withNewline(j));
            prev = AuditChain.sha256Hex(j);
            assertThat(line.lastHash()).isEqualTo(prev);
        }
        assertThat(Arrays.copyOf(line.bytes(), line.length())).isEqualTo(expected.toByteArray());

        line.reset(prev);
        assertThat(line.length()).isZero();
        line.append(151, NOON, "1", "HULL", "r", Channel.PHONE);
        assertThat(Arrays.copyOf(line.bytes(), line.length()))
                .isEqualTo(withNewline(jackson(151, NOON, prev, "1", "HULL", "r")));
    }

    @Test
    void append_longerThanTheBuffer_grows() throws Exception {
        String big = "\u20ac\"".repeat(40_000); // 120,000 chars of output per field
        assertThat(fast(1, NOON, AuditLog.ZERO_HASH, big, "HULL", big))
                .isEqualTo(withNewline(jackson(1, NOON, AuditLog.ZERO_HASH, big, "HULL", big)));
    }

    @Test
    void append_extremeSeqs_sameDigitsAsJackson() throws Exception {
        for (long seq : new long[] {1, 9, 10, 99, 100, 999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE,
                -5, Long.MIN_VALUE}) {
            assertThat(fast(seq, NOON, AuditLog.ZERO_HASH, "1", "H", "r")).as("seq %d", seq)
                    .isEqualTo(withNewline(jackson(seq, NOON, AuditLog.ZERO_HASH, "1", "H", "r")));
        }
    }

    @Test
    void reset_prevNot64Chars_throwsNamingTheLength() {
        assertThatThrownBy(() -> new ContactAttemptLine().reset("abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 3 chars");
    }

    @Property(tries = 3000)
    void append_anyFieldsAndTime_sameBytesAsJacksonPath(@ForAll("fields") String pin,
            @ForAll("fields") String establishment, @ForAll("fields") String ref, @ForAll("millis") long millis,
            @ForAll("seqs") long seq) throws Exception {
        String prev = AuditChain.sha256Hex(Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
        ContactAttemptLine line = new ContactAttemptLine();
        line.reset(prev);
        line.append(seq, millis, pin, establishment, ref, Channel.PHONE);
        byte[] expected = jackson(seq, millis, prev, pin, establishment, ref);
        assertThat(Arrays.copyOf(line.bytes(), line.length())).isEqualTo(withNewline(expected));
        assertThat(line.lastHash()).isEqualTo(AuditChain.sha256Hex(expected));
    }

    @Provide
    Arbitrary<String> fields() {
        Arbitrary<String> anyBmp = Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(24);
        Arbitrary<String> nasty = Arbitraries.strings()
                .withChars('"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u007f', '/', '\u00e9', '\u20ac',
                        '\ud83d', '\ude00', '\ud800', '\udfff', 'A', '1')
                .ofMaxLength(16);
        Arbitrary<String> emoji = Arbitraries.of("\ud83d\ude00", "\ud83c\udfe0", "x\ud800", "\udc00y");
        Arbitrary<String> plain = Arbitraries.strings().alpha().numeric().withChars('-').ofMaxLength(20);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, anyBmp), net.jqwik.api.Tuple.of(3, nasty), net.jqwik.api.Tuple.of(1, emoji),
                net.jqwik.api.Tuple.of(3, plain))
                .injectNull(0.05);
    }

    @Provide
    Arbitrary<Long> millis() {
        // from year -9999 to +99999, with whole seconds and whole 10/100 ms often
        Arbitrary<Long> any = Arbitraries.longs().between(-377_705_116_800_000L, 3_093_527_980_800_000L);
        Arbitrary<Long> recent = Arbitraries.longs().between(0, 4_102_444_800_000L);
        return Arbitraries.oneOf(any, recent, recent.map(m -> m - m % 1000), recent.map(m -> m - m % 10),
                recent.map(m -> m - m % 100));
    }

    @Provide
    Arbitrary<Long> seqs() {
        return Arbitraries.longs().between(1, Long.MAX_VALUE);
    }
}
