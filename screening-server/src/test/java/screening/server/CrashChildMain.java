package screening.server;

import java.nio.file.Path;
import java.util.List;
import screening.server.config.ScreeningConfig;
import screening.server.config.TokenRole;
import screening.server.time.TimeSource;

/**
 * A filter in a child JVM for {@link ScreeningServerCrashTest}: {@code dataDir tokenSha256}.
 * Prints {@code ADMIN_PORT=<port>} once both ports are bound, then runs until killed.
 */
public final class CrashChildMain {

    private CrashChildMain() {
    }

    public static void main(String[] args) throws Exception {
        ScreeningConfig config = AdminTestFilter.config(Path.of(args[0]),
                List.of(new ScreeningConfig.Token("crash-test", TokenRole.SECURITY, args[1])), null);
        ScreeningServer s = ScreeningServer.start(config, System.out, TimeSource.system());
        System.out.println("ADMIN_PORT=" + s.adminAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
