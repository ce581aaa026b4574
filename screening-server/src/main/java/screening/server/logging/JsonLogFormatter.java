package screening.server.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code log.format: json}: one JSON object per line, for log shippers:
 * {@code {"ts":"2026-12-04T17:45:01.123Z","level":"INFO","logger":"screening.server.admin.LocalEntryChanges","thread":"admin-writer","msg":"..."}},
 * plus {@code "error":{"class":"...","message":"...","stack":"..."}} when the event carries a
 * throwable ({@code message} left out when it has none).
 *
 * <p>Stateless; any thread. Written by Jackson's generator with every character outside
 * printable ASCII escaped, so a line is one line to any reader (the Unicode line separators
 * included) in any charset. Only these fields: a record's parameters are formatted into
 * {@code msg} and never written apart.
 */
public final class JsonLogFormatter extends Formatter {

    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    @Override
    public String format(LogRecord r) {
        StringWriter w = new StringWriter(192);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("ts", LogFields.timestamp(r));
            g.writeStringField("level", LogFields.level(r));
            g.writeStringField("logger", LogFields.logger(r));
            g.writeStringField("thread", LogFields.thread(r));
            g.writeStringField("msg", formatMessage(r));
            Throwable t = r.getThrown();
            if (t != null) {
                g.writeObjectFieldStart("error");
                g.writeStringField("class", t.getClass().getName());
                if (t.getMessage() != null) {
                    g.writeStringField("message", t.getMessage());
                }
                g.writeStringField("stack", LogFields.stackTrace(t));
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.append('\n').toString();
    }
}
