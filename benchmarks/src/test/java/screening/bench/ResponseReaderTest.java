package screening.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseReaderTest {

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void statusLine_twoResponses_eachStatusAndBodyConsumed() throws IOException {
        InputStream in = stream("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
                + "HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\n\r\n");

        assertThat(ResponseReader.statusLine(in)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(ResponseReader.statusLine(in)).isEqualTo("HTTP/1.1 408 Request Timeout");
        assertThat(ResponseReader.statusLine(in)).isNull();
    }

    @Test
    void statusLine_emptyStream_null() throws IOException {
        assertThat(ResponseReader.statusLine(stream(""))).isNull();
    }

    @Test
    void statusLine_bodyCutShort_throws() {
        InputStream in = stream("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhel");

        assertThatThrownBy(() -> ResponseReader.statusLine(in)).isInstanceOf(IOException.class);
    }
}
