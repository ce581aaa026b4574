package screening.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import screening.server.json.Json;

/**
 * The admin port's answers: JSON bodies, errors as {@code {"error":"CODE","message":"..."}} and
 * {@code 405} with its {@code Allow} header. Static; any thread. The caller sets the length and
 * the connection header when it writes the answer.
 */
final class AdminResponses {

    private AdminResponses() {
    }

    /** {@code body} as a JSON answer. */
    static FullHttpResponse json(HttpResponseStatus status, JsonNode body) {
        try {
            return json(status, Json.MAPPER.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code body}, already JSON text, as a JSON answer. */
    static FullHttpResponse json(HttpResponseStatus status, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return r;
    }

    /** {@code {"error":CODE,"message":...}}. */
    static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("error", code);
        o.put("message", message);
        return json(status, o);
    }

    /** The {@code 500} answer for a failure the caller did not expect; it says nothing more. */
    static FullHttpResponse internalError() {
        return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "INTERNAL", "internal error");
    }

    /** {@code 405} naming the methods {@code allow}ed, as a message and in the {@code Allow} header. */
    static FullHttpResponse methodNotAllowed(String allow) {
        FullHttpResponse r = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "allowed: " + allow);
        r.headers().set(HttpHeaderNames.ALLOW, allow);
        return r;
    }
}
