package screening.server.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How the journal, the audit log and their temporary files are opened for writing:
 * {@link #SYSTEM} in service; in a fault test, a channel that fails as a full or failing disk
 * would, injected as a clock is, so that the test runs on any machine.
 *
 * <p>Implementations are called on the writer threads, and may block.
 */
@FunctionalInterface
public interface FileOpener {

    /** {@link FileChannel#open(Path, OpenOption...)}. */
    FileOpener SYSTEM = FileChannel::open;

    /**
     * Opens {@code path} as {@link FileChannel#open(Path, OpenOption...)} does.
     *
     * @throws IOException as {@link FileChannel#open(Path, OpenOption...)}
     */
    FileChannel open(Path path, OpenOption... options) throws IOException;
}
