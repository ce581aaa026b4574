package screening.server.query;

import java.nio.charset.StandardCharsets;

/**
 * The query port's error answers (SPEC section 4). Each head and body is built once; messages are
 * constant, so none can echo a number. The health answers are {@link HealthAnswer}.
 */
enum QueryError {
    BAD_REQUEST(400, "BAD_REQUEST", "the request is not valid HTTP/1.1", true),
    MISSING_PIN(400, "BAD_PIN", "pin is required", false),
    BAD_PIN(400, "BAD_PIN", "pin must be 1 to 32 of 0-9, A-Z, a-z and -", false),
    MISSING_NUMBER(400, "BAD_NUMBER", "one of number, email or address is required", false),
    TOO_MANY_CHANNELS(400, "BAD_QUERY", "give exactly one of number, email or address", false),
    BAD_NUMBER(400, "BAD_NUMBER", "number must be 1 to 64 characters", false),
    BAD_EMAIL(400, "BAD_EMAIL", "email must be 1 to 254 characters", false),
    BAD_ADDRESS(400, "BAD_ADDRESS", "address must be 1 to 512 characters", false),
    BAD_ESTABLISHMENT(400, "BAD_ESTABLISHMENT", "establishment must be 2 to 8 of A-Z and 0-9", false),
    BAD_PERCENT_ENCODING(400, "BAD_QUERY", "the query string has a malformed percent-encoding", false),
    BAD_UTF8(400, "BAD_QUERY", "the query string does not decode as UTF-8", false),
    BAD_QUERY_CHARACTER(400, "BAD_QUERY",
            "the query string holds a character that must be percent-encoded", false),
    UNKNOWN_PARAMETER(400, "BAD_QUERY",
            "unknown query parameter: only pin, number, email, address and establishment are accepted", false),
    DUPLICATE_PARAMETER(400, "BAD_QUERY", "a query parameter appears more than once", false),
    BAD_BODY(400, "BAD_BODY",
            "the body must be one JSON object with the string fields pin and one of number, email or address, and optionally establishment",
            false),
    NOT_FOUND(404, "NOT_FOUND", "no such path: the query API is /v1/screen and /health/live, /health/ready", false),
    SCREEN_METHOD(405, "METHOD_NOT_ALLOWED", "/v1/screen takes GET or POST", false, "GET, POST"),
    HEALTH_METHOD(405, "METHOD_NOT_ALLOWED", "the health endpoints take GET", false, "GET"),
    REQUEST_TIMEOUT(408, "REQUEST_TIMEOUT", "the request did not arrive whole within the request timeout", true),
    PAYLOAD_TOO_LARGE(413, "PAYLOAD_TOO_LARGE", "the body is over 64 KiB", true),
    URI_TOO_LONG(414, "URI_TOO_LONG", "the request line is over 8 KiB", true),
    HEADERS_TOO_LARGE(431, "HEADERS_TOO_LARGE", "the request headers are over 8 KiB", true);

    /** The status line and the headers before {@code Date}. */
    final byte[] head;
    /** The JSON body. */
    final byte[] body;
    /** Whether the connection must close after this answer (the framing is lost). */
    final boolean closes;

    QueryError(int status, String code, String message, boolean closes) {
        this(status, code, message, closes, null);
    }

    QueryError(int status, String code, String message, boolean closes, String allow) {
        this.closes = closes;
        this.body = ("{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.US_ASCII);
        this.head = QueryResponses.head(status, allow);
    }
}
