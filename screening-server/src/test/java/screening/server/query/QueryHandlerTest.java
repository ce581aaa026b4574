package screening.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.DialledNumberNormaliser;
import screening.core.NumberingPlan;
import screening.core.Screener;
import screening.core.ScreeningPolicy;
import screening.server.ScreeningServer;
import screening.server.TestFilter;
import screening.server.audit.AuditLog;
import screening.server.metrics.ScreeningMetrics;

/** The handler on an EmbeddedChannel, fed bytes exactly as a socket would. */
class QueryHandlerTest {

    @TempDir
    static Path dir;

    private static ScreeningServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestFilter.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static EmbeddedChannel channel(ScreeningServer s) {
        EmbeddedChannel ch = new EmbeddedChannel();
        new QueryChannelInitializer(s.screener(), "HULL", s.metrics(), s.audit())
                .init(ch.pipeline());
        return ch;
    }

    /** Every response the channel wrote, parsed in order. */
    static List<RawHttp.Response> responses(EmbeddedChannel ch) throws IOException {
        ByteBuf all = Unpooled.buffer();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        List<RawHttp.Response> out = new ArrayList<>();
        RawHttp.Response r;
        while ((r = RawHttp.read(in)) != null) {
            out.add(r);
        }
        return out;
    }

    private static List<RawHttp.Response> exchange(EmbeddedChannel ch, String request) throws IOException {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        return responses(ch);
    }

