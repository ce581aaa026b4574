package screening.server.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import screening.server.metrics.ScreeningMetrics;

/**
 * The contact-attempt path: event loops offer CONTACT_ATTEMPT events into a bounded lock-free
 * queue, and the one {@code audit-writer} thread takes them in batches and has the
 * {@link AuditAppender} write each batch (group commit).
 *
 * <p>Threads: {@link #offer} from any number of threads, never blocks and takes no lock.
 * {@link #start} and {@link #close} once each; close blocks until the queue is drained (at most
 * {@value #CLOSE_WAIT_SECONDS} s).
 */
final class ContactAttemptWriter {

    /*
     * Group commit: the writer takes whatever is queued (up to MAX_BATCH) and the appender writes
     * all those lines with one write and one fsync of the log, then rewrites the head (its fsync
     * is paced: AuditHead). Under load a batch grows, so the fsync cost is shared; idle, an attempt
     * is on disk within IDLE_PARK_NANOS plus one fsync.
     *
     * The hand-off: an offer runs on a Netty event loop, so it must not take a lock (an
     * ArrayBlockingQueue takes a ReentrantLock on every offer and signals a Condition). The queue
     * is JCTools' MpscArrayQueue: many producers, one consumer; an offer is one CAS on the
     * producer index and a store. The writer waits by polling and, when the queue is empty,
     * parking itself for IDLE_PARK_NANOS, so an offer never has to wake it: the alternative (a
     * volatile "parked" flag and LockSupport.unpark from the offer) would put a futex syscall, and
     * the JVM's Parker mutex, on the event loop about once per batch. The price is up to
     * IDLE_PARK_NANOS more before an idle attempt reaches disk (the fsync takes longer) and one
     * short wake-up per IDLE_PARK_NANOS when idle. The writer parks after a partial batch too, for
     * GATHER_NANOS, so that attempts under load share a commit: without that pause the writer
     * commits every few attempts and spends more in fdatasync than batching saves.
     *
     * The queue's capacity and the fsync rate give the design load in docs/operations.md.
     */

    /** The most attempts one commit takes. */
    static final int MAX_BATCH = 4096;
    /** How long the writer parks when it finds the queue empty. */
    static final long IDLE_PARK_NANOS = 1_000_000;
    /**
     * How long the writer lets attempts gather after committing a partial batch: an attempt under
     * load reaches disk up to this much later, and no caller waits on it (the switch's answer has
     * already gone). What it saves is in docs/performance.md.
     */
    static final long GATHER_NANOS = 5_000_000;
    static final long CLOSE_WAIT_SECONDS = 10;

    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

    private final AuditAppender appender;
    private final ScreeningMetrics metrics;
    private final InstantSource clock;
    private final Path logFile;
    private final MpscArrayQueue<ContactAttempt> queue; // event loops offer; only the writer (or close, after it) polls
    private final List<ContactAttempt> pending = new ArrayList<>(MAX_BATCH); // the consumer's
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean closing;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastDropLogMillis = new AtomicLong(Long.MIN_VALUE / 2);

    /**
     * @param clock the {@code time} of each attempt, read when it is offered
     * @param logFile named in log messages
     * @param capacity how many attempts the queue holds (rounded up to a power of two)
     */
    ContactAttemptWriter(AuditAppender appender, ScreeningMetrics metrics, InstantSource clock, Path logFile,
            int capacity) {
        this.appender = appender;
        this.metrics = metrics;
        this.clock = clock;
        this.logFile = logFile;
        this.queue = new MpscArrayQueue<>(capacity);
        this.thread = new Thread(this::run, "audit-writer");
        this.thread.setDaemon(true);
    }

    /** Starts the {@code audit-writer} thread. */
    void start() {
        thread.start();
    }

    /**
     * Hands a CONTACT_ATTEMPT to the writer without waiting: never blocks and takes no lock (one
     * CAS into the queue, one small allocation); never wakes the writer, which polls. When the
     * queue is full or the writer is closing it counts the drop and logs at most once a second.
     *
     * @return false if the event was dropped
     */
    boolean offer(String pin, String establishment, String ref, screening.core.Channel channel) {
        long now = clock.millis();
        if (!closing && queue.offer(new ContactAttempt(now, pin, establishment, ref, channel))) {
            return true;
        }
        metrics.auditDropped();
        long total = dropped.incrementAndGet();
        long last = lastDropLogMillis.get();
        if (now - last >= 1000 && lastDropLogMillis.compareAndSet(last, now)) {
            LOG.log(System.Logger.Level.ERROR, "audit queue full or closing: {0} contact attempts dropped so far", total);
        }
        return false;
    }

    /** How many attempts were dropped: refused by a full queue or a closing writer, or lost to a failed write. */
    long dropped() {
        return dropped.get();
    }

    private void run() {
        try {
            while (true) {
                int n = drainBatch();
                if (n == MAX_BATCH) {
                    continue; // a flood: the next batch is already waiting
                }
                if (n == 0) {
                    appender.syncLaggingHead();
                    metrics.contactAttemptsIdle(clock.millis());
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                }
                // also after a partial batch: let the next one gather rather than commit (an
                // fsync) for every few attempts
                LockSupport.parkNanos(this, n == 0 ? IDLE_PARK_NANOS : GATHER_NANOS);
            }
        } finally {
            done.countDown();
        }
    }

    /** Consumer side: polls up to MAX_BATCH attempts and writes them as one batch; how many. */
    private int drainBatch() {
        ContactAttempt first = queue.poll();
        if (first == null) {
            return 0;
        }
        List<ContactAttempt> batch = pending;
        batch.add(first);
        ContactAttempt c;
        while (batch.size() < MAX_BATCH && (c = queue.poll()) != null) {
            batch.add(c);
        }
        int n = batch.size();
        write(batch);
        batch.clear();
        return n;
    }

    private void write(List<ContactAttempt> batch) {
        try {
            appender.appendContactAttempts(batch);
            for (ContactAttempt a : batch) {
                metrics.contactAttemptWritten(a.ref(), a.pin(), a.millis());
            }
        } catch (IOException e) {
            // the appender has cut the log back and logged the failure (rate-limited): count them
            for (int i = 0; i < batch.size(); i++) {
                metrics.auditDropped();
            }
            dropped.addAndGet(batch.size());
        }
    }

    /**
     * Stops taking attempts and writes what is queued; returns when the queue is drained, or
     * after {@value #CLOSE_WAIT_SECONDS} s (logging how many were lost). The appender stays open.
     */
    void close() {
        closing = true;
        try {
            if (done.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                // the writer has gone, so this thread is now the only consumer: an offer that
                // passed the closing check just before it was set may have landed after the
                // writer's last look
                while (drainBatch() > 0) {
                    // written
                }
            } else {
                LOG.log(System.Logger.Level.WARNING, "audit log {0}: writer did not drain in {1} s; {2} queued attempts lost",
                        logFile, CLOSE_WAIT_SECONDS, queue.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
