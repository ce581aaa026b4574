package screening.server.admin;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The three threads the admin port's blocking work runs on, off its event loop, and how a piece of
 * work becomes an answer. Thread-safe; {@link #close} blocks briefly.
 */
public final class AdminWorkers implements AutoCloseable {

    /*
     *   admin-writer  one thread: every change (push, delete). One writer means the duplicate-id
     *                 checks, the journal record, the snapshot publish and the audit lines of
     *                 one change happen before the next change starts, so there is no
     *                 check-then-act race between two pushes. Failed authentications are not
     *                 audited here but by AuthFailureAudit's own thread, so a flood of wrong
     *                 tokens never queues ahead of a push.
     *   admin-io      one thread: register polls on reload and audit-log reads, which may take
     *                 long and must not hold up pushes.
     *   admin-feed    one thread: rendering the local feed for the peer, which reads one
     *                 consistent journal state and so waits neither for a push's fsyncs nor
     *                 for a reload.
     */

    private static final System.Logger LOG = System.getLogger(AdminWorkers.class.getName());

    private final ExecutorService writer;
    private final ExecutorService io;
    private final ExecutorService feed;

    /** Starts the three threads (daemons). */
    public AdminWorkers() {
        this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, "admin-writer"));
        this.io = Executors.newSingleThreadExecutor(r -> daemon(r, "admin-io"));
        this.feed = Executors.newSingleThreadExecutor(r -> daemon(r, "admin-feed"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * The admin-writer thread, for work queued after a change (compaction). A task handed to it
     * after {@link #close} is rejected with {@link RejectedExecutionException}.
     */
    public Executor writer() {
        return writer;
    }

    /** Runs {@code work} on the admin-writer thread; see {@link #submit}. */
    CompletableFuture<FullHttpResponse> onWriter(Supplier<FullHttpResponse> work) {
        return submit(writer, work);
    }

    /** Runs {@code work} on the admin-io thread; see {@link #submit}. */
    CompletableFuture<FullHttpResponse> onIo(Supplier<FullHttpResponse> work) {
        return submit(io, work);
    }

    /** Runs {@code work} on the admin-feed thread; see {@link #submit}. */
    CompletableFuture<FullHttpResponse> onFeed(Supplier<FullHttpResponse> work) {
        return submit(feed, work);
    }

    /**
     * Runs {@code work} on {@code ex}. The future never completes exceptionally: a {@link Refusal}
     * becomes its answer, any other failure a {@code 500}, and work refused because the workers
     * are closed a {@code 503 SHUTTING_DOWN}.
     */
    private static CompletableFuture<FullHttpResponse> submit(ExecutorService ex, Supplier<FullHttpResponse> work) {
        try {
            return CompletableFuture.supplyAsync(work, ex).handle((r, e) -> {
                if (e == null) {
                    return r;
                }
                Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (c instanceof Refusal ref) {
                    return ref.response();
                }
                LOG.log(System.Logger.Level.ERROR, "admin work failed: {0}", c.getClass().getName());
                return AdminResponses.internalError();
            });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(
                    AdminResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "SHUTTING_DOWN", "the filter is stopping"));
        }
    }

    /** Stops taking work and waits briefly for changes in flight (each is durable or not). */
    @Override
    public void close() {
        writer.shutdown();
        io.shutdown();
        feed.shutdownNow();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
            io.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        io.shutdownNow();
    }
}
