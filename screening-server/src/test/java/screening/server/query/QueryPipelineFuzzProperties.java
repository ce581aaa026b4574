package screening.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import screening.server.BoundedRun;
import screening.server.EscapedBytes;
import screening.server.ScreeningServer;
import screening.server.TestFilter;
import screening.server.json.Json;

/**
 * Fuzzes the query port's whole pipeline ({@link QueryChannelInitializer}: {@link QueryRequestDecoder}
 * then {@link QueryHandler}, in front of the real filter) with raw bytes on an EmbeddedChannel:
 * valid pipelined requests, the same with byte-level mutations (flips, truncation, duplication,
 * CR/LF games, obs-fold), smuggling shapes (CL with TE, repeated CL, odd codings, huge lengths and
 * chunk sizes), oversized lines and headers, and raw bytes, each delivered in a few reads split
 * at random points (sometimes one byte per read).
 *
 * <p>Whatever arrives, every byte written back parses as a sequence of well-formed HTTP/1.1
 * responses (status line, header lines, one Content-Length that frames the body exactly, a JSON
 * body: an error object of SPEC section 4 on a 4xx, a decision or health object otherwise),
 * nothing follows a {@code Connection: close} answer, which the server does close; no exception
 * leaves the pipeline or is counted as a connection failure, every input buffer is released, and
 * each input is done within {@link #LIMIT_MS}.
 *
 * <p>Tries: jqwik's default ({@code jqwik.tries.default}, 1,000 unless set); the {@code fuzz}
 * Maven profile sets 1,000,000.
 */
class QueryPipelineFuzzProperties {

    static final long LIMIT_MS = 10_000;

