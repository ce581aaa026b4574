package screening.server.admin;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An error answer thrown out of a route or a worker, so that one code path turns every refusal
 * into its response ({@link #response}). Carries no stack trace: it is an answer, not a fault.
 */
final class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpResponseStatus status;
    private final String code;

    /** A refusal answered with {@code status} and {@code {"error":code,"message":message}}. */
    Refusal(HttpResponseStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** The answer's status. */
    HttpResponseStatus status() {
        return status;
    }

    /** The answer's error code. */
    String code() {
        return code;
    }

    /** The error answer this refusal stands for. */
    FullHttpResponse response() {
        return AdminResponses.error(status, code, getMessage());
    }
}
