package screening.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The OpenAPI document bundled in the jar ({@code openapi/openapi.yaml}, built from
 * docs/openapi.yaml), held against real HTTP exchanges: which path item and operation a request
 * names, whether its parameters, credentials and body are the ones the document describes, and
 * whether the answer's status, headers and body are. Every schema check is networknt's
 * json-schema-validator with the OpenAPI 3.1 dialect (JSON Schema 2020-12), on the schema at its
 * place in the document, so {@code $ref}s resolve as any OpenAPI tool resolves them.
 *
 * <p>Thread-safe once built; the checks do no I/O after the first use of each schema.
 */
public final class OpenApiContract {

    /** The two ports, with the default port their {@code servers} entries name. */
    public enum Port {
        QUERY(8700), ADMIN(8701);

        final int defaultPort;

        Port(int defaultPort) {
            this.defaultPort = defaultPort;
        }
    }

    /** One real request and its answer, as they went over the wire. */
    public record Exchange(Port port, String method, String target, Map<String, String> requestHeaders,
            byte[] requestBody, int status, Map<String, String> responseHeaders, byte[] responseBody) {

        String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        String query() {
            int q = target.indexOf('?');
            return q < 0 ? "" : target.substring(q + 1);
        }

        @Override
        public String toString() {
            return method + " " + target + " (" + port + ") -> " + status;
        }
    }

    /** Where the document is on the class path. */
    public static final String RESOURCE = "openapi/openapi.yaml";

    private static final String LOCATION = "classpath:" + RESOURCE;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

