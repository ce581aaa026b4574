package screening.bench;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import screening.server.config.DurationText;

/**
 * Reads a tool's duration option ({@code --duration 30s}) with the config's grammar,
 * {@link DurationText}, so that a duration is written the same way everywhere.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
