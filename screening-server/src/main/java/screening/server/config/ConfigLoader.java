package screening.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import screening.core.Mode;
import screening.core.NumberingPlan;

/**
 * Reads and validates the YAML config (SPEC section 11).
 *
 * <p>PLACEHOLDER (issue 3): ignores the file and returns the embedded default's values.
 */
public final class ConfigLoader {

    /** Where the embedded default lives on the classpath. */
    public static final String DEFAULT_RESOURCE = "config/screening.yaml";

    private ConfigLoader() {
    }

    /**
     * Loads {@code file}, or the embedded default when {@code file} is null.
     *
     * @throws ConfigException one line naming the key and what was expected
     */
    public static ScreeningConfig load(Path file) throws ConfigException {
        return new ScreeningConfig("HULL", Mode.BLOCKLIST, true, NumberingPlan.DEFAULT,
                new ScreeningConfig.Listen("127.0.0.1", 8700),
                new ScreeningConfig.Admin("127.0.0.1", 8701, List.of()),
                new ScreeningConfig.Register(List.of(new ScreeningConfig.Source("national",
                        URI.create("classpath:config/sample-register.ndjson"), Duration.ofSeconds(5))), 50),
                Path.of("data"));
    }
}
