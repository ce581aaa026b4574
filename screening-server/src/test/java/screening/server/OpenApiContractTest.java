package screening.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import screening.server.OpenApiContract.Exchange;
import screening.server.OpenApiContract.Port;

/**
 * {@link OpenApiContract} reports what the document does not describe: answers built here, each
 * wrong in one way, next to the same answer right. Drama numbers only.
 */
class OpenApiContractTest {

    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private static Exchange screen(int status, Map<String, String> headers, String body) {
        return new Exchange(Port.QUERY, "GET", "/v1/screen?pin=1234&number=07700900123", Map.of(), new byte[0], status,
                headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void responseProblems_rightDecision_none() {
        assertThat(CONTRACT.responseProblems(screen(200, JSON,
                "{\"decision\":\"DENY\",\"reason\":\"BLOCKED\",\"ref\":\"SPC-T-0001\",\"number\":\"+447700900123\",\"version\":7}")))
                .isEmpty();
    }

    @Test
    void responseProblems_decisionWithoutVersion_reported() {
        assertThat(CONTRACT.responseProblems(screen(200, JSON,
                "{\"decision\":\"DENY\",\"reason\":\"BLOCKED\",\"ref\":\"SPC-T-0001\",\"number\":\"+447700900123\"}")))
                .anyMatch(p -> p.contains("version"));
    }

    @Test
    void responseProblems_blockedWithoutRef_reported() {
        assertThat(CONTRACT.responseProblems(screen(200, JSON,
                "{\"decision\":\"DENY\",\"reason\":\"BLOCKED\",\"number\":\"+447700900123\",\"version\":7}"))).isNotEmpty();
    }

    @Test
    void responseProblems_unknownReasonOrExtraField_reported() {
        assertThat(CONTRACT.responseProblems(screen(200, JSON,
                "{\"decision\":\"DENY\",\"reason\":\"MAYBE\",\"number\":\"+447700900123\",\"version\":7}"))).isNotEmpty();
        assertThat(CONTRACT.responseProblems(screen(200, JSON,
                "{\"decision\":\"ALLOW\",\"reason\":\"NOT_BLOCKED\",\"number\":\"+447700900456\",\"version\":7,\"extra\":1}")))
                .isNotEmpty();
    }

    @Test
    void responseProblems_undocumentedStatusOrType_reported() {
        assertThat(CONTRACT.responseProblems(screen(418, JSON, "{\"error\":\"TEAPOT\",\"message\":\"no\"}")))
                .anyMatch(p -> p.contains("418"));
        assertThat(CONTRACT.responseProblems(screen(200, Map.of("Content-Type", "text/plain"), "DENY")))
                .anyMatch(p -> p.contains("text/plain"));
    }

    @Test
    void responseProblems_errorCodeOfAnotherStatus_reported() {
        assertThat(CONTRACT.responseProblems(screen(400, JSON, "{\"error\":\"BAD_PIN\",\"message\":\"pin is required\"}")))
                .isEmpty();
        assertThat(CONTRACT.responseProblems(screen(400, JSON, "{\"error\":\"NOT_FOUND\",\"message\":\"no\"}"))).isNotEmpty();
        assertThat(CONTRACT.responseProblems(screen(400, JSON, "{\"error\":\"BAD_PIN\"}"))).isNotEmpty();
    }

    @Test
    void responseProblems_feedWithoutETag_reported() {
        Exchange e = new Exchange(Port.ADMIN, "GET", "/admin/v1/feed", Map.of("Authorization", "Bearer x"), new byte[0],
                304, Map.of("Cache-Control", "no-store"), new byte[0]);
        assertThat(CONTRACT.responseProblems(e)).anyMatch(p -> p.contains("ETag"));
    }

    @Test
    void requestProblems_pathOnTheOtherPort_reported() {
        Exchange e = new Exchange(Port.QUERY, "GET", "/admin/v1/status", Map.of("Authorization", "Bearer x"), new byte[0],
                404, JSON, new byte[0]);
        assertThat(CONTRACT.requestProblems(e)).anyMatch(p -> p.contains("port"));
    }
}
