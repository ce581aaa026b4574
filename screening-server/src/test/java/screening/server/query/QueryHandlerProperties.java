package screening.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import screening.server.ScreeningServer;
import screening.server.TestFilter;
import screening.server.json.Json;

/**
 * Whatever bytes arrive, the handler answers each request with a 4xx or a decision: never a 5xx,
 * never an exception out of the pipeline, never a dead event loop. 1,000 tries of 100 raw byte
 * strings (100,000), and 1,000 tries of 50 dialled strings sent by GET and POST (50,000).
 */
class QueryHandlerProperties {

    private static final int PER_TRY = 100;
    private static final int DIALLED_PER_TRY = 50;
    private static Path dir;
    private static ScreeningServer server;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("query-properties");
        server = TestFilter.start(dir);
    }

    @AfterContainer
    static void stop() throws IOException {
        server.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<List<byte[]>> byteStrings() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        // bytes where a query string goes, and where a body goes, reach the parsers behind the decoder
        Arbitrary<byte[]> inQuery = any.map(b -> concat("GET /v1/screen?pin=1234&number=", b, " HTTP/1.1\r\n\r\n"));
        Arbitrary<byte[]> inLine = any.map(b -> concat("GET /v1/screen?", b, " HTTP/1.1\r\nHost: x\r\n\r\n"));
        Arbitrary<byte[]> inBody = any.map(b -> concat("POST /v1/screen HTTP/1.1\r\nContent-Length: " + b.length
                + "\r\n\r\n", b, ""));
        Arbitrary<byte[]> inHeaders = any.map(b -> concat("GET /health/live HTTP/1.1\r\n", b, "\r\n\r\n"));
        return Arbitraries.oneOf(any, inQuery, inLine, inBody, inHeaders).list().ofSize(PER_TRY);
    }

    @Property(tries = 1000)
    void randomBytes_eachAnswered4xxOrDecision(@ForAll("byteStrings") List<byte[]> inputs) throws IOException {
        for (byte[] input : inputs) {
            EmbeddedChannel ch = QueryHandlerTest.channel(server);
            ch.writeInbound(Unpooled.wrappedBuffer(input));
            ch.finish(); // the client goes away: the decoder sees the end of input too
            assertAnswers(QueryHandlerTest.responses(ch));
            ch.checkException();
            assertThat(ch.eventLoop().isShuttingDown()).isFalse();
        }
        assertThat(server.metrics().connectionFailures()).isZero();
    }

    @Provide
    Arbitrary<List<String>> dialledStrings() {
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(80);
        Arbitrary<String> dialPad = Arbitraries.strings().withChars("0123456789+#*,;pwxPW ()-./").ofMaxLength(30);
        Arbitrary<String> unicodeDigits = Arbitraries.strings().numeric().withChars("\uFF10\uFF11\u0660\u0669\u0967")
                .ofMinLength(1).ofMaxLength(20);
        return Arbitraries.oneOf(anyChars, dialPad, unicodeDigits).list().ofSize(DIALLED_PER_TRY);
    }

    @Property(tries = 1000)
    void randomDialled_eachAnswered400OrDecision(@ForAll("dialledStrings") List<String> numbers) throws IOException {
        EmbeddedChannel ch = QueryHandlerTest.channel(server);
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < numbers.size(); i++) {
            String n = numbers.get(i);
            if (i % 2 == 0) {
                batch.writeBytes(("GET /v1/screen?pin=1234&number=" + URLEncoder.encode(n, StandardCharsets.UTF_8)
                        .replace("+", "%20") + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            } else {
                byte[] body = Json.MAPPER.writeValueAsBytes(Map.of("pin", "1234", "number", n));
                batch.writeBytes(("POST /v1/screen HTTP/1.1\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                batch.writeBytes(body);
            }
        }
        ch.writeInbound(Unpooled.wrappedBuffer(batch.toByteArray()));
        List<RawHttp.Response> answers = QueryHandlerTest.responses(ch);

        assertThat(answers).hasSize(numbers.size()); // one answer each, in order, on one connection
        for (int i = 0; i < numbers.size(); i++) {
            RawHttp.Response r = answers.get(i);
            String n = numbers.get(i);
            if (n.isEmpty() || n.codePointCount(0, n.length()) > 64) {
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.body()).contains("BAD_NUMBER");
            } else {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).startsWith("{\"decision\":\"");
            }
        }
        assertThat(ch.isOpen()).isTrue();
        ch.checkException();
        ch.finishAndReleaseAll();
    }

    private static void assertAnswers(List<RawHttp.Response> answers) {
        for (RawHttp.Response r : answers) {
            assertThat(r.status()).isBetween(100, 499);
            if (r.status() == 200 && r.body().startsWith("{\"decision\"")) {
                assertThat(r.body()).contains("\"version\":");
            }
        }
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[h.length + middle.length + t.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(middle, 0, out, h.length, middle.length);
        System.arraycopy(t, 0, out, h.length + middle.length, t.length);
        return out;
    }
}
