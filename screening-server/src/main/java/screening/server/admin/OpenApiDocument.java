package screening.server.admin;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /admin/v1/openapi.yaml}: the OpenAPI 3.1 description of both ports, as bundled in
 * the jar at build time from {@code docs/openapi.yaml} (its one copy).
 *
 * <p>Immutable once loaded: the bytes are read once from the classpath (the jar, already open)
 * when the class is first used, and every answer after that reads memory only; any thread.
 */
final class OpenApiDocument {

    /*
     * Content-Type: application/yaml, the type RFC 9512 registers for YAML (no charset parameter:
     * YAML is UTF-8 here). The OpenAPI-specific types are not used: application/vnd.oai.openapi is a
     * vendor type few tools ask for, and application/openapi+yaml is not in the standards tree's
     * registry at the time of writing; every YAML reader understands application/yaml.
     */

    /** The path on the admin port. */
    static final String PATH = "/admin/v1/openapi.yaml";
    /** The classpath resource the build copies docs/openapi.yaml to. */
    static final String RESOURCE = "/openapi/openapi.yaml";
    static final String CONTENT_TYPE = "application/yaml";

    private static final byte[] BYTES = load();

    private OpenApiDocument() {
    }

    private static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the classpath", e);
        }
    }

    /** {@code 200} with the document, or {@code 404} when this build holds none. Never blocks. */
    static FullHttpResponse answer() {
        if (BYTES == null) {
            return AdminResponses.error(HttpResponseStatus.NOT_FOUND, "NOT_FOUND",
                    "this build holds no OpenAPI document");
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(BYTES));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        return r;
    }
}
