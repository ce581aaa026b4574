package screening.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one HTTP/1.1 response framed by its {@code Content-Length} (no chunked bodies) from a
 * blocking stream, for the connection-flood clients. Stateless; any thread, one stream at a time.
 */
final class ResponseReader {

    private ResponseReader() {
    }

    /**
     * Reads one response, head and body, and returns its status line; null when the stream ends
     * before any byte of it. Blocks as the stream does.
     *
     * @throws IOException when the stream fails or ends inside the body
     */
    static String statusLine(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            return null;
        }
        int length = 0;
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        if (in.readNBytes(length).length != length) {
            throw new IOException("body cut short");
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
