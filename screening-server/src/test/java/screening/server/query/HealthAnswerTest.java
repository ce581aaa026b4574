package screening.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HealthAnswerTest {

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void body_eachAnswer_statusObject() {
        assertThat(ascii(HealthAnswer.LIVE.body)).isEqualTo("{\"status\":\"UP\"}");
        assertThat(ascii(HealthAnswer.READY.body)).isEqualTo("{\"status\":\"READY\"}");
        assertThat(ascii(HealthAnswer.NOT_READY.body)).isEqualTo("{\"status\":\"NOT_READY\"}");
    }

    @Test
    void head_eachAnswer_statusLineAndJsonContentType() {
        assertThat(ascii(HealthAnswer.LIVE.head)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
        assertThat(ascii(HealthAnswer.READY.head)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
        assertThat(ascii(HealthAnswer.NOT_READY.head))
                .isEqualTo("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n");
    }
}
