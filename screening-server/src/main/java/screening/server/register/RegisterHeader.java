package screening.server.register;

import java.time.Instant;

/**
 * The first line of a register file (SPEC section 6).
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
}
