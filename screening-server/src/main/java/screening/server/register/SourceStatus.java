package screening.server.register;

import java.time.Instant;

/**
 * What {@code GET /admin/v1/status} says of one register source.
 *
 * @param name the source's name
 * @param version the version now loaded, or null if none
 * @param lastSuccess when a file was last loaded (or found unchanged), or null
 * @param lastError the last refusal or fetch failure, or null after a success
 */
public record SourceStatus(String name, Long version, Instant lastSuccess, String lastError) {
}
