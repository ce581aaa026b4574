package screening.server.query;

/**
 * What {@link QueryHandler} needs of one request's line and headers, as {@link QueryRequestDecoder}
 * parsed them: method, path (classified, not kept), the query string of {@code /v1/screen}, the
 * HTTP/1.x minor version, keep-alive, and how a body follows.
 *
 * <p>Mutable and reused: the decoder owns one per connection and refills it for every request, so
 * a reader must take what it needs inside the {@code channelRead} that delivered it. Not reference
 * counted. Event loop only.
 */
final class QueryRequestHead {

    static final int GET = 0;
    static final int POST = 1;
    static final int HEAD = 2;
    /** Any other method token. */
    static final int OTHER_METHOD = 3;

    static final int SCREEN = 0; // /v1/screen
    static final int LIVE = 1; // /health/live
    static final int READY = 2; // /health/ready
    /** Any other request target. */
    static final int OTHER_PATH = 3;

    /** {@link #GET}, {@link #POST}, {@link #HEAD} or {@link #OTHER_METHOD}. */
    int method;
    /** {@link #SCREEN}, {@link #LIVE}, {@link #READY} or {@link #OTHER_PATH}. */
    int path;
    /**
     * For {@link #SCREEN} only: the bytes after {@code ?}, as sent, are {@code query[0, queryLength)}
     * (none when there is no {@code ?}). The array is reused and grown, never shrunk: copying the
     * query here rather than making a String of it leaves the dialled number in bytes, which the
     * normaliser's memo reads without making a String (see ScreenRequest).
     */
    byte[] query = new byte[128];
    /** How many bytes of {@link #query} are this request's; 0 for every other path. */
    int queryLength;
    /** HTTP/1.0 (else HTTP/1.1 or a later 1.x). */
    boolean http10;
    /** The connection stays open after the answer (RFC 9112 section 9.3). */
    boolean keepAlive;
    /** {@code Content-Length}, or -1 when absent. */
    long contentLength;
    /** {@code Transfer-Encoding: chunked}. */
    boolean chunked;
    /** {@code Expect: 100-continue} on HTTP/1.1. */
    boolean expectContinue;

    /** Whether body slices and then {@link QueryRequestDecoder#END} follow this head. */
    boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /** Copies {@code b[from, from + length)} into {@link #query}. */
    void setQuery(byte[] b, int from, int length) {
        if (query.length < length) {
            query = new byte[Math.max(length, 2 * query.length)];
        }
        System.arraycopy(b, from, query, 0, length);
        queryLength = length;
    }

    void reset() {
        method = OTHER_METHOD;
        path = OTHER_PATH;
        queryLength = 0;
        http10 = false;
        keepAlive = true;
        contentLength = -1;
        chunked = false;
        expectContinue = false;
    }
}