    private final JsonNode doc;
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi31());
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(JsonNode doc) {
        this.doc = doc;
    }

    /** The bundled document. */
    public static OpenApiContract load() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return new OpenApiContract(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every path the document names. */
    public Set<String> paths() {
        Set<String> out = new LinkedHashSet<>();
        doc.path("paths").fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Every status code any operation of the document lists. */
    public Set<Integer> statuses() {
        Set<Integer> out = new java.util.TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = doc.path("paths").fields(); p.hasNext();) {
            JsonNode item = p.next().getValue();
            for (String m : METHODS) {
                item.path(m).path("responses").fieldNames().forEachRemaining(s -> out.add(Integer.parseInt(s)));
            }
        }
        return out;
    }

    /** Every {@code error} code an error schema of the document names (its {@code enum} and {@code const} values). */
    public Set<String> errorCodes() {
        Set<String> out = new java.util.TreeSet<>();
        collectErrorCodes(doc, out);
        return out;
    }

    private static void collectErrorCodes(JsonNode n, Set<String> out) {
        JsonNode error = n.path("properties").path("error");
        error.path("enum").forEach(v -> out.add(v.asText()));
        if (error.has("const")) {
            out.add(error.path("const").asText());
        }
        n.forEach(child -> collectErrorCodes(child, out));
    }

    /** The JSON pointer of the operation {@code e} names, or null with the reason added to {@code out}. */
    private String operation(Exchange e, List<String> out) {
        String item = pathItem(e, out);
        if (item == null) {
            return null;
        }
        String op = item + "/" + e.method().toLowerCase(Locale.ROOT);
        if (at(op).isMissingNode()) {
            out.add("the document has no " + e.method() + " for " + e.path());
            return null;
        }
        return op;
    }

    /** The problems of {@code e}'s request: an empty list when the document describes it. */
    public List<String> requestProblems(Exchange e) {
        List<String> out = new ArrayList<>();
        String op = operation(e, out);
        if (op == null) {
            return out;
        }
        if (at(op + "/security").size() > 0) {
            String auth = header(e.requestHeaders(), "Authorization");
            String cookie = header(e.requestHeaders(), "Cookie");
            if ((auth == null || !auth.startsWith("Bearer ")) && (cookie == null || !cookie.contains("screening_session="))) {
                out.add("no credentials of the operation's security schemes");
            }
        }
        List<String> params = new ArrayList<>();
        collectParameters(op.substring(0, op.lastIndexOf('/')) + "/parameters", params);
        collectParameters(op + "/parameters", params);
        Map<String, String> query = parseQuery(e.query(), out);
        Set<String> known = new LinkedHashSet<>();
        for (String p : params) {
            JsonNode param = at(p);
            String name = param.path("name").asText();
            String in = param.path("in").asText();
            String value = switch (in) {
                case "query" -> {
                    known.add(name);
                    yield query.get(name);
                }
                case "header" -> header(e.requestHeaders(), name);
                case "path" -> pathValue(e.path());
                default -> null;
            };
            if (value == null) {
                if (param.path("required").asBoolean(false)) {
                    out.add("the required " + in + " parameter " + name + " is missing");
                }
                continue;
            }
            validate(p + "/schema", parameterValue(param.path("schema"), value), in + " parameter " + name, out);
        }
        for (String name : query.keySet()) {
            if (!known.contains(name)) {
                out.add("the query parameter " + name + " is not in the document");
            }
        }
        String body = resolve(op + "/requestBody");
        boolean hasBody = e.requestBody() != null && e.requestBody().length > 0;
        if (body == null) {
            if (hasBody) {
                out.add("the operation takes no body");
            }
            return out;
        }
        if (!hasBody) {
            if (at(body + "/required").asBoolean(false)) {
                out.add("the required body is missing");
            }
            return out;
        }
        checkContent(body + "/content", header(e.requestHeaders(), "Content-Type"), e.requestBody(), "request body", out);
        return out;
    }

    /** The problems of {@code e}'s answer, against the operation its request names. */
    public List<String> responseProblems(Exchange e) {
        List<String> out = new ArrayList<>();
        String op = operation(e, out);
        if (op == null) {
            return out;
        }
        String response = resolve(op + "/responses/" + e.status());
        if (response == null) {
            out.add("the document lists no " + e.status() + " for " + e.method() + " " + e.path());
            return out;
        }
        checkResponse(response, e, out);
        return out;
    }

    /**
     * The problems of {@code e}'s answer against {@code #/components/responses/NAME}: for the answers
     * that no operation can list (a path or a method the document does not name).
     */
    public List<String> responseProblems(String name, Exchange e) {
        List<String> out = new ArrayList<>();
        String response = resolve("/components/responses/" + name);
        if (response == null) {
            out.add("the document has no response " + name);
            return out;
        }
        checkResponse(response, e, out);
        return out;
    }

    private void checkResponse(String response, Exchange e, List<String> out) {
        for (Iterator<String> h = at(response + "/headers").fieldNames(); h.hasNext();) {
            String name = h.next();
            String header = resolve(response + "/headers/" + escape(name));
            String value = header(e.responseHeaders(), name);
            if (value == null) {
                if (at(header + "/required").asBoolean(false)) {
                    out.add("the required header " + name + " is missing from the answer");
                }
                continue;
            }
            if (!at(header + "/schema").isMissingNode()) {
                validate(header + "/schema", TextNode.valueOf(value), "header " + name, out);
            }
        }
        boolean hasBody = e.responseBody() != null && e.responseBody().length > 0;
        if (at(response + "/content").size() == 0) {
            if (hasBody) {
                out.add("the answer has a body where the document describes none");
            }
            return;
        }
        checkContent(response + "/content", header(e.responseHeaders(), "Content-Type"), e.responseBody(), "answer body",
                out);
    }

    /** The media type named by {@code contentType} under {@code content}, and the body against its schema. */
    private void checkContent(String content, String contentType, byte[] body, String what, List<String> out) {
        if (contentType == null) {
            out.add(what + " has no Content-Type");
            return;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String media = content + "/" + escape(type);
        if (at(media).isMissingNode()) {
            out.add(what + ": the document has no media type " + type + " here");
            return;
        }
        if (at(media + "/schema").isMissingNode()) {
            return;
        }
        JsonNode value;
        String text = new String(body, StandardCharsets.UTF_8);
        if (type.equals("application/json")) {
            try {
                value = JSON.readTree(body);
            } catch (IOException ex) {
                out.add(what + " is not JSON");
                return;
            }
        } else if (type.equals("application/x-www-form-urlencoded")) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            parseQuery(text.replace("+", "%20"), out).forEach(o::put);
            value = o;
        } else {
            value = TextNode.valueOf(text);
        }
        validate(media + "/schema", value, what, out);
    }

    private void validate(String pointer, JsonNode value, String what, List<String> out) {
        Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(LOCATION + "#" + p)));
        for (Error err : schema.validate(value)) {
            out.add(what + ": " + err.getMessage());
        }
    }

    /** The pointer of the path item {@code e} names, or null (and a problem) when none does or it is on the other port. */
    private String pathItem(Exchange e, List<String> out) {
        String found = null;
        if (!at("/paths/" + escape(e.path())).isMissingNode()) {
            found = "/paths/" + escape(e.path());
        } else {
            for (String template : paths()) {
                if (template.contains("{") && templatePattern(template).matcher(e.path()).matches()) {
                    found = "/paths/" + escape(template);
                    break;
                }
            }
        }
        if (found == null) {
            out.add("the document has no path " + e.path());
            return null;
        }
        JsonNode servers = at(found + "/servers");
        if (servers.isMissingNode()) {
            servers = doc.path("servers");
        }
        boolean onPort = false;
        for (JsonNode s : servers) {
            onPort |= s.path("url").asText().endsWith(":" + e.port().defaultPort);
        }
        if (!onPort) {
            out.add(e.path() + " is not on the " + e.port() + " port in the document");
        }
        return found;
    }

    private static Pattern templatePattern(String template) {
        return Pattern.compile(Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
    }

    private static String pathValue(String path) {
        // the one templated segment is the last one in this document's paths
        int slash = path.lastIndexOf('/');
        return slash < 0 || slash == path.length() - 1 ? null
                : URLDecoder.decode(path.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A parameter's text as the JSON value its schema describes (an integer or a boolean where it says so). */
    private static JsonNode parameterValue(JsonNode schema, String value) {
        String type = schema.path("type").asText("");
        if (type.equals("integer")) {
            try {
                return LongNode.valueOf(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return TextNode.valueOf(value);
            }
        }
        if (type.equals("boolean") && (value.equals("true") || value.equals("false"))) {
            return BooleanNode.valueOf(value.equals("true"));
        }
        return TextNode.valueOf(value);
    }

    /** A query string as RFC 3986 reads it (a {@code +} is a plus); the first value of each name. */
    private static Map<String, String> parseQuery(String query, List<String> out) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        if (query.isEmpty()) {
            return m;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                m.putIfAbsent(URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8),
                        URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                out.add("the query string has a malformed percent-encoding");
            }
        }
        return m;
    }

    private void collectParameters(String pointer, List<String> into) {
        JsonNode list = at(pointer);
        for (int i = 0; i < list.size(); i++) {
            into.add(resolve(pointer + "/" + i));
        }
    }

    /** The pointer of the object at {@code pointer}, following a local {@code $ref}; null when missing. */
    private String resolve(String pointer) {
        String p = pointer;
        for (int hops = 0; hops < 8; hops++) {
            JsonNode n = at(p);
            if (n.isMissingNode()) {
                return null;
            }
            String ref = n.path("$ref").asText(null);
            if (ref == null) {
                return p;
            }
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local references are followed: " + ref);
            }
            p = ref.substring(1);
        }
        throw new IllegalStateException("a reference loop at " + pointer);
    }

    private JsonNode at(String pointer) {
        return pointer.isEmpty() ? doc : doc.at(pointer);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
