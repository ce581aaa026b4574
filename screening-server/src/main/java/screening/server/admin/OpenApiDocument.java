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
 * <p>Immutable: {@link #load} reads the bytes from the classpath (the jar, already open) once, when
 * the admin routes are built at start, so that no request reads the jar on an event loop; every
 * answer reads memory only; any thread.
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

    /** The document's bytes, or null when this build holds none. */
    private final byte[] bytes;

    private OpenApiDocument(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Reads the document from the classpath. Blocking (a read from the jar): call it at start.
     *
     * @throws UncheckedIOException when the resource is there but cannot be read
     */
    static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            return new OpenApiDocument(in == null ? null : in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the classpath", e);
        }
    }

    /** {@code 200} with the document, or {@code 404} when this build holds none. Never blocks. */
    FullHttpResponse answer() {
        if (bytes == null) {
            return AdminResponses.error(HttpResponseStatus.NOT_FOUND, "NOT_FOUND",
                    "this build holds no OpenAPI document");
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        return r;
    }
}
