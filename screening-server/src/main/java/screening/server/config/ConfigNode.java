package screening.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One YAML mapping of the config, with its key path and the keys it may hold: typed getters whose
 * errors are one {@link ConfigException} line starting with the key's path. Knows no schema; the
 * caller names the keys and their defaults. Immutable; any thread.
 */
final class ConfigNode {

    /*
     * The YAML is read into a tree and walked by hand rather than bound to classes: binding
     * reports Jackson's wording and positions, while an operator needs the key's path and what
     * was expected, in one line. Each object is checked for unknown keys before its keys are read.
     */

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String prefix;
    private final JsonNode node;

    /**
     * The mapping {@code node} (absent or null reads as empty) whose keys are {@code prefix} plus
     * their name, e.g. {@code "admin."} or {@code "admin.tokens[0]."}.
     *
     * @throws ConfigException when {@code node} is not a mapping or holds a key not in {@code allowed}
     */
    ConfigNode(String prefix, JsonNode node, String... allowed) throws ConfigException {
        this.prefix = prefix;
        if (node == null || node.isNull() || node.isMissingNode()) {
            node = YAML.createObjectNode();
        }
        if (!node.isObject()) {
            String where = prefix.isEmpty() ? "config" : prefix.substring(0, prefix.length() - 1);
            throw new ConfigException(where + ": expected a mapping of keys, got " + describe(node));
        }
        this.node = node;
        Set<String> ok = Set.of(allowed);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            String k = it.next().getKey();
            if (!ok.contains(k)) {
                throw new ConfigException(prefix + keyName(k) + ": unknown key (expected one of "
                        + String.join(", ", allowed) + ")");
            }
        }
    }

    /**
     * The YAML document in {@code in} as a tree; a key given twice is an error.
     *
     * @throws com.fasterxml.jackson.core.JsonProcessingException when it is not valid YAML
     */
    static JsonNode readTree(InputStream in) throws IOException {
        return YAML.readTree(in);
    }

    /** The path of the key {@code k} in this mapping, for a message. */
    String key(String k) {
        return prefix + k;
    }

    /** The mapping at {@code k}, which may hold the keys {@code allowed}. */
    ConfigNode object(String k, String... allowed) throws ConfigException {
        return new ConfigNode(prefix + k + ".", node.get(k), allowed);
    }

    /** Whether the key {@code k} is given (null included). */
    boolean has(String k) {
        return node.has(k);
    }

    String requiredString(String k) throws ConfigException {
        JsonNode v = node.get(k);
        if (v == null || v.isNull()) {
            throw new ConfigException(key(k) + ": required, but missing");
        }
        return text(k, v);
    }

    String string(String k, String dflt) throws ConfigException {
        JsonNode v = node.get(k);
        if (v == null) {
            return dflt;
        }
        if (v.isNull()) {
            throw new ConfigException(key(k) + ": expected a string, got null");
        }
        return text(k, v);
    }

    /** A string, or null when the key is given as null; {@code expected} describes it in errors. */
    String nullableString(String k, String dflt, String expected) throws ConfigException {
        JsonNode v = node.get(k);
        if (v == null) {
            return dflt;
        }
        if (v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ConfigException(key(k) + ": expected " + expected + ", got " + describe(v));
        }
        return v.asText();
    }

    private String text(String k, JsonNode v) throws ConfigException {
        if (!v.isTextual()) {
            throw new ConfigException(key(k) + ": expected a string, got " + describe(v));
        }
        return v.asText();
    }

    boolean bool(String k, boolean dflt) throws ConfigException {
        JsonNode v = node.get(k);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new ConfigException(key(k) + ": expected true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    int integer(String k, int dflt, int min, int max) throws ConfigException {
        JsonNode v = node.get(k);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw new ConfigException(key(k) + ": expected a whole number from " + min + " to " + max + ", got " + describe(v));
        }
        return v.intValue();
    }

    /** A positive duration given as a string, or {@code dflt} when the key is absent. */
    Duration duration(String k, Duration dflt) throws ConfigException {
        String text = string(k, null);
        return text == null ? dflt : duration(key(k), text);
    }

    List<JsonNode> list(String k) throws ConfigException {
        JsonNode v = node.get(k);
        if (v == null) {
            return List.of();
        }
        if (v.getNodeType() != JsonNodeType.ARRAY) {
            throw new ConfigException(key(k) + ": expected a list, got " + describe(v));
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /** The mapping at {@code k} of keys to quoted strings, in the config's order; {@code dflt} when absent. */
    Map<String, String> stringMap(String k, Map<String, String> dflt) throws ConfigException {
        JsonNode v = node.get(k);
        if (v == null) {
            return dflt;
        }
        if (!v.isObject()) {
            throw new ConfigException(key(k) + ": expected a mapping of keys to quoted strings, got " + describe(v));
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new ConfigException(key(k) + "." + keyName(e.getKey()) + ": expected a quoted string, got "
                        + describe(e.getValue()));
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    List<String> stringList(String k, List<String> dflt) throws ConfigException {
        if (node.get(k) == null) {
            return dflt;
        }
        List<JsonNode> items = list(k);
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode v = items.get(i);
            if (!v.isTextual()) {
                throw new ConfigException(key(k) + "[" + i + "]: expected a quoted string, got " + describe(v));
            }
            out.add(v.asText());
        }
        return out;
    }

    /** A positive {@link DurationText}: {@code 500ms}, {@code 5s}, {@code 1m}, {@code 2h}. */
    static Duration duration(String key, String text) throws ConfigException {
        Duration d;
        try {
            d = DurationText.parse(text);
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(key + ": expected a duration like 5s, 500ms or 1m, got " + quote(text));
        }
        if (d.isZero()) {
            throw new ConfigException(key + ": expected a duration above zero, like 5s, got " + quote(text));
        }
        return d;
    }

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    /** A key as written when it is a plain name; quoted otherwise, so that the message stays one line. */
    static String keyName(String k) {
        return PLAIN_KEY.matcher(k).matches() ? k : quote(k);
    }

    /**
     * {@code s} in double quotes, cut at 80 characters, for a message; control characters and line
     * separators escaped.
     */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        int n = Math.min(s.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > n) {
            b.append("...");
        }
        return b.append('"').toString();
    }

    private static String describe(JsonNode n) {
        return switch (n.getNodeType()) {
            case STRING -> "the string " + quote(n.asText());
            case NUMBER -> "the number " + n.asText();
            case BOOLEAN -> n.asText();
            case NULL -> "null";
            case ARRAY -> "a list";
            case OBJECT -> "a mapping";
            default -> n.getNodeType().toString().toLowerCase();
        };
    }
}