    private static Path dir;
    private static ScreeningServer server;
    private static BoundedRun bounded;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("query-fuzz");
        server = TestFilter.start(dir);
        bounded = new BoundedRun(LIMIT_MS);
    }

    @AfterContainer
    static void stop() throws IOException {
        bounded.close();
        server.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // no edge cases: jqwik would build up to one per try up front, a million of them in the fuzz profile
    @Property(edgeCases = EdgeCasesMode.NONE)
    void pipeline_anyBytesInAnyReads_wellFormedAnswersOrClose(@ForAll("deliveries") Delivery d) throws Exception {
        Statistics.collect(bounded.call(() -> feed(d)));
    }

    // ---- the property ----------------------------------------------------------------------------

    /** Feeds one delivery and checks what comes back; returns the statuses answered, and whether the server closed. */
    private static String feed(Delivery d) throws IOException {
        long failuresBefore = server.metrics().connectionFailures();
        EmbeddedChannel ch = QueryHandlerTest.channel(server);
        List<ByteBuf> reads = new ArrayList<>();
        int from = 0;
        for (int cut : d.cuts()) {
            if (!ch.isOpen() || cut == from) {
                break; // the server closed (a socket's peer would see the rest refused), or no bytes at all
            }
            ByteBuf b = Unpooled.wrappedBuffer(Arrays.copyOfRange(d.bytes(), from, cut));
            reads.add(b);
            ch.writeInbound(b);
            from = cut;
        }
        ByteArrayOutputStream beforeEnd = drain(ch);
        boolean closedByServer = !ch.isOpen();
        ch.finish(); // the client goes away: the decoder sees the end of input; throws a recorded exception
        ByteArrayOutputStream all = drain(ch);
        byte[] out = concat(beforeEnd.toByteArray(), all.toByteArray());

        List<Answer> answers = parseAnswers(out);
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            checkAnswer(a);
            if (a.closes()) {
                assertThat(i).as("nothing after a Connection: close answer").isEqualTo(answers.size() - 1);
                if (i < answersIn(beforeEnd)) {
                    assertThat(closedByServer).as("a Connection: close answer is followed by the close").isTrue();
                }
            }
        }
        assertThat((Object) ch.readInbound()).as("nothing passes the handler").isNull();
        for (ByteBuf b : reads) {
            assertThat(b.refCnt()).as("every read's buffer released").isZero();
        }
        assertThat(server.metrics().connectionFailures()).as("no unexpected exception closed the connection")
                .isEqualTo(failuresBefore);
        TreeSet<Integer> statuses = new TreeSet<>();
        answers.forEach(a -> statuses.add(a.status()));
        return statuses + (closedByServer ? " closed" : "");
    }

    private static ByteArrayOutputStream drain(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object m;
        while ((m = ch.readOutbound()) != null) {
            assertThat(m).as("the handler writes bytes only").isInstanceOf(ByteBuf.class);
            ByteBuf b = (ByteBuf) m;
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
        return out;
    }

    private static int answersIn(ByteArrayOutputStream out) {
        return parseAnswers(out.toByteArray()).size();
    }

    /** One parsed response. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        boolean closes() {
            List<String> c = headers.get("connection");
            return c != null && c.contains("close");
        }
    }

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 ([1-5][0-9][0-9]) [A-Za-z][A-Za-z -]*");
    private static final Pattern HEADER_LINE = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+): ([\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?)");
    private static final Set<Integer> STATUSES = Set.of(100, 200, 400, 404, 405, 408, 413, 414, 431, 503);
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Z][A-Z_]*");

    /** Splits {@code out} into responses; fails unless it is exactly a sequence of well-framed ones. */
    static List<Answer> parseAnswers(byte[] out) {
        List<Answer> answers = new ArrayList<>();
        int i = 0;
        while (i < out.length) {
            int end = crlf(out, i);
            assertThat(end).as("status line ends with CRLF at %d", i).isGreaterThanOrEqualTo(0);
            String statusLine = new String(out, i, end - i, StandardCharsets.ISO_8859_1);
            Matcher m = STATUS_LINE.matcher(statusLine);
            assertThat(m.matches()).as("status line %s", statusLine).isTrue();
            int status = Integer.parseInt(m.group(1));
            i = end + 2;
            Map<String, List<String>> headers = new LinkedHashMap<>();
            while (true) {
                end = crlf(out, i);
                assertThat(end).as("header line ends with CRLF").isGreaterThanOrEqualTo(0);
                if (end == i) {
                    i += 2;
                    break;
                }
                String line = new String(out, i, end - i, StandardCharsets.ISO_8859_1);
                Matcher h = HEADER_LINE.matcher(line);
                assertThat(h.matches()).as("header line %s", line).isTrue();
                headers.computeIfAbsent(h.group(1).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.group(2));
                i = end + 2;
            }
            int length = 0;
            if (status >= 200) {
                List<String> cl = headers.get("content-length");
                assertThat(cl).as("one Content-Length on %s", statusLine).hasSize(1);
                assertThat(cl.get(0)).matches("0|[1-9][0-9]{0,8}");
                length = Integer.parseInt(cl.get(0));
            } else {
                assertThat(headers).as("an interim answer has no headers").isEmpty();
            }
            assertThat(out.length - i).as("the body that Content-Length announces is all there").isGreaterThanOrEqualTo(length);
            answers.add(new Answer(status, headers, Arrays.copyOfRange(out, i, i + length)));
            i += length;
        }
        return answers;
    }

    private static void checkAnswer(Answer a) throws IOException {
        assertThat(STATUSES).as("status").contains(a.status());
        if (a.status() == 100) {
            return;
        }
        assertThat(a.headers().get("content-type")).containsExactly("application/json");
        List<String> connection = a.headers().get("connection");
        if (connection != null) {
            assertThat(connection).hasSize(1).first().isIn("close", "keep-alive");
        }
        JsonNode body = Json.MAPPER.readTree(a.body());
        assertThat(body).as("body").isNotNull();
        assertThat(body.isObject()).as("body is a JSON object").isTrue();
        String text = new String(a.body(), StandardCharsets.UTF_8);
        if (a.status() >= 400 && a.status() != 503) {
            assertThat(fieldNames(body)).as("error body %s", text).containsExactly("error", "message");
            assertThat(body.get("error").isTextual() && ERROR_CODE.matcher(body.get("error").asText()).matches())
                    .as("error code in %s", text).isTrue();
            assertThat(body.get("message").isTextual() && !body.get("message").asText().isBlank())
                    .as("message in %s", text).isTrue();
        } else if (a.status() == 503) {
            assertThat(text).isEqualTo("{\"status\":\"NOT_READY\"}");
        } else if (body.has("decision")) {
            assertThat(fieldNames(body)).as("decision %s", text).isSubsetOf("decision", "reason", "ref", "number", "version")
                    .contains("decision", "reason", "version");
            assertThat(body.get("decision").asText()).isIn("ALLOW", "DENY");
        } else {
            assertThat(text).isIn("{\"status\":\"UP\"}", "{\"status\":\"READY\"}");
        }
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static int crlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
            if (b[i] == '\n' || b[i] == '\r') {
                return -1; // a bare CR or LF inside a line
            }
        }
        return -1;
    }

    // ---- inputs ----------------------------------------------------------------------------------

    /** One connection's bytes and the ends of the reads they arrive in (the last is the length). */
    record Delivery(byte[] bytes, List<Integer> cuts) {
        @Override
        public String toString() {
            return "Delivery[" + cuts.size() + " reads " + cuts + ", " + bytes.length + " bytes: " + EscapedBytes.of(bytes, 3_000) + "]";
        }
    }

    @Provide
    Arbitrary<Delivery> deliveries() {
        Arbitrary<byte[]> bytes = Arbitraries.frequencyOf(
                Tuple.of(4, requestStream()),
                Tuple.of(4, Combinators.combine(requestStream(), mutation().list().ofMinSize(1).ofMaxSize(4))
                        .as(QueryPipelineFuzzProperties::mutate)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(512)),
                Tuple.of(1, Arbitraries.strings().withChars("GETPOSHDA /v1screnhaltdy.0123456789?=&:%\r\n\t;-,{}\"")
                        .ofMaxLength(300).map(QueryPipelineFuzzProperties::latin1)));
        Arbitrary<List<Integer>> cuts = Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(5);
        Arbitrary<Boolean> byteByByte = Arbitraries.integers().between(0, 19).map(n -> n == 0);
        return Combinators.combine(bytes, cuts, byteByByte).as(QueryPipelineFuzzProperties::deliver);
    }

    private static Delivery deliver(byte[] bytes, List<Integer> cuts, boolean byteByByte) {
        TreeSet<Integer> ends = new TreeSet<>();
        if (byteByByte && bytes.length <= 512) {
            for (int i = 1; i <= bytes.length; i++) {
                ends.add(i);
            }
        } else {
            for (int c : cuts) {
                ends.add(c % (bytes.length + 1));
            }
        }
        ends.remove(0);
        ends.add(bytes.length);
        return new Delivery(bytes, List.copyOf(ends));
    }

    /** One to four requests back to back, sometimes after blank lines (which a server skips). */
    private Arbitrary<byte[]> requestStream() {
        Arbitrary<String> lead = Arbitraries.of("", "", "", "\r\n", "\r\n\r\n", " \t");
        return Combinators.combine(lead, request().list().ofMinSize(1).ofMaxSize(4)).as((l, reqs) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(latin1(l));
            reqs.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    private enum Framing { NONE, LENGTH, LENGTH_SHORT, LENGTH_LONG, CHUNKED, CHUNKED_NO_LAST }

    private Arbitrary<byte[]> request() {
        Arbitrary<String> version = Arbitraries.frequencyOf(
                Tuple.of(32, Arbitraries.just("HTTP/1.1")),
                Tuple.of(3, Arbitraries.just("HTTP/1.0")),
                Tuple.of(1, Arbitraries.of("HTTP/1.2", "HTTP/2.0", "http/1.1", "HTTP/1.1 ", "HTTP/1", "", "HTTP/1.1\t",
                        "HTTP/0.9", "HTTP/1.10")));
        Arbitrary<List<String>> plain = Arbitraries.of(
                "Host: fuzz.example.org", "Connection: close", "Connection: keep-alive", "Connection: Keep-Alive, Upgrade",
                "Expect: 100-continue", "User-Agent: pin-phone/1", "Accept: application/json", "X-Empty:",
                "X-Tab:\tvalue\t", "Content-Type: application/json").list().ofMaxSize(3);
        Arbitrary<List<String>> hostile = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just(List.<String>of())),
                Tuple.of(1, hostileHeader().list().ofMinSize(1).ofMaxSize(2)));
        Arbitrary<Framing> framing = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(Framing.LENGTH)),
                Tuple.of(3, Arbitraries.just(Framing.CHUNKED)),
                Tuple.of(3, Arbitraries.just(Framing.NONE)),
                Tuple.of(1, Arbitraries.of(Framing.LENGTH_SHORT, Framing.LENGTH_LONG, Framing.CHUNKED_NO_LAST)));
        Arbitrary<List<Integer>> chunkCuts = Arbitraries.integers().between(0, 1 << 20).list().ofMaxSize(3);
        Arbitrary<String> chunkExtra = Arbitraries.of("", "", "", ";ext=1", " ;a", "\t", ";q=\"x\"", "\r\nX-Trailer: 1");
        return Combinators.combine(methodAndTarget(), version, plain, hostile, body(), framing, chunkCuts, chunkExtra)
                .as(QueryPipelineFuzzProperties::render);
    }

    /** The method and target of the request line; GET /v1/screen gets a query string. */
    private Arbitrary<String> methodAndTarget() {
        Arbitrary<String> screenGet = queryString().map(q -> "GET /v1/screen?" + q);
        return Arbitraries.frequencyOf(
                Tuple.of(10, screenGet),
                Tuple.of(6, Arbitraries.just("POST /v1/screen")),
                Tuple.of(3, Arbitraries.of("GET /health/live", "GET /health/ready")),
                Tuple.of(2, Arbitraries.of("HEAD /health/live", "PUT /v1/screen", "DELETE /v1/screen?pin=1234",
                        "GET /v1/screen/", "GET /admin/v1/status", "POST /admin/v1/entries", "OPTIONS *",
                        "GET http://fuzz.example.org/v1/screen?pin=1234&number=07700900456",
                        "GET /v1/screen?pin=1234&number=07700900456#f", "GET //v1/screen", "POST /health/live",
                        "GET /v1/screen", "GET /v1/screen?", "CONNECT fuzz.example.org:443", "get /v1/screen?pin=1")),
                Tuple.of(1, Arbitraries.of(8_180, 8_200, 9_000).map(n -> "GET /v1/screen?pin=1234&number=" + "0".repeat(n))));
    }

    private static final List<String> PINS = List.of("1234", "0001", "A-99", "x", "abcdefghijklmnopqrstuvwxyz012345",
            "", "12%2034", "abcdefghijklmnopqrstuvwxyz0123456", "%31%32", "12+34", "%FF");
    /** Dialled numbers as they appear in a query string: drama numbers in many forms, and broken ones. */
    private static final List<String> QUERY_NUMBERS = List.of(TestFilter.NOT_BLOCKED, "07700%20900456",
            "+447700900456", "%2B447700900456", "0113%20496%200456", "020%207946%200789", "116123",
            "141%2007700900456", "00447700900456", "07700-900-456", "%EF%BC%90%EF%BC%97700900456",
            "%E2%80%8B07700900456", "07700900456%3Bp123", "07700900456%23", "07700%20900%23123", "",
            "%", "%G1", "%FF", "%C3", "abc", "1".repeat(65), "0".repeat(64), "%00", "07700|900456", "07700%09900456");

    private Arbitrary<String> queryString() {
        Arbitrary<String> number = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(QUERY_NUMBERS)),
                Tuple.of(1, Arbitraries.just("07700900123")), // blocked: a contact attempt, now and then
                Tuple.of(2, Arbitraries.strings().withChars("0123456789+#*,;pwxPW ()-./").ofMaxLength(30)
                        .map(n -> URLEncoder.encode(n, StandardCharsets.UTF_8).replace("+", "%2B"))));
        Arbitrary<String> usual = Combinators.combine(Arbitraries.of(PINS), number,
                Arbitraries.of("", "", "", "&establishment=HULL", "&establishment=LEEDS01", "&establishment=hull",
                        "&establishment=X", "&establishment=ABCDEFGHI", "&establishment="))
                .as((p, n, e) -> "pin=" + p + "&number=" + n + e);
        Arbitrary<String> param = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(PINS).map(p -> "pin=" + p)),
                Tuple.of(3, number.map(n -> "number=" + n)),
                Tuple.of(1, Arbitraries.of("establishment=HULL", "foo=bar", "pin", "=", "", "a=%", "number",
                        "number=%F0%9F%98%80", "number=%ED%A0%80", "PIN=1234")));
        return Arbitraries.frequencyOf(
                Tuple.of(4, usual),
                Tuple.of(1, param.list().ofMaxSize(4).map(l -> String.join("&", l))));
    }

    /** Header lines that change or confuse framing: the request smuggling shapes, and sizes over the limits. */
    private Arbitrary<String> hostileHeader() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.of(
                        "Transfer-Encoding: chunked", "Content-Length: 5", "Content-Length: 0", "Content-Length: -1",
                        "Content-Length: +5", "Content-Length: 0x10", "Content-Length: 1, 1", "Content-Length:",
                        "Content-Length: 99999999999999999999", "Content-Length: 9223372036854775807",
                        "Content-Length: 999999999999999999", "Content-Length: 65537", "Content-Length: 65536",
                        "Content-Length: 2147483648", "Content-Length : 5", "content-length: 5", "Content-Length: 5 ",
                        "Transfer-Encoding: chunked, identity", "Transfer-Encoding: identity", "Transfer-Encoding: gzip",
                        "Transfer-Encoding : chunked", " Transfer-Encoding: chunked", "Transfer-Encoding:\tchunked",
                        "Transfer-Encoding: xchunked", "Transfer-Encoding: CHUNKED", "Transfer-Encoding: chunked\r\n x",
                        "X-Folded: a\r\n  continued", "X-Folded: a\r\n\tcontinued", "Host: a\r\nHost: b", "Host\t: x",
                        "Expect: 100-continue", "Expect: 200-ok", "Connection: close, keep-alive", "X\u00e9: 1",
                        "X-Nul: a\u0000b", "X-Del: a\u007fb", "X-Bare-CR: a\rb", "X-Bare-LF: a\nb", ": empty name",
                        "NoColon", "Transfer-Encoding: chunked\r\nContent-Length: 3")),
                Tuple.of(1, Arbitraries.of(4_000, 8_150, 8_200, 9_000).map(n -> "X-Big: " + "a".repeat(n))));
    }

    private Arbitrary<byte[]> body() {
        Arbitrary<String> json = Combinators.combine(Arbitraries.of("1234", "0001", "", "12 34", "x".repeat(33)),
                Arbitraries.of("07700900456", "+44 7700 900456", "0113 496 0456", "07700900123", "\uff10\uff17700900456",
                        "", "1".repeat(65), "07700\u2212900456", "\\ud800", "\\u0000"),
                Arbitraries.of("", ",\"establishment\":\"HULL\"", ",\"establishment\":null", ",\"establishment\":\"hull\"",
                        ",\"pin\":\"1234\"", ",\"extra\":1", ",\"number\":7700900456"))
                .as((p, n, e) -> "{\"pin\":\"" + p + "\",\"number\":\"" + n + "\"" + e + "}");
        Arbitrary<String> odd = Arbitraries.of("", "{}", "[]", "null", "\"x\"", "{\"pin\":1234,\"number\":\"07700900456\"}",
                "{\"pin\":\"1234\",\"number\":\"07700900456\"} x", "{\"pin\":\"1234\",\"number\":\"07700900456\"}{}",
                "{\"pin\":\"1234\"", "{\"pin\":\"1234\",\"number\":[\"07700900456\"]}", "{\"a\":" + "[".repeat(3000),
                "[".repeat(3000) + "]".repeat(3000), "{\"pin\":\"1234\",\"number\":\"0770090" + "0".repeat(70_000) + "\"}");
        return Arbitraries.frequencyOf(
                Tuple.of(6, json.map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(2, odd.map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)),
                Tuple.of(1, Arbitraries.just(new byte[0])));
    }

    private static byte[] render(String methodAndTarget, String version, List<String> plain, List<String> hostile,
            byte[] body, Framing framing, List<Integer> chunkCuts, String chunkExtra) {
        // a GET or HEAD mostly comes without a body; one in four keeps its framing (a body the server must skip)
        boolean get = methodAndTarget.startsWith("GET ") || methodAndTarget.startsWith("HEAD ");
        Framing f = get && framing != Framing.NONE && body.length % 4 != 0 ? Framing.NONE : framing;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(latin1(methodAndTarget + " " + version + "\r\n"));
        for (String h : plain) {
            out.writeBytes(latin1(h + "\r\n"));
        }
        for (String h : hostile) {
            out.writeBytes(latin1(h + "\r\n"));
        }
        switch (f) {
            case NONE -> out.writeBytes(latin1("\r\n"));
            case LENGTH, LENGTH_SHORT, LENGTH_LONG -> {
                int announced = f == Framing.LENGTH ? body.length
                        : f == Framing.LENGTH_SHORT ? Math.max(0, body.length - 3) : body.length + 7;
                out.writeBytes(latin1("Content-Length: " + announced + "\r\n\r\n"));
                out.writeBytes(body);
            }
            default -> {
                out.writeBytes(latin1("Transfer-Encoding: chunked\r\n\r\n"));
                TreeSet<Integer> ends = new TreeSet<>();
                for (int c : chunkCuts) {
                    ends.add(c % (body.length + 1));
                }
                ends.remove(0);
                ends.add(body.length);
                int from = 0;
                for (int end : ends) {
                    if (end == 0) {
                        continue;
                    }
                    boolean first = from == 0;
                    out.writeBytes(latin1(Integer.toHexString(end - from) + (first ? chunkExtra.startsWith("\r") ? "" : chunkExtra : "") + "\r\n"));
                    out.write(body, from, end - from);
                    out.writeBytes(latin1("\r\n"));
                    from = end;
                }
                if (f == Framing.CHUNKED) {
                    out.writeBytes(latin1("0\r\n" + (chunkExtra.startsWith("\r") ? chunkExtra.substring(2) + "\r\n" : "") + "\r\n"));
                }
            }
        }
        return out.toByteArray();
    }

    // ---- mutations -------------------------------------------------------------------------------

    private enum Edit { FLIP, SET, INSERT, DELETE, DUPLICATE, TRUNCATE, CR_TO_NOTHING, LF_TO_NOTHING, CRLF_IN, OBS_FOLD,
        HUGE_LENGTH, CHUNK_SIZE }

    /** One edit at {@code at} (taken modulo the length) of {@code length} bytes, with {@code value} where one is needed. */
    record Mutation(Edit edit, int at, int length, int value) {
    }

    private Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.of(Edit.class), Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(1, 64), Arbitraries.integers().between(0, 255)).as(Mutation::new);
    }

    private static byte[] mutate(byte[] input, List<Mutation> mutations) {
        byte[] b = input;
        for (Mutation m : mutations) {
            b = apply(b, m);
        }
        return b;
    }

    private static byte[] apply(byte[] b, Mutation m) {
        int n = b.length;
        int at = m.at() % (n + 1);
        int len = Math.min(m.length(), n - at);
        return switch (m.edit()) {
            case FLIP -> n == 0 ? b : set(b, at % n, (byte) (b[at % n] ^ (1 << (m.value() & 7))));
            case SET -> n == 0 ? b : set(b, at % n, (byte) m.value());
            case INSERT -> splice(b, at, 0, new byte[] {(byte) m.value()});
            case DELETE -> splice(b, at, len, new byte[0]);
            case DUPLICATE -> splice(b, at + len, 0, Arrays.copyOfRange(b, at, at + len));
            case TRUNCATE -> Arrays.copyOf(b, at);
            case CR_TO_NOTHING -> atLineEnd(b, m.value(), 0, 1, "");
            case LF_TO_NOTHING -> atLineEnd(b, m.value(), 1, 1, "");
            case CRLF_IN -> splice(b, at, 0, latin1("\r\n"));
            case OBS_FOLD -> atLineEnd(b, m.value(), 2, 0, " folded\r\n\t");
            case HUGE_LENGTH -> splice(b, at, 0, latin1(m.value() % 2 == 0 ? "\r\nContent-Length: 99999999999999999"
                    : "\r\nTransfer-Encoding: chunked"));
            case CHUNK_SIZE -> splice(b, at, 0, latin1(m.value() % 2 == 0 ? "7fffffff\r\n" : "ffffffffffffffffff\r\n"));
        };
    }

    /** At the k-th CRLF (k = which modulo their count): replaces {@code remove} bytes at offset {@code skip} by {@code insert}. */
    private static byte[] atLineEnd(byte[] b, int which, int skip, int remove, String insert) {
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                ends.add(i);
            }
        }
        if (ends.isEmpty()) {
            return b;
        }
        int at = ends.get(which % ends.size()) + Math.min(skip, 2);
        return splice(b, at, Math.min(remove, b.length - at), latin1(insert));
    }

    private static byte[] set(byte[] b, int at, byte v) {
        byte[] c = b.clone();
        c[at] = v;
        return c;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] c = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(insert, 0, c, at, insert.length);
        System.arraycopy(b, at + remove, c, at + insert.length, b.length - at - remove);
        return c;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
