package screening.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import screening.core.Entry;
import screening.core.Mode;
import screening.core.NumberingPlan;

/**
 * Reads and validates the YAML config (SPEC section 11): every key, with its default when absent.
 *
 * <p>Any thread; reads one file (blocking). Every problem (an unknown key, a wrong type, a bad
 * value) is a {@link ConfigException} whose message is one line that starts with the key's path,
 * e.g. {@code register.sources[0].pollInterval: expected a duration like 5s, got "soon"}.
 */
public final class ConfigLoader {

    /** Where the embedded default lives on the classpath. */
    public static final String DEFAULT_RESOURCE = "config/screening.yaml";

    /** The default poll interval of a register source. */
    public static final Duration POLL_INTERVAL_DEFAULT = Duration.ofSeconds(5);

    /*
     * The YAML is read into a tree and walked by hand rather than bound to classes: binding
     * reports Jackson's wording and positions, while an operator needs the key's path and what
     * was expected, in one line. Each object is checked for unknown keys before its keys are read.
     */

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Pattern ESTABLISHMENT = Pattern.compile("[A-Z0-9]{2,8}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** The most {@code maxConnections} a port may be given; the file-descriptor limit is checked at start. */
    private static final int MAX_CONNECTIONS = 1_000_000;
    // admin.maxBodyBytes: 1 KiB still holds one entry with a long note; 1 GiB is far past any batch
    private static final int MAX_BODY_BYTES_MIN = 1 << 10;
    private static final int MAX_BODY_BYTES_MAX = 1 << 30;

    private ConfigLoader() {
    }

    /**
     * Loads {@code file}, or the embedded default when {@code file} is null.
     *
     * @throws ConfigException one line naming the key and what was expected
     */
    public static ScreeningConfig load(Path file) throws ConfigException {
        JsonNode root;
        if (file == null) {
            try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new ConfigException("config: the embedded default " + DEFAULT_RESOURCE + " is missing from the jar");
                }
                root = YAML.readTree(in);
            } catch (JsonProcessingException e) {
                throw new ConfigException("config: the embedded default is not valid YAML: " + oneLine(e.getOriginalMessage()));
            } catch (IOException e) {
                throw new ConfigException("config: cannot read the embedded default: " + e.getMessage());
            }
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                root = YAML.readTree(in);
            } catch (NoSuchFileException e) {
                throw new ConfigException("--config: no such file: " + file);
            } catch (JsonProcessingException e) {
                String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
                throw new ConfigException("config: " + file + " is not valid YAML" + where + ": "
                        + oneLine(e.getOriginalMessage()));
            } catch (IOException e) {
                throw new ConfigException("--config: cannot read " + file + ": " + e.getMessage());
            }
        }
        return parse(root);
    }

    /** Validates an already-read tree (tests, and {@link #load}). */
    static ScreeningConfig parse(JsonNode root) throws ConfigException {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException("establishment: required, but the config is empty");
        }
        Obj top = new Obj("", root, "establishment", "mode", "failClosed", "numbering", "query", "admin",
                "register", "dataDir");

        String establishment = top.requiredString("establishment");
        if (!ESTABLISHMENT.matcher(establishment).matches()) {
            throw new ConfigException("establishment: expected 2 to 8 of A-Z and 0-9, like HULL, got " + quote(establishment));
        }
        Mode mode = switch (top.string("mode", "blocklist")) {
            case "blocklist" -> Mode.BLOCKLIST;
            case "allowlist" -> Mode.ALLOWLIST;
            default -> throw new ConfigException("mode: expected blocklist or allowlist, got "
                    + quote(top.string("mode", "")));
        };
        boolean failClosed = top.bool("failClosed", true);
        NumberingPlan numbering = numbering(top.object("numbering", "defaultRegion", "stripPrefixes", "outsideLinePrefix",
                "minPrefixDigits"));
        ScreeningConfig.Listen query = listen(top.object("query", "bind", "port", "maxConnections", "idleTimeout",
                "requestTimeout"), 8700, ScreeningConfig.Connections.QUERY_DEFAULTS);
        ScreeningConfig.Admin admin = admin(top.object("admin", "bind", "port", "tokens", "maxConnections", "idleTimeout",
                "requestTimeout", "maxBodyBytes"));
        if (query.port() != 0 && query.port() == admin.port() && query.bind().equals(admin.bind())) {
            throw new ConfigException("admin.port: must differ from query.port (" + query.port() + ")");
        }
        ScreeningConfig.Register register = register(top.object("register", "sources", "maxShrinkPercent"));
        String dataDirText = top.string("dataDir", "data");
        if (dataDirText.isBlank()) {
            throw new ConfigException("dataDir: expected a directory path, got \"\"");
        }
        Path dataDir;
        try {
            dataDir = Path.of(dataDirText);
        } catch (InvalidPathException e) {
            throw new ConfigException("dataDir: not a valid path: " + quote(dataDirText));
        }
        return new ScreeningConfig(establishment, mode, failClosed, numbering, query, admin, register, dataDir);
    }

    private static NumberingPlan numbering(Obj o) throws ConfigException {
        NumberingPlan d = NumberingPlan.DEFAULT;
        String region = o.string("defaultRegion", d.defaultRegion());
        if (!region.matches("[A-Z]{2}")) {
            throw new ConfigException(o.key("defaultRegion") + ": expected a two-letter region like GB, got " + quote(region));
        }
        if (!com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
            throw new ConfigException(o.key("defaultRegion") + ": " + quote(region) + " is not a region libphonenumber knows");
        }
        List<String> strip = o.stringList("stripPrefixes", d.stripPrefixes());
        for (int i = 0; i < strip.size(); i++) {
            if (!strip.get(i).matches("[0-9*#]{1,8}")) {
                throw new ConfigException(o.key("stripPrefixes") + "[" + i + "]: expected 1 to 8 of 0-9, * and #, got "
                        + quote(strip.get(i)));
            }
        }
        String outside = o.nullableString("outsideLinePrefix", d.outsideLinePrefix(), "a quoted string of 1 to 4 digits like \"9\"");
        if (outside != null && !outside.matches("[0-9]{1,4}")) {
            throw new ConfigException(o.key("outsideLinePrefix") + ": expected null or 1 to 4 digits like \"9\", got " + quote(outside));
        }
        int minPrefix = o.integer("minPrefixDigits", d.minPrefixDigits(), 1, 15);
        try {
            return new NumberingPlan(region, strip, outside, minPrefix);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static ScreeningConfig.Listen listen(Obj o, int defaultPort, ScreeningConfig.Connections defaults)
            throws ConfigException {
        String bind = o.string("bind", "127.0.0.1");
        if (bind.isBlank() || !bind.matches("[A-Za-z0-9.:\\-\\[\\]%]+")) {
            throw new ConfigException(o.key("bind") + ": expected an IP address or host name like 127.0.0.1, got " + quote(bind));
        }
        int port = o.integer("port", defaultPort, 0, 65535);
        int max = o.integer("maxConnections", defaults.maxConnections(), 1, MAX_CONNECTIONS);
        String idle = o.string("idleTimeout", null);
        String request = o.string("requestTimeout", null);
        return new ScreeningConfig.Listen(bind, port, new ScreeningConfig.Connections(max,
                idle == null ? defaults.idleTimeout() : duration(o.key("idleTimeout"), idle),
                request == null ? defaults.requestTimeout() : duration(o.key("requestTimeout"), request)));
    }

    private static ScreeningConfig.Admin admin(Obj o) throws ConfigException {
        ScreeningConfig.Listen l = listen(o, 8701, ScreeningConfig.Connections.ADMIN_DEFAULTS);
        List<ScreeningConfig.Token> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<JsonNode> items = o.list("tokens");
        for (int i = 0; i < items.size(); i++) {
            Obj t = new Obj(o.key("tokens") + "[" + i + "].", items.get(i), "name", "role", "sha256");
            String name = t.requiredString("name");
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException(t.key("name") + ": expected 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-', got " + quote(name));
            }
            if (!names.add(name)) {
                throw new ConfigException(t.key("name") + ": " + quote(name) + " is already the name of another token");
            }
            TokenRole role = TokenRole.parse(t.key("role"), t.requiredString("role"));
            String sha = t.requiredString("sha256");
            if (!SHA256_HEX.matcher(sha).matches()) {
                throw new ConfigException(t.key("sha256") + ": expected 64 lowercase hex digits (token hash TOKEN prints them)");
            }
            tokens.add(new ScreeningConfig.Token(name, role, sha));
        }
        int maxBodyBytes = o.integer("maxBodyBytes", ScreeningConfig.Admin.MAX_BODY_BYTES_DEFAULT, MAX_BODY_BYTES_MIN,
                MAX_BODY_BYTES_MAX);
        return new ScreeningConfig.Admin(l.bind(), l.port(), tokens, l.connections(), maxBodyBytes);
    }

    private static ScreeningConfig.Register register(Obj o) throws ConfigException {
        List<ScreeningConfig.Source> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<JsonNode> items = o.list("sources");
        for (int i = 0; i < items.size(); i++) {
            Obj s = new Obj(o.key("sources") + "[" + i + "].", items.get(i), "name", "url", "pollInterval");
            String name = s.requiredString("name");
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException(s.key("name") + ": expected 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-', got " + quote(name));
            }
            if (name.equals(Entry.LOCAL_SOURCE)) {
                throw new ConfigException(s.key("name") + ": \"local\" is reserved for the entries pushed on the admin port");
            }
            if (!names.add(name)) {
                throw new ConfigException(s.key("name") + ": " + quote(name) + " is already the name of another source");
            }
            URI url = url(s.key("url"), s.requiredString("url"));
            Duration poll = duration(s.key("pollInterval"), s.string("pollInterval", "5s"));
            sources.add(new ScreeningConfig.Source(name, url, poll));
        }
        int shrink = o.integer("maxShrinkPercent", 50, 0, 100);
        return new ScreeningConfig.Register(sources, shrink);
    }

    private static URI url(String key, String text) throws ConfigException {
        String expected = ": expected a file:/absolute/path, http:// or https:// URL, got " + quote(text);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(key + expected);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        switch (scheme) {
            case "file" -> {
                try {
                    Path.of(uri);
                } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                    throw new ConfigException(key + expected);
                }
            }
            case "http", "https" -> {
                if (uri.getHost() == null) {
                    throw new ConfigException(key + expected);
                }
            }
            // the embedded default's sample register, packaged in the jar
            case "classpath" -> {
                if (uri.getSchemeSpecificPart() == null || uri.getSchemeSpecificPart().isEmpty()) {
                    throw new ConfigException(key + expected);
                }
            }
            default -> throw new ConfigException(key + expected);
        }
        return uri;
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

    /** A key as written when it is a plain name; quoted otherwise, so that the message stays one line. */
    private static String keyName(String k) {
        return PLAIN_KEY.matcher(k).matches() ? k : quote(k);
    }

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    /** {@code s} in double quotes, cut at 80 characters; control characters and line separators escaped. */
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

    /** A parser's message on one line: line breaks folded to a space, other control characters escaped. */
    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String folded = s.replaceAll("\\s*\\R\\s*", " ").strip();
        StringBuilder b = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
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

    /** One YAML mapping, with its path prefix and the keys it may hold. */
    private static final class Obj {
        private final String prefix;
        private final JsonNode node;

        Obj(String prefix, JsonNode node, String... allowed) throws ConfigException {
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

        String key(String k) {
            return prefix + k;
        }

        Obj object(String k, String... allowed) throws ConfigException {
            return new Obj(prefix + k + ".", node.get(k), allowed);
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
    }
}
