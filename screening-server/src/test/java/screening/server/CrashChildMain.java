package screening.server;

import java.nio.file.Path;
import java.util.List;
import screening.server.config.ScreeningConfig;
import screening.server.config.TokenRole;
import screening.server.storage.FaultyFileChannel;
import screening.server.storage.FileOpener;
import screening.server.storage.QuotaDisk;
import screening.server.time.TimeSource;

/**
 * A filter in a child JVM for the tests that kill it or starve its disk ({@link FilterChild}):
 * {@code dataDir tokenSha256 [quotaRoot quotaBytes]}. With a quota, the journal and the audit
 * log are written through a {@link QuotaDisk} of that many bytes over {@code quotaRoot}. Prints
 * {@code QUERY_PORT=<port>} and then {@code ADMIN_PORT=<port>} once both ports are bound, then
 * runs until killed.
 */
public final class CrashChildMain {

    private CrashChildMain() {
    }

    public static void main(String[] args) throws Exception {
        ScreeningConfig config = AdminTestFilter.config(Path.of(args[0]),
                List.of(new ScreeningConfig.Token("crash-test", TokenRole.SECURITY, args[1])), null);
        FileOpener opener = args.length > 3
                ? FaultyFileChannel.opener(new QuotaDisk(Path.of(args[2]), Long.parseLong(args[3])))
                : FileOpener.SYSTEM;
        ScreeningServer s = ScreeningServer.start(config, System.out, TimeSource.system(), opener);
        System.out.println("QUERY_PORT=" + s.queryAddress().getPort());
        System.out.println("ADMIN_PORT=" + s.adminAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
