package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import screening.server.json.Json;

class AdminWorkersTest {

    private record Answer(int status, JsonNode body) {
    }

    private static Answer answer(FullHttpResponse r) throws Exception {
        try {
            return new Answer(r.status().code(), Json.MAPPER.readTree(r.content().toString(StandardCharsets.UTF_8)));
        } finally {
            r.release();
        }
    }

    @Test
    void onWriterAndOnIo_work_runsOnItsNamedThread() throws Exception {
        try (AdminWorkers w = new AdminWorkers()) {
            AtomicReference<String> writer = new AtomicReference<>();
            AtomicReference<String> io = new AtomicReference<>();
            answer(w.onWriter(() -> {
                writer.set(Thread.currentThread().getName());
                return AdminResponses.json(HttpResponseStatus.OK, "{}");
            }).get(10, TimeUnit.SECONDS));
            answer(w.onIo(() -> {
                io.set(Thread.currentThread().getName());
                return AdminResponses.json(HttpResponseStatus.OK, "{}");
            }).get(10, TimeUnit.SECONDS));
            assertThat(writer.get()).isEqualTo("admin-writer");
            assertThat(io.get()).isEqualTo("admin-io");
        }
    }

    @Test
    void onWriter_refusal_answeredWithItsStatusAndCode() throws Exception {
        try (AdminWorkers w = new AdminWorkers()) {
            Answer a = answer(w.onWriter(() -> {
                throw new Refusal(HttpResponseStatus.CONFLICT, "DUPLICATE_ID", "id X already exists");
            }).get(10, TimeUnit.SECONDS));
            assertThat(a.status()).isEqualTo(409);
            assertThat(a.body().path("error").asText()).isEqualTo("DUPLICATE_ID");
            assertThat(a.body().path("message").asText()).isEqualTo("id X already exists");
        }
    }

    @Test
    void onIo_unexpectedFailure_500WithoutDetail() throws Exception {
        try (AdminWorkers w = new AdminWorkers()) {
            Answer a = answer(w.onIo(() -> {
                throw new IllegalStateException("secret detail 07700900123");
            }).get(10, TimeUnit.SECONDS));
            assertThat(a.status()).isEqualTo(500);
            assertThat(a.body().toString()).isEqualTo("{\"error\":\"INTERNAL\",\"message\":\"internal error\"}");
        }
    }

    @Test
    void onWriter_afterClose_503ShuttingDown() throws Exception {
        AdminWorkers w = new AdminWorkers();
        w.close();
        Answer a = answer(w.onWriter(() -> AdminResponses.json(HttpResponseStatus.OK, "{}")).get(10, TimeUnit.SECONDS));
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.body().path("error").asText()).isEqualTo("SHUTTING_DOWN");
    }
}
