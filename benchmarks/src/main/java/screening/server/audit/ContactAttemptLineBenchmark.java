package screening.server.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The audit writer's encoding work per CONTACT_ATTEMPT line, no I/O: {@code line} is
 * ContactAttemptLine (one reused buffer and SHA-256), {@code jacksonPath} is the same lines through
 * the path every other event type takes (a map and an Event per attempt, an ObjectNode through
 * Jackson, a SHA-256 and a hex String per line, a String per line into a StringBuilder,
 * re-encoded). One invocation is a batch of {@value #BATCH} lines; the score is per line.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ContactAttemptLineBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContactAttemptLineBenchmark {

    static final int BATCH = 64;

    private final String[] pins = {"1234", "5678", "A-1000", "0042"};
    private final String[] refs = {"SPC-2026-000101", "SPC-2026-000102", "SPC-2026-000103", "SPC-2026-000104"};
    private final long[] millis = new long[BATCH];
    private ContactAttemptLine line;
    private long seq;

    @Setup
    public void setUp() {
        line = new ContactAttemptLine();
        long noon = Instant.parse("2026-11-28T12:00:00Z").toEpochMilli();
        for (int i = 0; i < BATCH; i++) {
            millis[i] = noon + i * 37L; // a batch spans a few seconds' worth of milliseconds
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int line() {
        ContactAttemptLine out = line;
        out.reset(AuditLog.ZERO_HASH);
        for (int i = 0; i < BATCH; i++) {
            out.append(++seq, millis[i], pins[i & 3], "HULL", refs[i & 3], screening.core.Channel.PHONE);
        }
        return out.length() + out.lastHash().length();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int jacksonPath() throws Exception {
        List<AuditLog.Event> events = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("pin", pins[i & 3]);
            d.put("establishment", "HULL");
            d.put("ref", refs[i & 3]);
            events.add(new AuditLog.Event(AuditLog.EventType.CONTACT_ATTEMPT, AuditLog.SYSTEM_ACTOR, d, Instant.ofEpochMilli(millis[i])));
        }
        StringBuilder sb = new StringBuilder(256 * BATCH);
        String prev = AuditLog.ZERO_HASH;
        for (AuditLog.Event e : events) {
            byte[] bytes = AuditAppender.jsonLine(++seq, e.time().toString(), e, prev);
            prev = AuditChain.sha256Hex(bytes);
            sb.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8).length + prev.length();
    }
}
