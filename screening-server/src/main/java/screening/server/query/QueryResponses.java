package screening.server.query;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Writes whole HTTP/1.1 responses into one buffer: the constant head (status line, content
 * type), the current {@code Date}, the length, the connection header and the body. Static;
 * allocation is the one pooled buffer.
 */
final class QueryResponses {

    /** Keep the connection open, HTTP/1.1 style (no header). */
    static final int KEEP_ALIVE_11 = 0;
    /** Keep the connection open for an HTTP/1.0 client that asked ({@code Connection: keep-alive}). */
    static final int KEEP_ALIVE_10 = 1;
    /** Close after this response ({@code Connection: close}). */
    static final int CLOSE = 2;

    static final byte[] HEAD_200 = head(200, null);
    static final byte[] CONTINUE_100 = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[][] CONNECTION = {
        ascii("\r\n\r\n"),
        ascii("\r\nConnection: keep-alive\r\n\r\n"),
        ascii("\r\nConnection: close\r\n\r\n"),
    };
    private static final int SLACK = 64; // Content-Length digits and the connection header

    private QueryResponses() {
    }

    static byte[] head(int status, String allow) {
        String reason = switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> throw new IllegalArgumentException("no reason phrase for " + status);
        };
        return ascii("HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: application/json\r\n"
                + (allow == null ? "" : "Allow: " + allow + "\r\n"));
    }

    /** One whole response: {@code head}, Date, Content-Length, connection header, body. */
    static ByteBuf write(ByteBufAllocator alloc, byte[] head, byte[] body, int bodyLength, int connection) {
        ByteBuf buf = alloc.ioBuffer(maxBytes(head, bodyLength));
        writeInto(buf, head, body, bodyLength, connection);
        return buf;
    }

    /** The most bytes {@link #writeInto} writes for a body of {@code bodyLength} after {@code head}. */
    static int maxBytes(byte[] head, int bodyLength) {
        return head.length + HttpDate.line().length + CONTENT_LENGTH.length + SLACK + bodyLength;
    }

    /** Appends one whole response to {@code buf}, which has {@link #maxBytes} writable bytes. */
    static void writeInto(ByteBuf buf, byte[] head, byte[] body, int bodyLength, int connection) {
        buf.writeBytes(head).writeBytes(HttpDate.line()).writeBytes(CONTENT_LENGTH);
        writeDecimal(buf, bodyLength);
        buf.writeBytes(CONNECTION[connection]).writeBytes(body, 0, bodyLength);
    }

    /** A prebuilt error answer. */
    static ByteBuf write(ByteBufAllocator alloc, QueryError e, int connection) {
        return write(alloc, e.head, e.body, e.body.length, e.closes ? CLOSE : connection);
    }

    private static void writeDecimal(ByteBuf buf, int v) {
        if (v >= 10) {
            writeDecimal(buf, v / 10);
        }
        buf.writeByte('0' + v % 10);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
