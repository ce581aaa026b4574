package screening.server.register;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import screening.core.Entry;
import screening.server.json.Json;

/**
 * Writes a register file (SPEC section 6), for {@code register build}: the header, with the count
 * and SHA-256 of what follows, then one JSON line per entry.
 *
 * <p>Stateless; thread-safe.
 */
public final class RegisterFileWriter {

    private RegisterFileWriter() {
    }

    /**
     * The whole file, entries in the given order. The entries are not validated here (the caller
     * has, and {@link RegisterFile#parse} will); they should carry no provenance
     * ({@code source}, {@code createdBy}, {@code createdAt}), which a register file must not hold.
     */
    public static byte[] render(String source, long version, Instant generated, List<Entry> entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(entries.size() * 128);
        try {
            for (Entry e : entries) {
                body.writeBytes(Json.MAPPER.writeValueAsBytes(e));
                body.write('\n');
            }
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
        byte[] b = body.toByteArray();
        byte[] head = new RegisterHeader(source, version, generated, entries.size(),
                RegisterFile.sha256Hex(b, 0, b.length)).toJson();
        byte[] out = new byte[head.length + 1 + b.length];
        System.arraycopy(head, 0, out, 0, head.length);
        out[head.length] = '\n';
        System.arraycopy(b, 0, out, head.length + 1, b.length);
        return out;
    }
}
