package screening.server.query;

import java.nio.charset.StandardCharsets;

/**
 * The query port's answers to {@code GET /health/live} and {@code GET /health/ready} (SPEC
 * section 4). Each head and body is built once; writing one allocates nothing more.
 */
enum HealthAnswer {
    LIVE(200, "UP"),
    READY(200, "READY"),
    NOT_READY(503, "NOT_READY");

    /** The status line and the headers before {@code Date}. */
    final byte[] head;
    /** The JSON body, {@code {"status":"..."}}. */
    final byte[] body;

    HealthAnswer(int status, String state) {
        this.head = QueryResponses.head(status, null);
        this.body = ("{\"status\":\"" + state + "\"}").getBytes(StandardCharsets.US_ASCII);
    }
}
