package screening.server;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Test fixture for the fuzzers: runs one input's work on a worker thread and fails when it does
 * not finish in time, so a hang is a failing example (with its input) instead of a build that
 * never ends. The work's own exception is thrown as it is, not wrapped.
 *
 * <p>One instance per test class; called from the test thread only.
 */
public final class BoundedRun implements AutoCloseable {

    private final long limitMs;
    private ExecutorService worker = newWorker();

    /** @param limitMs how long one input may take before it counts as a hang */
    public BoundedRun(long limitMs) {
        this.limitMs = limitMs;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code work} and returns its result.
     *
     * @throws AssertionError when it takes more than the limit (the stuck thread is abandoned)
     * @throws Exception whatever {@code work} threw
     */
    public <T> T call(Callable<T> work) throws Exception {
        Future<T> f = worker.submit(work);
        try {
            return f.get(limitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker(); // the next input must not queue behind a stuck one
            throw new AssertionError("no result within " + limitMs + " ms: the input hangs");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) {
                throw ex;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