    @Test
    void get_blocked_writesDecisionWithRef() throws IOException {
        EmbeddedChannel ch = channel(server);

        List<RawHttp.Response> r = exchange(ch, "GET /v1/screen?pin=1234&number=07700900123 HTTP/1.1\r\n\r\n");

        assertThat(r).hasSize(1);
        assertThat(r.get(0).body()).isEqualTo("{\"decision\":\"DENY\",\"reason\":\"BLOCKED\",\"ref\":\"SPC-2026-000101\","
                + "\"number\":\"+447700900123\",\"version\":7}");
        assertThat(r.get(0).header("date")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void requestSplitAcrossReads_answersOnceComplete() throws IOException {
        EmbeddedChannel ch = channel(server);

        assertThat(exchange(ch, "GET /v1/screen?pin=1234&num")).isEmpty();
        List<RawHttp.Response> r = exchange(ch, "ber=07700900456 HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(r).hasSize(1);
        assertThat(r.get(0).body()).contains("NOT_BLOCKED");
    }

    @Test
    void post_splitBody_answersAfterLastChunk() throws IOException {
        EmbeddedChannel ch = channel(server);
        String body = "{\"pin\":\"1234\",\"number\":\"01632 960321\"}";

        assertThat(exchange(ch, "POST /v1/screen HTTP/1.1\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body.substring(0, 10))).isEmpty();
        List<RawHttp.Response> r = exchange(ch, body.substring(10));

        assertThat(r).hasSize(1);
        assertThat(r.get(0).body()).contains("\"ref\":\"SPC-2026-000104\"");
    }

    @Test
    void post_pinAsNumber_answers400BadPin() throws IOException {
        String body = "{\"pin\":1234,\"number\":\"07700900456\"}";
        List<RawHttp.Response> r = exchange(channel(server),
                "POST /v1/screen HTTP/1.1\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

        assertThat(r.get(0).status()).isEqualTo(400);
        assertThat(r.get(0).body()).contains("BAD_PIN");
    }

    @Test
    void post_unknownOrRepeatedField_answers400BadBody() throws IOException {
        String unknown = "{\"pin\":\"1\",\"number\":\"07700900123\",\"x\":\"y\"}";
        String repeated = "{\"pin\":\"1\",\"number\":\"07700900456\",\"number\":\"07700900123\"}";
        EmbeddedChannel ch = channel(server);

        List<RawHttp.Response> r = exchange(ch, "POST /v1/screen HTTP/1.1\r\nContent-Length: " + unknown.length()
                + "\r\n\r\n" + unknown + "POST /v1/screen HTTP/1.1\r\nContent-Length: " + repeated.length() + "\r\n\r\n"
                + repeated);

        assertThat(r).extracting(RawHttp.Response::status).containsExactly(400, 400);
        assertThat(r.get(1).body()).contains("BAD_BODY").doesNotContain("07700900123");
    }

    @Test
    void post_expectContinue_sends100First() throws IOException {
        String body = "{\"pin\":\"1234\",\"number\":\"07700900456\"}";
        EmbeddedChannel ch = channel(server);

        List<RawHttp.Response> first = exchange(ch, "POST /v1/screen HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: "
                + body.length() + "\r\n\r\n");
        List<RawHttp.Response> then = exchange(ch, body);

        assertThat(first).extracting(RawHttp.Response::status).containsExactly(100);
        assertThat(then).extracting(RawHttp.Response::status).containsExactly(200);
    }

    @Test
    void duplicateOrUnknownParameter_answers400BadQuery() throws IOException {
        List<RawHttp.Response> r = exchange(channel(server),
                "GET /v1/screen?pin=1&pin=2&number=07700900456 HTTP/1.1\r\n\r\n"
                        + "GET /v1/screen?pin=1&number=07700900456&foo=bar HTTP/1.1\r\n\r\n");

        assertThat(r).extracting(RawHttp.Response::status).containsExactly(400, 400);
        assertThat(r.get(0).body()).contains("more than once");
        assertThat(r.get(1).body()).contains("unknown query parameter");
    }

    @Test
    void badEstablishment_answers400() throws IOException {
        List<RawHttp.Response> r = exchange(channel(server),
                "GET /v1/screen?pin=1&number=07700900456&establishment=hull HTTP/1.1\r\n\r\n");

        assertThat(r.get(0).status()).isEqualTo(400);
        assertThat(r.get(0).body()).contains("BAD_ESTABLISHMENT");
    }

    @Test
    void http10WithKeepAlive_echoesKeepAlive_andWithout_closes() throws IOException {
        EmbeddedChannel keep = channel(server);
        EmbeddedChannel close = channel(server);

        List<RawHttp.Response> k = exchange(keep, "GET /health/live HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        List<RawHttp.Response> c = exchange(close, "GET /health/live HTTP/1.0\r\n\r\n");

        assertThat(k.get(0).header("connection")).isEqualTo("keep-alive");
        assertThat(keep.isOpen()).isTrue();
        assertThat(c.get(0).header("connection")).isEqualTo("close");
        assertThat(close.isOpen()).isFalse();
    }

    @Test
    void requestLineOver8KiB_answers414AndCloses() throws IOException {
        EmbeddedChannel ch = channel(server);

        List<RawHttp.Response> r = exchange(ch, "GET /v1/screen?pin=1&number=" + "0".repeat(9000) + " HTTP/1.1\r\n\r\n");

        assertThat(r.get(0).status()).isEqualTo(414);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void ready_noSnapshot_answers503_andScreenAnswersUnavailableWithNullVersion() throws IOException {
        ScreeningMetrics metrics = new ScreeningMetrics();
        Screener empty = new Screener(ScreeningPolicy.DEFAULT, new DialledNumberNormaliser(NumberingPlan.DEFAULT),
                InstantSource.system());
        EmbeddedChannel ch = new EmbeddedChannel();
        try (AuditLog audit = AuditLog.open(dir.resolve("audit-empty"), metrics)) {
            new QueryChannelInitializer(empty, "HULL", metrics, audit).init(ch.pipeline());

            List<RawHttp.Response> r = exchange(ch, "GET /health/ready HTTP/1.1\r\n\r\n"
                    + "GET /v1/screen?pin=1&number=07700900456 HTTP/1.1\r\n\r\n");

            assertThat(r.get(0).status()).isEqualTo(503);
            assertThat(r.get(1).body()).isEqualTo("{\"decision\":\"DENY\",\"reason\":\"UNAVAILABLE\",\"version\":null}");
        }
    }

    @Test
    void decisions_areCountedInMetrics() throws IOException {
        EmbeddedChannel ch = channel(server);

        exchange(ch, "GET /v1/screen?pin=1&number=nonsense HTTP/1.1\r\n\r\n");

        assertThat(server.metrics().scrape())
                .containsPattern("screening_decisions_total\\{channel=\"PHONE\",decision=\"DENY\",reason=\"INVALID_NUMBER\"} [1-9]");
    }

    @Test
    void head_answers405AndCloses() throws IOException {
        EmbeddedChannel ch = channel(server);

        List<RawHttp.Response> r = exchange(ch, "HEAD /v1/screen?pin=1&number=07700900456 HTTP/1.1\r\n\r\n");

        assertThat(r.get(0).status()).isEqualTo(405);
        assertThat(r.get(0).header("connection")).isEqualTo("close");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void exceptionInOneConnection_closesItAndCounts_otherConnectionsServe() throws IOException {
        EmbeddedChannel broken = channel(server);
        EmbeddedChannel other = channel(server);
        long before = server.metrics().connectionFailures();

        broken.pipeline().fireExceptionCaught(new IOException("connection reset by peer"));
        List<RawHttp.Response> r = exchange(other, "GET /v1/screen?pin=1&number=07700900456 HTTP/1.1\r\n\r\n");

        assertThat(broken.isOpen()).isFalse();
        assertThat(server.metrics().connectionFailures()).isEqualTo(before + 1);
        assertThat(r).extracting(RawHttp.Response::status).containsExactly(200);
        assertThat(other.eventLoop().isShuttingDown()).isFalse();
    }
}
