package screening.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The decoder alone on an EmbeddedChannel, with a recorder behind it that writes down each
 * message as it arrives (the head is reused, so it must be read then). Every input is also fed
 * split at every byte boundary, and one byte at a time: the messages must not change.
 */
class QueryRequestDecoderTest {

    private static final String GET = "GET /v1/screen?pin=1234&number=07700900456 HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String POST_BODY = "{\"pin\":\"1234\",\"number\":\"01632 960321\"}";
    private static final String POST = "POST /v1/screen HTTP/1.1\r\nHost: x\r\ncontent-length: " + POST_BODY.length()
            + "\r\nExpect: 100-continue\r\n\r\n" + POST_BODY;
    private static final String CHUNKED = "POST /v1/screen HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "a;name=value\r\n{\"pin\":\"12\r\n"
            + "1B \r\n34\",\"number\":\"07700900123\"}\r\n"
            + "0\r\nX-Trailer: yes\r\nChecksum: 1\r\n\r\n";
    private static final String LIVE_10 = "\r\n\r\nGET /health/live HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n";

    /** Records each message as text at the moment it arrives; consecutive body slices are merged. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<String> events = new ArrayList<>();
        private StringBuilder body;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) {
                if (body == null) {
                    body = new StringBuilder();
                }
                body.append(b.toString(StandardCharsets.ISO_8859_1));
                b.release();
                return;
            }
            if (body != null) {
                events.add("BODY " + body);
                body = null;
            }
            if (msg instanceof QueryRequestHead h) {
                // the query's bytes as ISO-8859-1, one char per byte; "null" for a path that keeps none
                String query = h.path == QueryRequestHead.SCREEN
                        ? new String(h.query, 0, h.queryLength, java.nio.charset.StandardCharsets.ISO_8859_1) : null;
                events.add("HEAD method=" + h.method + " path=" + h.path + " query=" + query + " http10=" + h.http10
                        + " keepAlive=" + h.keepAlive + " length=" + h.contentLength + " chunked=" + h.chunked
                        + " expect=" + h.expectContinue);
            } else if (msg instanceof QueryError e) {
                events.add("ERROR " + e);
            } else {
                events.add(String.valueOf(msg));
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Feeds {@code chunks} one read each and returns what the decoder emitted. */
    private static List<String> decode(boolean endOfInput, byte[]... chunks) {
        Recorder recorder = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new QueryRequestDecoder(), recorder);
        List<ByteBuf> inputs = new ArrayList<>();
        for (byte[] chunk : chunks) {
            ByteBuf b = Unpooled.wrappedBuffer(chunk);
            inputs.add(b);
            ch.writeInbound(b);
        }
        if (endOfInput) {
            ch.finish();
        }
        ch.checkException();
        for (ByteBuf b : inputs) {
            assertThat(b.refCnt()).as("every input buffer and body slice released").isZero();
        }
        ch.finishAndReleaseAll();
        return recorder.events;
    }

    private static List<String> decode(String input) {
        return decode(false, bytes(input));
    }

    /** Asserts that {@code input} decodes to the same messages whole, split anywhere, and byte by byte. */
    private static List<String> decodeEverySplit(String input) {
        byte[] all = bytes(input);
        List<String> whole = decode(false, all);
        for (int k = 1; k < all.length; k++) {
            byte[] a = java.util.Arrays.copyOfRange(all, 0, k);
            byte[] b = java.util.Arrays.copyOfRange(all, k, all.length);
            assertThat(decode(false, a, b)).as("split at byte %d", k).isEqualTo(whole);
        }
        byte[][] single = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            single[i] = new byte[] {all[i]};
        }
        assertThat(decode(false, single)).as("one byte per read").isEqualTo(whole);
        return whole;
    }

    @Test
    void decode_pipelinedGetPostChunkedHealth_splitAnywhere_sameMessagesInOrder() {
        List<String> events = decodeEverySplit(GET + POST + CHUNKED + LIVE_10);

        assertThat(events).containsExactly(
                "HEAD method=0 path=0 query=pin=1234&number=07700900456 http10=false keepAlive=true length=-1"
                        + " chunked=false expect=false",
                "HEAD method=1 path=0 query= http10=false keepAlive=true length=" + POST_BODY.length()
                        + " chunked=false expect=true",
                "BODY " + POST_BODY,
                "END",
                "HEAD method=1 path=0 query= http10=false keepAlive=true length=-1 chunked=true expect=false",
                "BODY {\"pin\":\"1234\",\"number\":\"07700900123\"}",
                "END",
                "HEAD method=0 path=1 query=null http10=true keepAlive=true length=-1 chunked=false expect=false");
    }

