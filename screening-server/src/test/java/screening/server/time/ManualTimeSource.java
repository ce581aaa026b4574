package screening.server.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test calls {@link #advance}; wall time and ticker move together. */
public final class ManualTimeSource implements TimeSource {

    private final Instant start;
    private final AtomicLong nanos = new AtomicLong();

    public ManualTimeSource(Instant start) {
        this.start = start;
    }

    public ManualTimeSource() {
        this(Instant.parse("2026-12-04T09:00:00Z"));
    }

    /** Moves both readings forward by {@code d}. */
    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Override
    public Instant instant() {
        return start.plusNanos(nanos.get());
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }
}
