package screening.server.config;

import java.util.Locale;
import java.util.Objects;

/**
 * The {@code log} block of the config: how {@code serve} writes its log lines and from which level.
 * Immutable; thread-safe.
 *
 * @param format one line of text per event, or one JSON object per line for log shippers
 * @param level the least severe event written
 */
public record LogSettings(Format format, Level level) {

    /** {@code log.format: text}, {@code log.level: info}. */
    public static final LogSettings DEFAULT = new LogSettings(Format.TEXT, Level.INFO);

    public LogSettings {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(level, "level");
    }

    /** These settings with {@code f} in place of their format (the {@code --log-format} flag wins over the key). */
    public LogSettings withFormat(Format f) {
        return new LogSettings(f, level);
    }

    /** {@code log.format}. */
    public enum Format {
        /** {@code 2026-12-04T17:45:01.123Z INFO  admin.LocalEntryChanges entry ... added}. */
        TEXT,
        /** {@code {"ts":"...","level":"INFO","logger":"...","thread":"...","msg":"..."}}. */
        JSON;

        /** The value's spelling in config and on the command line: {@code text}, {@code json}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The format spelt {@code value}.
         *
         * @param key the key or flag being read, for the message
         * @throws ConfigException naming {@code key} when {@code value} is neither {@code text} nor {@code json}
         */
        public static Format parse(String key, String value) throws ConfigException {
            for (Format f : values()) {
                if (f.configName().equals(value)) {
                    return f;
                }
            }
            throw new ConfigException(key + ": expected text or json, got " + ConfigNode.quote(value));
        }
    }

    /** {@code log.level}, named as the log lines name it. */
    public enum Level {
        ERROR, WARN, INFO, DEBUG, TRACE;

        /** The value's spelling in config: {@code error} ... {@code trace}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The level spelt {@code value}.
         *
         * @param key the key being read, for the message
         * @throws ConfigException naming {@code key} when {@code value} is not one of the five names
         */
        public static Level parse(String key, String value) throws ConfigException {
            for (Level l : values()) {
                if (l.configName().equals(value)) {
                    return l;
                }
            }
            throw new ConfigException(key + ": expected error, warn, info, debug or trace, got " + ConfigNode.quote(value));
        }
    }
}