    @Test
    void decode_getWithBody_emitsBodyThenEnd_andNextRequest() {
        List<String> events = decodeEverySplit("GET /health/ready HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
                + "PUT /x?y HTTP/1.1\r\nConnection: close\r\n\r\n");

        assertThat(events).containsExactly(
                "HEAD method=0 path=2 query=null http10=false keepAlive=true length=3 chunked=false expect=false",
                "BODY abc",
                "END",
                "HEAD method=3 path=3 query=null http10=false keepAlive=false length=-1 chunked=false expect=false");
    }

    @Test
    void decode_connectionTokensAndHeaderNames_caseInsensitive() {
        List<String> events = decode("GET /health/live HTTP/1.1\r\nCONNECTION: Upgrade, CLOSE\r\n\r\n"
                + "GET /health/live HTTP/1.0\r\nconnection:keep-alive\r\nEXPECT: 100-Continue\r\n\r\n"
                + "GET /health/live HTTP/1.0\r\n\r\n"
                + "POST /v1/screen HTTP/1.1\r\nCONTENT-LENGTH: 0\r\neXpEcT: 100-continue\r\n\r\n");

        assertThat(events).extracting(e -> e.replaceAll(".*keepAlive=(\\w+).*expect=(\\w+)", "$1 $2"))
                .containsExactly("false false", "true false", "false false", "true true");
    }

    @Test
    void decode_versionsAndSeparators_asNettyReadThem() {
        List<String> events = decode("GET  /v1/screen?a  HTTP/1.1\r\n\r\n" + "GET\t/health/live\tHTTP/1.1\r\n\r\n"
                + "GET /health/live http/1.1\r\n\r\n" + "GET /health/live HTTP/1.2\r\n\r\n"
                + "get /v1/screen HTTP/1.1\r\n\r\n" + "HEAD /v1/screen?q HTTP/1.1\r\n\r\n");

        assertThat(events).extracting(e -> e.replaceAll("HEAD method=(\\d) path=(\\d) query=(\\S*) http10=(\\w+).*",
                "$1 $2 $3 $4")).containsExactly("0 0 a false", "0 1 null false", "0 1 null false", "0 1 null false",
                "3 0  false", "2 0 q false");
    }

    @Test
    void decode_rawNonAsciiInQuery_keptByteForByte() {
        List<String> events = decode(false, new byte[] {'G', 'E', 'T', ' ', '/', 'v', '1', '/', 's', 'c', 'r', 'e', 'e',
            'n', '?', 'n', '=', (byte) 0xC3, (byte) 0x28, ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n', '\r',
            '\n'});

        assertThat(events).hasSize(1);
        assertThat(events.get(0)).contains("query=n=\u00C3(");
    }

    @Test
    void decode_requestLineOf8KiB_isAccepted_andOneByteMore_is414() {
        String prefix = "GET /v1/screen?n=";
        String suffix = " HTTP/1.1";
        String exact = prefix + "0".repeat(8192 - prefix.length() - suffix.length()) + suffix;

        assertThat(decode(exact + "\r\n\r\n")).hasSize(1).allMatch(e -> e.startsWith("HEAD"));
        assertThat(decode(exact.replace("?n=", "?n=0") + "\r\n\r\n")).containsExactly("ERROR URI_TOO_LONG");
        assertThat(decode(false, bytes(exact.replace("?n=", "?n=00")))).containsExactly("ERROR URI_TOO_LONG");
    }

