package screening.server.cli;

/**
 * Routes SIGTERM and SIGINT to a callback instead of the JVM's default handler, which would exit
 * with status 143. Uses {@code sun.misc.Signal} (module jdk.unsupported) where present; where it
 * is not, the JVM's default handling and the shutdown hook remain.
 */
final class StopSignals {

    private StopSignals() {
    }

    /** Calls {@code onStop} (on a signal-dispatch thread) when TERM or INT arrives. */
    static void install(Runnable onStop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> onStop.run());
            } catch (IllegalArgumentException | LinkageError e) {
                // signal not available on this platform: the shutdown hook covers it
            }
        }
    }
}
