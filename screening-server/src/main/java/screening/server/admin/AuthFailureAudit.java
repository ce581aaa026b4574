package screening.server.admin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import screening.server.audit.AuditLog;
import screening.server.time.TimeSource;

/**
 * Failed admin authentications, audited in batches: at most one {@code AUTH_FAILED} event per
 * remote address per second, carrying {@code remote} (the address, without the port),
 * {@code path} (of the first failure it counts) and {@code count} (the failures from that address
 * since its last event). The first failure from a quiet address is written at once; the ones that
 * follow within the second are counted and written together when it ends. A flood of wrong tokens
 * therefore costs one audit line a second per address, written on a thread of its own (one fsync
 * for every address due), never on the admin-writer thread that serves pushes.
 *
 * <p>No count is lost: a batch that cannot be written is counted again and retried a second
 * later, and {@link #close} writes whatever is still counted. Addresses beyond
 * {@value #MAX_ADDRESSES} waiting at once are counted together under the remote {@code other}.
 *
 * <p>Thread-safe. {@link #record} is meant for the event loop: it takes one short lock (never
 * held across I/O) and never blocks on the disk. {@link #close} blocks until the last batch is
 * written.
 */
public final class AuthFailureAudit implements AutoCloseable {

    /*
     * One map of addresses under one lock: record() counts into it; the writer thread takes the
     * addresses that are due (count > 0, last event at least INTERVAL ago), resets them and
     * appends their events with one appendAll (one fsync). An address with nothing counted for
     * INTERVAL is forgotten, so the map holds only addresses seen within the last second or so.
     * A new address is due at once (its last event is taken to be INTERVAL ago); record() wakes
     * the writer only then, so a flood from one address wakes it once a second.
     */

    /** The least time between two events for one address. */
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The most addresses counted apart at once; more are counted under {@link #OTHER_ADDRESSES}. */
    static final int MAX_ADDRESSES = 4_096;
    /** The {@code remote} of failures counted beyond {@link #MAX_ADDRESSES}. */
    static final String OTHER_ADDRESSES = "other";

    private static final System.Logger LOG = System.getLogger(AuthFailureAudit.class.getName());

    private final AuditLog audit;
    private final TimeSource time;
    private final Object lock = new Object();
    private final Map<String, Pending> pending = new HashMap<>(); // under lock
    private final Thread writer; // null when the caller drives flushDue (tests)
    private volatile boolean closed;
    private volatile boolean lateLogged;

    /** What one address has counted since its last event. Under {@link #lock}. */
    private static final class Pending {
        long count;
        String path;
        long lastEventNanos;

        Pending(long lastEventNanos) {
            this.lastEventNanos = lastEventNanos;
        }
    }

    /** The events taken from the map at once, and how long until the next address is due. */
    private record Batch(List<AuditLog.Event> events, long waitNanos) {
    }

    private AuthFailureAudit(AuditLog audit, TimeSource time, boolean startWriter) {
        this.audit = audit;
        this.time = time;
        if (startWriter) {
            writer = new Thread(this::run, "admin-auth-audit");
            writer.setDaemon(true);
            writer.start();
        } else {
            writer = null;
        }
    }

    /** Starts the {@code admin-auth-audit} writer thread, appending to {@code audit}. */
    public static AuthFailureAudit start(AuditLog audit, TimeSource time) {
        return new AuthFailureAudit(audit, time, true);
    }

    /** No writer thread: the caller calls {@link #flushDue} (tests, with a manual clock). */
    static AuthFailureAudit withoutWriter(AuditLog audit, TimeSource time) {
        return new AuthFailureAudit(audit, time, false);
    }

    /**
     * Counts one failed authentication from {@code remote} on {@code path}. Never blocks on I/O.
     * After {@link #close} (the port is stopping) failures are no longer written; that is logged once.
     */
    public void record(SocketAddress remote, String path) {
        String address = addressOf(remote);
        long now = time.nanoTime();
        boolean due;
        synchronized (lock) {
            Pending p = pending.get(address);
            if (p == null) {
                if (pending.size() >= MAX_ADDRESSES) {
                    address = OTHER_ADDRESSES;
                    p = pending.get(address);
                }
                if (p == null) {
                    p = new Pending(now - INTERVAL_NANOS);
                    pending.put(address, p);
                }
            }
            if (p.count == 0) {
                p.path = path;
            }
            p.count++;
            due = p.count == 1 && now - p.lastEventNanos >= INTERVAL_NANOS;
        }
        if (closed && !lateLogged) {
            lateLogged = true;
            LOG.log(System.Logger.Level.WARNING, "admin: failed authentications while stopping are not audited");
        } else if (due && writer != null) {
            LockSupport.unpark(writer);
        }
    }

    /** The client's address without its port: failures from one host count together. */
    static String addressOf(SocketAddress remote) {
        if (remote instanceof InetSocketAddress a) {
            return a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        }
        return String.valueOf(remote);
    }

    /**
     * Writes an event for every address that is due now, with one fsync. Called by the writer
     * thread (or a test); blocks on the disk.
     *
     * @return how many events were written (0 also when the write failed; the counts are kept)
     */
    int flushDue() {
        return write(take(time.nanoTime(), false).events());
    }

    /** How many failures are counted and not yet written (tests). */
    long countedNotWritten() {
        synchronized (lock) {
            long n = 0;
            for (Pending p : pending.values()) {
                n += p.count;
            }
            return n;
        }
    }

    private void run() {
        while (!closed) {
            Batch b = take(time.nanoTime(), false);
            write(b.events());
            if (!closed) {
                LockSupport.parkNanos(this, b.waitNanos());
            }
        }
    }

    /** Takes the due addresses' counts (every count when {@code all}) as events; forgets idle addresses. */
    private Batch take(long now, boolean all) {
        List<AuditLog.Event> events = new ArrayList<>();
        long wait = INTERVAL_NANOS;
        synchronized (lock) {
            for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext();) {
                Map.Entry<String, Pending> e = it.next();
                Pending p = e.getValue();
                long since = now - p.lastEventNanos;
                if (p.count > 0 && (all || since >= INTERVAL_NANOS)) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("remote", e.getKey());
                    d.put("path", p.path);
                    d.put("count", p.count);
                    events.add(new AuditLog.Event(AuditLog.EventType.AUTH_FAILED, AuditLog.SYSTEM_ACTOR, d));
                    p.count = 0;
                    p.path = null;
                    p.lastEventNanos = now;
                } else if (p.count > 0) {
                    wait = Math.min(wait, INTERVAL_NANOS - since);
                } else if (since >= INTERVAL_NANOS) {
                    it.remove();
                }
            }
        }
        return new Batch(events, Math.max(wait, 1));
    }

    /** Appends {@code events} with one fsync; on failure counts them again, to be retried. */
    private int write(List<AuditLog.Event> events) {
        if (events.isEmpty()) {
            return 0;
        }
        try {
            audit.appendAll(events);
            return events.size();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "audit: {0} AUTH_FAILED events not written, kept to retry: {1}",
                    events.size(), e.toString());
            synchronized (lock) {
                for (AuditLog.Event ev : events) {
                    String address = (String) ev.details().get("remote");
                    Pending p = pending.computeIfAbsent(address, a -> new Pending(time.nanoTime()));
                    if (p.count == 0) {
                        p.path = (String) ev.details().get("path");
                    }
                    p.count += (Long) ev.details().get("count");
                }
            }
            return 0;
        }
    }

    /** Stops the writer thread and writes every count still waiting (one more attempt). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (writer != null) {
            LockSupport.unpark(writer);
            try {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        write(take(time.nanoTime(), true).events());
    }
}
