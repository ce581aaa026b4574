package screening.server.register;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import screening.server.json.Json;

/**
 * The first line of a register file (SPEC section 6): read and validated by {@link #parse},
 * written by {@link #toJson}.
 *
 * <p>Immutable; thread-safe.
 *
 * @param source the source's name, equal to the configured name
 * @param version a positive integer, higher than the version loaded
 * @param generated when the register team made the file
 * @param entries how many entry lines follow
 * @param sha256 lowercase hex SHA-256 of every byte after the header line's newline
 */
public record RegisterHeader(String source, long version, Instant generated, long entries, String sha256) {

    /** The value of the header's {@code format} field. */
    public static final String FORMAT = "screening-register/1";

    /** Source names: they become file names in dataDir, so no separators or dots. */
    public static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> FIELDS = Set.of("format", "source", "version", "generated", "entries", "sha256");

    /**
     * Reads the header line, {@code bytes[0, end)} (without its newline). Every field is
     * required; an unknown field is refused.
     *
     * @param expectedSource the configured source name the header must carry, or null to accept
     *     any well-formed name
     * @throws RegisterRefusedException {@link RefusalCause#HEADER} on line 1, naming the field;
     *     the message never echoes the line
     */
    static RegisterHeader parse(byte[] bytes, int end, String expectedSource) throws RegisterRefusedException {
        JsonNode h;
        try {
            h = Json.MAPPER.readTree(bytes, 0, end);
        } catch (IOException ex) {
            throw refused("the header is not valid JSON" + RegisterRefusedException.column(ex));
        }
        if (h == null || !h.isObject()) {
            throw refused("the header must be a JSON object");
        }
        for (Iterator<String> it = h.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw refused("unknown header field '" + f + "'");
            }
        }
        JsonNode format = h.get("format");
        if (format == null || !format.isTextual() || !FORMAT.equals(format.textValue())) {
            throw refused("format must be \"" + FORMAT + "\"");
        }
        JsonNode source = h.get("source");
        if (source == null || !source.isTextual() || !SOURCE_NAME.matcher(source.textValue()).matches()) {
            throw refused("source must be a name of 1 to 64 of [A-Za-z0-9_-]");
        }
        if (expectedSource != null && !expectedSource.equals(source.textValue())) {
            throw refused("source is '" + source.textValue() + "' but this source is configured as '"
                    + expectedSource + "'");
        }
        JsonNode version = h.get("version");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToLong() || version.longValue() < 1) {
            throw refused("version must be a positive integer");
        }
        Instant generated = instant(h.get("generated"));
        JsonNode entries = h.get("entries");
        if (entries == null || !entries.isIntegralNumber() || !entries.canConvertToLong() || entries.longValue() < 0) {
            throw refused("entries must be a non-negative integer");
        }
        JsonNode sha = h.get("sha256");
        if (sha == null || !sha.isTextual() || !SHA256_HEX.matcher(sha.textValue()).matches()) {
            throw refused("sha256 must be 64 lowercase hex digits");
        }
        return new RegisterHeader(source.textValue(), version.longValue(), generated, entries.longValue(),
                sha.textValue());
    }

    /** The header line as JSON, fields in the SPEC's order, without the newline. */
    byte[] toJson() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("format", FORMAT);
        h.put("source", source);
        h.put("version", version);
        h.put("generated", generated.toString());
        h.put("entries", entries);
        h.put("sha256", sha256);
        try {
            return Json.MAPPER.writeValueAsBytes(h);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Instant instant(JsonNode generated) throws RegisterRefusedException {
        if (generated != null && generated.isTextual()) {
            try {
                return Instant.parse(generated.textValue());
            } catch (DateTimeParseException ex) {
                // refused below
            }
        }
        throw refused("generated must be an ISO-8601 instant such as 2026-11-28T12:00:00Z");
    }

    private static RegisterRefusedException refused(String message) {
        return new RegisterRefusedException(RefusalCause.HEADER, 1, message);
    }
}