    @Test
    void decode_headerBlockOf8KiB_isAccepted_andOneByteMore_is431() {
        String line = "X-Pad: " + "a".repeat(1017); // 1024 bytes without CRLF
        String exact = "GET /health/live HTTP/1.1\r\n" + (line + "\r\n").repeat(8) + "\r\n";

        assertThat(decode(exact)).hasSize(1).allMatch(e -> e.startsWith("HEAD"));
        assertThat(decode(exact.replace("X-Pad: ", "X-Pad: a"))).containsExactly("ERROR HEADERS_TOO_LARGE");
        assertThat(decode("GET /health/live HTTP/1.1\r\nX-Big: " + "a".repeat(9000))).containsExactly("ERROR HEADERS_TOO_LARGE");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "THIS IS NOT HTTP\r\n\r\n",
        "GET /v1/screen\r\n\r\n",
        "GET /v1/screen HTTP/2.0\r\n\r\n",
        "GET /v1/screen HTTP/1.1 \r\n\r\n",
        "GET /v1/screen HTTP/1\r\n\r\n",
        "G@T /v1/screen HTTP/1.1\r\n\r\n",
        " GET\r/v1/screen HTTP/1.1\r\n\r\n",
        "GET /v1/screen HTTP/1.1\n\n",
        "GET /v1/screen HTTP/1.1\r\nHost: x\n\r\n",
        "GET /v1/screen HTTP/1.1\r\nHost x\r\n\r\n",
        "GET /v1/screen HTTP/1.1\r\nHost : x\r\n\r\n",
        "GET /v1/screen HTTP/1.1\r\n: x\r\n\r\n",
        "GET /v1/screen HTTP/1.1\r\n Host: x\r\n\r\n",
        "GET /v1/screen HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
        "GET /v1/screen HTTP/1.1\r\nHost: a\u0001b\r\n\r\n",
        "GET /v1/screen HTTP/1.1\r\nHost: a\rb\r\n\r\n",
        "GET /v1/screen HTTP/1.1\r\nX\u00e9: x\r\n\r\n",
        "POST /v1/screen HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
        "POST /v1/screen HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "POST /v1/screen HTTP/1.1\r\nContent-Length: +1\r\n\r\nx",
        "POST /v1/screen HTTP/1.1\r\nContent-Length: 1, 1\r\n\r\nx",
        "POST /v1/screen HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
        "POST /v1/screen HTTP/1.1\r\nContent-Length: \r\n\r\n",
        "POST /v1/screen HTTP/1.1\r\nContent-Length: 1234567890123456789\r\n\r\n",
        "POST /v1/screen HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /v1/screen HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
        "POST /v1/screen HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        "POST /v1/screen HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        "POST /v1/screen HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /v1/screen HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    })
    void decode_unframeableHead_400AndNothingAfter(String input) {
        List<String> events = decodeEverySplit(input + GET);

        assertThat(events).containsExactly("ERROR BAD_REQUEST");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "zz\r\n",
        "\r\n",
        " 1\r\nx\r\n",
        "80000000\r\n",
        "1\nx\r\n",
        "1\r\nxy\r\n",
        "1\r\nx\n0\r\n\r\n",
        "1;a\u0001\r\nx\r\n",
        "1\r\nx\r\n0\r\nno colon\r\n\r\n",
        "1\r\nx\r\n0\r\nTrailer: x\n\r\n",
    })
    void decode_badChunk_400AfterTheHead(String chunks) {
        List<String> events = decodeEverySplit("POST /v1/screen HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + GET);

        assertThat(events.get(0)).startsWith("HEAD method=1");
        assertThat(events.get(events.size() - 1)).isEqualTo("ERROR BAD_REQUEST");
        assertThat(events).doesNotContain("END").noneMatch(e -> e.startsWith("HEAD method=0"));
    }

    @Test
    void decode_chunkSizeLineOver8KiB_400() {
        List<String> events = decode("POST /v1/screen HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;"
                + "x".repeat(9000) + "\r\n");

        assertThat(events).last().isEqualTo("ERROR BAD_REQUEST");
    }

    @Test
    void decode_largeChunkSizeAndUpperCaseHex_readsWholeChunk() {
        String data = "y".repeat(0x1AB);
        List<String> events = decodeEverySplit("POST /v1/screen HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n1AB\r\n" + data
                + "\r\n0\r\n\r\n");

        assertThat(events).containsExactly(
                "HEAD method=1 path=0 query= http10=false keepAlive=true length=-1 chunked=true expect=false",
                "BODY " + data, "END");
    }

    @Test
    void decodeLast_inputEndsInsideARequest_400() {
        assertThat(decode(true, bytes("GET /v1/screen?pin=1"))).containsExactly("ERROR BAD_REQUEST");
        assertThat(decode(true, bytes("GET /v1/screen HTTP/1.1\r\nHost: x\r\n"))).containsExactly("ERROR BAD_REQUEST");
        assertThat(decode(true, bytes("POST /v1/screen HTTP/1.1\r\nContent-Length: 5\r\n\r\nab")))
                .endsWith("BODY ab", "ERROR BAD_REQUEST");
    }

    @Test
    void decodeLast_inputEndsBetweenRequests_nothingMore() {
        assertThat(decode(true, bytes(GET + "\r\n"))).hasSize(1).allMatch(e -> e.startsWith("HEAD"));
        assertThat(decode(true)).isEmpty();
    }
}
