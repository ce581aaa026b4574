package screening.server.query;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The query port's HTTP/1.1 request decoder (RFC 9112 sections 2-7), in place of Netty's
 * {@code HttpRequestDecoder}: it reads the request line and headers straight from the cumulation
 * and keeps only what {@link QueryHandler} needs.
 *
 * <p>Per request it emits, in order: the connection's one reused {@link QueryRequestHead}; then,
 * only when {@link QueryRequestHead#hasBody()}, the body as retained {@link ByteBuf} slices (the
 * reader releases each) and {@link #END}. When the bytes cannot be framed it emits one
 * {@link QueryError} ({@code BAD_REQUEST}, {@code URI_TOO_LONG} or {@code HEADERS_TOO_LARGE}) and
 * drops everything after it. A request cut short by the end of input ends as {@code BAD_REQUEST}.
 *
 * <p>One instance per connection, event loop only; never blocks, never throws on any input.
 */
final class QueryRequestDecoder extends ByteToMessageDecoder {

    /*
     * States, one request after another (anything unframeable --> FAILED, which drops the rest):
     *
     *   START --request line--> HEADERS --empty line--> emit head --+--> START (no body)
     *                                                               +--> FIXED (Content-Length)
     *   FIXED --slices--> emit END --> START                        +--> CHUNK_SIZE (chunked)
     *   CHUNK_SIZE --size > 0--> CHUNK_DATA --slices--> CHUNK_END (CRLF) --> CHUNK_SIZE
     *   CHUNK_SIZE --size 0--> TRAILERS --empty line--> emit END --> START
     *
     * Each line is found with ByteBuf.indexOf (never rescanning what an earlier read searched),
     * copied once into a reused array and parsed there; the only objects made per request are
     * body slices (the query string of /v1/screen is copied into the head's reused array). The
     * head is reused because the handler reads it inside the channelRead that delivers it
     * (ByteToMessageDecoder fires each decode call's output before it decodes again).
     *
     * Strictness follows what Netty 4.2's decoder (strict line parsing, its default) answered
     * with a failure, plus obs-fold and any transfer coding but chunked: a bare LF line end, a
     * header name with whitespace or a non-token byte, a control byte in a value, a repeated or
     * non-decimal Content-Length, Content-Length with Transfer-Encoding, Transfer-Encoding on
     * HTTP/1.0, a chunk without its CRLF. Each of those can be read two ways by two parsers
     * (request smuggling), so each is a 400 and a close, never a guess. As Netty does, blank
     * and control bytes before a request line are skipped (RFC 9112 section 2.2) and runs of
     * SP, HTAB, VT or FF separate the request line's three parts.
     */

    /** Follows the last body slice of a request that has a body. */
    static final Object END = new Object() {
        @Override
        public String toString() {
            return "END";
        }
    };

    /** Request line limit, excluding CRLF; over it is 414. The chunk-size line has it too (400). */
    static final int MAX_LINE_BYTES = QueryChannelInitializer.MAX_INITIAL_LINE_BYTES;
    /** Header block limit, the lines excluding their CRLFs; over it is 431. Trailers have it too (400). */
    static final int MAX_HEADER_BYTES = QueryChannelInitializer.MAX_HEADER_BYTES;

    private static final int START = 0;
    private static final int HEADERS = 1;
    private static final int FIXED = 2;
    private static final int CHUNK_SIZE = 3;
    private static final int CHUNK_DATA = 4;
    private static final int CHUNK_END = 5;
    private static final int TRAILERS = 6;
    private static final int FAILED = 7;

    // readLine results besides a length
    private static final int NEED_MORE = -1;
    private static final int TOO_LONG = -2;
    private static final int BARE_LF = -3;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final int MAX_CONTENT_LENGTH_DIGITS = 18; // fits a long

    private static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] SEPARATOR = new boolean[256];
    private static final boolean[] FIELD_BYTE = new boolean[256];
    private static final boolean[] TARGET_END = new boolean[256]; // a separator or CR
    private static final boolean[] PATH_END = new boolean[256]; // a separator, CR or '?'

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            TCHAR[c] = true;
            TCHAR[c + 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        SEPARATOR[' '] = SEPARATOR['\t'] = SEPARATOR[0x0B] = SEPARATOR[0x0C] = true;
        for (int c = 0; c < 256; c++) {
            TARGET_END[c] = SEPARATOR[c] || c == CR;
            PATH_END[c] = TARGET_END[c] || c == '?';
        }
        // field-value bytes (RFC 9110 section 5.5): HTAB, SP, VCHAR, obs-text
        FIELD_BYTE['\t'] = true;
        for (int c = 0x20; c < 256; c++) {
            FIELD_BYTE[c] = c != 0x7F;
        }
    }

    private final QueryRequestHead head = new QueryRequestHead();
    private byte[] line = new byte[256]; // the current line's content, grown up to a limit
    private int state = START;
    private int scanned; // bytes after readerIndex already searched for LF without finding one
    private int blockBytes; // header or trailer bytes so far, against MAX_HEADER_BYTES
    private long remaining; // bytes left of the fixed body or of the current chunk
    private boolean sawContentLength;
    private boolean sawTransferEncoding;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    /** Requests read whole so far: the connection's progress for its timeouts. */
    private long requests;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case START -> {
                if (skipBlank(in) && readRequestLine(in, out)) {
                    readHeaders(in, out);
                }
            }
            case HEADERS -> readHeaders(in, out);
            case FIXED -> readFixed(in, out);
            case CHUNK_SIZE -> readChunkSize(in, out);
            case CHUNK_DATA -> readChunkData(in, out);
            case CHUNK_END -> readChunkEnd(in, out);
            case TRAILERS -> readTrailer(in, out);
            default -> in.skipBytes(in.readableBytes()); // FAILED: the framing is lost for good
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (state != FAILED && (state != START || in.isReadable())) {
            fail(in, out, QueryError.BAD_REQUEST); // the input ended inside a request
        }
    }

    /**
     * Whether part of a request has been read and not all of it (or the framing is lost). In
     * START, bytes still held are the start of a request line: blank bytes before one are
     * skipped as they arrive.
     */
    boolean receiving() {
        return state != START || actualReadableBytes() > 0;
    }

    /** How many requests have been read whole on this connection. */
    long requests() {
        return requests;
    }

    /** Drops what is held and everything that arrives after it (a request that timed out). */
    void discard() {
        ByteBuf held = internalBuffer();
        held.skipBytes(held.readableBytes());
        state = FAILED;
        scanned = 0;
    }

    /** Skips blank and control bytes before a request line; false when none of the line is here yet. */
    private static boolean skipBlank(ByteBuf in) {
        int r = in.readerIndex();
        int w = in.writerIndex();
        while (r < w && (in.getByte(r) & 0xFF) <= ' ') {
            r++;
        }
        in.readerIndex(r);
        return r < w;
    }

    private boolean readRequestLine(ByteBuf in, List<Object> out) {
        int n = readLine(in, MAX_LINE_BYTES);
        if (n < 0) {
            if (n != NEED_MORE) {
                fail(in, out, n == TOO_LONG ? QueryError.URI_TOO_LONG : QueryError.BAD_REQUEST);
            }
            return false;
        }
        head.reset();
        if (!parseRequestLine(n)) {
            fail(in, out, QueryError.BAD_REQUEST);
            return false;
        }
        state = HEADERS;
        blockBytes = 0;
        sawContentLength = false;
        sawTransferEncoding = false;
        connectionClose = false;
        connectionKeepAlive = false;
        return true;
    }

    private void readHeaders(ByteBuf in, List<Object> out) {
        for (;;) {
            int n = readLine(in, MAX_HEADER_BYTES - blockBytes);
            if (n == 0) {
                break;
            }
            if (n < 0) {
                if (n != NEED_MORE) {
                    fail(in, out, n == TOO_LONG ? QueryError.HEADERS_TOO_LARGE : QueryError.BAD_REQUEST);
                }
                return;
            }
            blockBytes += n;
            if (!parseHeader(n)) {
                fail(in, out, QueryError.BAD_REQUEST);
                return;
            }
        }
        QueryRequestHead h = head;
        if (sawTransferEncoding && (sawContentLength || h.http10)) {
            // RFC 9112 section 6.1 and 6.3: both framings, or chunked on 1.0, cannot be trusted
            fail(in, out, QueryError.BAD_REQUEST);
            return;
        }
        h.keepAlive = !connectionClose && (!h.http10 || connectionKeepAlive);
        h.expectContinue &= !h.http10;
        out.add(h);
        if (h.chunked) {
            state = CHUNK_SIZE;
        } else if (h.contentLength > 0) {
            remaining = h.contentLength;
            state = FIXED;
        } else {
            state = START;
            requests++;
        }
    }

    private void readFixed(ByteBuf in, List<Object> out) {
        if (passBody(in, out)) {
            out.add(END);
            state = START;
            requests++;
        }
    }

    /** Passes on what is here of the {@code remaining} body bytes, as a slice; whether none remain. */
    private boolean passBody(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(in.readableBytes(), remaining);
        if (n == 0) {
            return false;
        }
        out.add(in.readRetainedSlice(n));
        remaining -= n;
        return remaining == 0;
    }

    private void readChunkSize(ByteBuf in, List<Object> out) {
        int n = readLine(in, MAX_LINE_BYTES);
        if (n == NEED_MORE) {
            return;
        }
        long size = n < 0 ? -1 : parseChunkSize(n);
        if (size < 0) {
            fail(in, out, QueryError.BAD_REQUEST);
        } else if (size == 0) {
            blockBytes = 0;
            state = TRAILERS;
        } else {
            remaining = size;
            state = CHUNK_DATA;
        }
    }

    private void readChunkData(ByteBuf in, List<Object> out) {
        if (passBody(in, out)) {
            state = CHUNK_END;
        }
    }

    private void readChunkEnd(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 2) {
            return;
        }
        int r = in.readerIndex();
        if (in.getByte(r) != CR || in.getByte(r + 1) != LF) {
            fail(in, out, QueryError.BAD_REQUEST);
            return;
        }
        in.skipBytes(2);
        state = CHUNK_SIZE;
    }

    private void readTrailer(ByteBuf in, List<Object> out) {
        int n = readLine(in, MAX_HEADER_BYTES - blockBytes);
        if (n == NEED_MORE) {
            return;
        }
        if (n == 0) {
            out.add(END);
            state = START;
            requests++;
            return;
        }
        blockBytes += Math.max(n, 0);
        // trailer fields are checked like headers, then ignored (RFC 9112 section 7.1.2)
        if (n < 0 || fieldValueStart(n) < 0) {
            fail(in, out, QueryError.BAD_REQUEST);
        }
    }

    private void fail(ByteBuf in, List<Object> out, QueryError e) {
        in.skipBytes(in.readableBytes());
        out.add(e);
        state = FAILED;
        scanned = 0;
    }

    /**
     * Reads one CRLF-terminated line of at most {@code max} bytes (CRLF excluded) into
     * {@link #line} and past it in {@code in}.
     *
     * @return the line's length, or NEED_MORE, TOO_LONG or BARE_LF
     */
    private int readLine(ByteBuf in, int max) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int window = (int) Math.min(readable, max + 2L);
        int lf = scanned < window ? in.indexOf(start + scanned, start + window, LF) : -1;
        if (lf < 0) {
            if (readable >= max + 2L) {
                scanned = 0;
                return TOO_LONG;
            }
            scanned = window;
            return NEED_MORE;
        }
        scanned = 0;
        int n = lf - start;
        if (n == 0 || in.getByte(lf - 1) != CR) {
            return BARE_LF;
        }
        n--;
        if (line.length < n) {
            line = new byte[Math.max(n, Math.min(2 * line.length, Math.max(MAX_LINE_BYTES, MAX_HEADER_BYTES)))];
        }
        in.getBytes(start, line, 0, n);
        in.readerIndex(lf + 1);
        return n;
    }

    /** {@code method SP request-target SP HTTP/1.x} (RFC 9112 section 3). */
    private boolean parseRequestLine(int n) {
        byte[] b = line;
        int i = 0;
        while (i < n && TCHAR[b[i] & 0xFF]) {
            i++;
        }
        int methodEnd = i;
        if (methodEnd == 0 || i == n || !SEPARATOR[b[i] & 0xFF]) {
            return false;
        }
        while (i < n && SEPARATOR[b[i] & 0xFF]) {
            i++;
        }
        int targetStart = i;
        while (i < n && !PATH_END[b[i] & 0xFF]) {
            i++;
        }
        int query = -1;
        if (i < n && b[i] == '?') {
            query = i++;
            while (i < n && !TARGET_END[b[i] & 0xFF]) {
                i++;
            }
        }
        if (i < n && b[i] == CR) {
            return false; // a bare CR (RFC 9112 section 2.2)
        }
        int targetEnd = i;
        while (i < n && SEPARATOR[b[i] & 0xFF]) {
            i++;
        }
        if (targetEnd == targetStart || i == targetEnd || n - i != 8 || !isHttp1(b, i)) {
            return false;
        }
        QueryRequestHead h = head;
        h.http10 = b[i + 7] == '0';
        h.method = methodEnd == 3 && b[0] == 'G' && b[1] == 'E' && b[2] == 'T' ? QueryRequestHead.GET
                : methodEnd == 4 && b[0] == 'P' && b[1] == 'O' && b[2] == 'S' && b[3] == 'T' ? QueryRequestHead.POST
                : methodEnd == 4 && b[0] == 'H' && b[1] == 'E' && b[2] == 'A' && b[3] == 'D' ? QueryRequestHead.HEAD
                : QueryRequestHead.OTHER_METHOD;
        int pathEnd = query < 0 ? targetEnd : query;
        if (matches(b, targetStart, pathEnd, SCREEN_PATH)) {
            h.path = QueryRequestHead.SCREEN;
            if (query >= 0) {
                h.setQuery(b, query + 1, targetEnd - query - 1);
            }
        } else if (matches(b, targetStart, pathEnd, LIVE_PATH)) {
            h.path = QueryRequestHead.LIVE;
        } else if (matches(b, targetStart, pathEnd, READY_PATH)) {
            h.path = QueryRequestHead.READY;
        } else {
            h.path = QueryRequestHead.OTHER_PATH;
        }
        return true;
    }

    private static final byte[] SCREEN_PATH = ascii("/v1/screen");
    private static final byte[] LIVE_PATH = ascii("/health/live");
    private static final byte[] READY_PATH = ascii("/health/ready");

    // "HTTP" is matched as Netty did (any case); the major version must be 1, any 1.x above 1.0 is 1.1
    private static boolean isHttp1(byte[] b, int i) {
        return (b[i] | 0x20) == 'h' && (b[i + 1] | 0x20) == 't' && (b[i + 2] | 0x20) == 't' && (b[i + 3] | 0x20) == 'p'
                && b[i + 4] == '/' && b[i + 5] == '1' && b[i + 6] == '.' && b[i + 7] >= '0' && b[i + 7] <= '9';
    }

    private static boolean matches(byte[] b, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks {@code name ":" OWS value OWS} (RFC 9112 section 5) in {@link #line}.
     *
     * @return where the value starts, or -1 when the line is not a valid field line
     */
    private int fieldValueStart(int n) {
        byte[] b = line;
        int i = 0;
        // a line that starts with whitespace is obs-fold (section 5.2), or whitespace before the first field
        while (i < n && TCHAR[b[i] & 0xFF]) {
            i++;
        }
        if (i == 0 || i == n || b[i] != ':') {
            return -1; // no name, no colon, or whitespace or a non-token byte before the colon
        }
        int valueStart = i + 1;
        for (int j = valueStart; j < n; j++) {
            if (!FIELD_BYTE[b[j] & 0xFF]) {
                return -1; // CR, NUL, DEL or another control byte in the value
            }
        }
        return valueStart;
    }

    private boolean parseHeader(int n) {
        int v = fieldValueStart(n);
        if (v < 0) {
            return false;
        }
        byte[] b = line;
        int nameLength = v - 1;
        int end = n;
        while (v < end && (b[v] == ' ' || b[v] == '\t')) {
            v++;
        }
        while (end > v && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        switch (nameLength) {
            case 6 -> {
                if (nameIs(EXPECT) && equalsIgnoreCase(b, v, end, CONTINUE_100)) {
                    head.expectContinue = true;
                }
            }
            case 10 -> {
                if (nameIs(CONNECTION)) {
                    connectionOptions(b, v, end);
                }
            }
            case 14 -> {
                if (nameIs(CONTENT_LENGTH)) {
                    return contentLength(b, v, end);
                }
            }
            case 17 -> {
                if (nameIs(TRANSFER_ENCODING)) {
                    // chunked is the only coding this port reads; a list or a repeat is refused
                    if (sawTransferEncoding || !equalsIgnoreCase(b, v, end, CHUNKED)) {
                        return false;
                    }
                    sawTransferEncoding = true;
                    head.chunked = true;
                }
            }
            default -> {
                // a field the query port does not use
            }
        }
        return true;
    }

    private static final byte[] EXPECT = ascii("expect");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONTINUE_100 = ascii("100-continue");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");

    private boolean nameIs(byte[] lowerName) {
        return equalsIgnoreCase(line, 0, lowerName.length, lowerName);
    }

    // lowerExpected is lower-case letters and '-' only: OR-ing 0x20 folds letters and nothing else onto them
    private static boolean equalsIgnoreCase(byte[] b, int from, int to, byte[] lowerExpected) {
        if (to - from != lowerExpected.length) {
            return false;
        }
        for (int i = 0; i < lowerExpected.length; i++) {
            byte c = b[from + i];
            if (c != lowerExpected[i] && (c | 0x20) != lowerExpected[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code Connection: token, token}: close and keep-alive are the options that matter here. */
    private void connectionOptions(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int comma = i;
            while (comma < to && b[comma] != ',') {
                comma++;
            }
            int s = i;
            int e = comma;
            while (s < e && (b[s] == ' ' || b[s] == '\t')) {
                s++;
            }
            while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
                e--;
            }
            if (equalsIgnoreCase(b, s, e, CLOSE)) {
                connectionClose = true;
            } else if (equalsIgnoreCase(b, s, e, KEEP_ALIVE)) {
                connectionKeepAlive = true;
            }
            i = comma + 1;
        }
    }

    /** One {@code Content-Length} of 1 to 18 digits; a second one, even equal, is refused. */
    private boolean contentLength(byte[] b, int from, int to) {
        if (sawContentLength || to == from || to - from > MAX_CONTENT_LENGTH_DIGITS) {
            return false;
        }
        long length = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            length = length * 10 + d;
        }
        sawContentLength = true;
        head.contentLength = length;
        return true;
    }

    /**
     * {@code chunk-size [ chunk-ext ]} (RFC 9112 section 7.1): hex digits, then nothing or an
     * extension (ignored, section 7.1.1) that starts with ';' or whitespace and holds no control
     * byte.
     *
     * @return the size, or -1 when the line is not a chunk-size line or the size is over 2^31-1
     */
    private long parseChunkSize(int n) {
        byte[] b = line;
        long size = 0;
        int i = 0;
        for (; i < n; i++) {
            int d = hex(b[i]);
            if (d < 0) {
                break;
            }
            size = size * 16 + d;
            if (size > Integer.MAX_VALUE) {
                return -1;
            }
        }
        if (i == 0) {
            return -1;
        }
        if (i < n) {
            byte c = b[i];
            if (c != ';' && c != ' ' && c != '\t') {
                return -1;
            }
            for (int j = i; j < n; j++) {
                if (!FIELD_BYTE[b[j] & 0xFF]) {
                    return -1;
                }
            }
        }
        return size;
    }

    private static int hex(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
