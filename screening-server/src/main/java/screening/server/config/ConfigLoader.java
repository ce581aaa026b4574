package screening.server.config;

import static screening.server.config.ConfigNode.quote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import screening.core.EmailNormaliser;
import screening.core.EmailRules;
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
     * The schema: which keys the config has, their defaults and their rules. Reading a mapping's
     * keys, typed and with the key's path in every error, is ConfigNode's.
     */

    private static final Pattern ESTABLISHMENT = Pattern.compile("[A-Z0-9]{2,8}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** The most {@code maxConnections} a port may be given; the file-descriptor limit is checked at start. */
    private static final int MAX_CONNECTIONS = 1_000_000;
    // admin.maxBodyBytes: 1 KiB still holds one entry with a long note; 1 GiB is far past any batch
    private static final int MAX_BODY_BYTES_MIN = 1 << 10;
    private static final int MAX_BODY_BYTES_MAX = 1 << 30;
    /** The longest bearer token a tokenFile may hold: far past any real token, well inside a header. */
    private static final int TOKEN_MAX_CHARS = 4096;

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
                root = ConfigNode.readTree(in);
            } catch (JsonProcessingException e) {
                throw new ConfigException("config: the embedded default is not valid YAML: " + oneLine(e.getOriginalMessage()));
            } catch (IOException e) {
                throw new ConfigException("config: cannot read the embedded default: " + e.getMessage());
            }
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                root = ConfigNode.readTree(in);
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

    /** Validates an already-read tree (tests, and {@link #load}); {@code node} defaults to this host's name. */
    static ScreeningConfig parse(JsonNode root) throws ConfigException {
        return parse(root, ConfigLoader::localHostName);
    }

    /** The source of the host name {@code node} defaults to; may fail with the reason. */
    @FunctionalInterface
    interface HostName {
        String get() throws IOException;
    }

    /**
     * Validates an already-read tree, {@code node} defaulting to the first label of the name
     * {@code hostName} gives.
     */
    static ScreeningConfig parse(JsonNode root, HostName hostName) throws ConfigException {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException("establishment: required, but the config is empty");
        }
        ConfigNode top = new ConfigNode("", root, "establishment", "mode", "failClosed", "numbering", "query",
                "admin", "register", "dataDir", "node", "email", "log");

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
                "requestTimeout", "maxBodyBytes", "sessionTtl", "tls"));
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
        String node = top.string("node", null);
        if (node == null) {
            node = defaultNode(hostName);
        } else if (!ScreeningConfig.NODE.matcher(node).matches()) {
            throw new ConfigException("node: expected 1 to 32 of a-z, 0-9 and '-', like hull-a, got " + quote(node));
        }
        EmailRules email = email(top.object("email", "domainAliases", "dotInsensitiveDomains", "providerDomains"));
        ConfigNode logNode = top.object("log", "format", "level");
        LogSettings log = new LogSettings(
                LogSettings.Format.parse(logNode.key("format"), logNode.string("format", LogSettings.DEFAULT.format().configName())),
                LogSettings.Level.parse(logNode.key("level"), logNode.string("level", LogSettings.DEFAULT.level().configName())));
        return new ScreeningConfig(establishment, mode, failClosed, numbering, query, admin, register, dataDir, node,
                email, log);
    }

    /** The host name's first label, lower-cased, when it is a node name; else a refusal asking for {@code node}. */
    private static String defaultNode(HostName hostName) throws ConfigException {
        String host;
        try {
            host = hostName.get();
        } catch (IOException e) {
            throw new ConfigException("node: not set, and this host's name cannot be read (" + oneLine(e.getMessage())
                    + "); set node to this filter's name, 1 to 32 of a-z, 0-9 and '-', like hull-a");
        }
        String label = host == null ? "" : host.strip();
        int dot = label.indexOf('.');
        label = (dot >= 0 ? label.substring(0, dot) : label).toLowerCase(Locale.ROOT);
        if (!ScreeningConfig.NODE.matcher(label).matches()) {
            throw new ConfigException("node: not set, and this host's name " + quote(host == null ? "" : host)
                    + " does not give one (1 to 32 of a-z, 0-9 and '-'); set node to this filter's name, like hull-a");
        }
        return label;
    }

    /** The kernel's host name where Linux shows it, else the JDK's view of the local host's name. */
    static String localHostName() throws IOException {
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        if (Files.isReadable(kernel)) {
            return Files.readString(kernel).strip();
        }
        return InetAddress.getLocalHost().getHostName();
    }

    /** A domain as the e-mail rules hold it: lower-case ASCII labels, at least one dot (IDN in its xn-- form). */
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

    private static EmailRules email(ConfigNode o) throws ConfigException {
        EmailRules d = EmailRules.DEFAULT;
        Map<String, String> aliases = o.stringMap("domainAliases", d.domainAliases());
        for (Map.Entry<String, String> e : aliases.entrySet()) {
            domain(o.key("domainAliases") + "." + ConfigNode.keyName(e.getKey()), e.getKey());
            domain(o.key("domainAliases") + "." + ConfigNode.keyName(e.getKey()), e.getValue());
        }
        List<String> dotless = o.stringList("dotInsensitiveDomains", List.copyOf(d.dotInsensitiveDomains()));
        for (int i = 0; i < dotless.size(); i++) {
            domain(o.key("dotInsensitiveDomains") + "[" + i + "]", dotless.get(i));
        }
        List<String> providers = o.stringList("providerDomains", List.copyOf(d.providerDomains()));
        for (int i = 0; i < providers.size(); i++) {
            domain(o.key("providerDomains") + "[" + i + "]", providers.get(i));
        }
        EmailRules rules = new EmailRules(aliases, Set.copyOf(dotless), Set.copyOf(providers));
        try {
            new EmailNormaliser(rules); // checks what the pattern cannot: alias loops, IDN labels
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return rules;
    }

    private static void domain(String key, String value) throws ConfigException {
        if (!DOMAIN.matcher(value).matches()) {
            throw new ConfigException(key + ": expected a lower-case domain like example.org (an IDN in its xn-- form), got "
                    + quote(value));
        }
    }

    private static NumberingPlan numbering(ConfigNode o) throws ConfigException {
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

    private static ScreeningConfig.Listen listen(ConfigNode o, int defaultPort, ScreeningConfig.Connections defaults)
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
                idle == null ? defaults.idleTimeout() : ConfigNode.duration(o.key("idleTimeout"), idle),
                request == null ? defaults.requestTimeout() : ConfigNode.duration(o.key("requestTimeout"), request)));
    }

    private static ScreeningConfig.Admin admin(ConfigNode o) throws ConfigException {
        ScreeningConfig.Listen l = listen(o, 8701, ScreeningConfig.Connections.ADMIN_DEFAULTS);
        List<ScreeningConfig.Token> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<JsonNode> items = o.list("tokens");
        for (int i = 0; i < items.size(); i++) {
            ConfigNode t = new ConfigNode(o.key("tokens") + "[" + i + "].", items.get(i), "name", "role", "sha256");
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
        Duration sessionTtl = o.duration("sessionTtl", ScreeningConfig.Admin.SESSION_TTL_DEFAULT);
        ConfigNode tls = o.object("tls", "certificate", "privateKey");
        Path certificate = pemFile(tls, "certificate");
        Path privateKey = pemFile(tls, "privateKey");
        if (certificate != null && privateKey == null) {
            throw new ConfigException(tls.key("privateKey") + ": required with " + tls.key("certificate")
                    + " (the PEM private key of that certificate)");
        }
        if (privateKey != null && certificate == null) {
            throw new ConfigException(tls.key("certificate") + ": required with " + tls.key("privateKey")
                    + " (the PEM certificate chain of that key)");
        }
        return new ScreeningConfig.Admin(l.bind(), l.port(), tokens, l.connections(), maxBodyBytes, sessionTtl,
                certificate, privateKey);
    }

    /** The readable file named at {@code k}, or null when the key is absent. */
    private static Path pemFile(ConfigNode o, String k) throws ConfigException {
        String text = o.string(k, null);
        if (text == null) {
            return null;
        }
        Path file;
        try {
            file = Path.of(text);
        } catch (InvalidPathException e) {
            throw new ConfigException(o.key(k) + ": not a valid path: " + quote(text));
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(o.key(k) + ": no readable file at " + quote(text) + " (a PEM file)");
        }
        return file;
    }

    private static ScreeningConfig.Register register(ConfigNode o) throws ConfigException {
        List<ScreeningConfig.Source> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<JsonNode> items = o.list("sources");
        for (int i = 0; i < items.size(); i++) {
            ConfigNode s = new ConfigNode(o.key("sources") + "[" + i + "].", items.get(i), "name", "url", "pollInterval",
                    "tokenFile", "maxShrinkPercent");
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
            Duration poll = s.duration("pollInterval", POLL_INTERVAL_DEFAULT);
            String tokenFile = s.string("tokenFile", null);
            String token = null;
            if (tokenFile != null) {
                if (!url.getScheme().equals("http") && !url.getScheme().equals("https")) {
                    throw new ConfigException(s.key("tokenFile") + ": only an http: or https: source sends a token; "
                            + "this source's url is " + url.getScheme() + ":");
                }
                token = token(s.key("tokenFile"), tokenFile);
            }
            Integer ownShrink = s.has("maxShrinkPercent") ? s.integer("maxShrinkPercent", 0, 0, 100) : null;
            sources.add(new ScreeningConfig.Source(name, url, poll, token, ownShrink));
        }
        int shrink = o.integer("maxShrinkPercent", 50, 0, 100);
        return new ScreeningConfig.Register(sources, shrink);
    }

    /**
     * The bearer token held in the file {@code path}: its text without surrounding whitespace, which
     * must be 1 to 4096 visible ASCII characters. The messages never quote the file's content.
     */
    private static String token(String key, String path) throws ConfigException {
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) {
            throw new ConfigException(key + ": not a valid path: " + quote(path));
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(key + ": no such file: " + quote(path));
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + quote(path) + ": " + e.getClass().getSimpleName());
        }
        String token = new String(bytes, StandardCharsets.ISO_8859_1).strip();
        if (token.isEmpty()) {
            throw new ConfigException(key + ": " + quote(path) + " is empty; it must hold the bearer token");
        }
        if (token.length() > TOKEN_MAX_CHARS || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ConfigException(key + ": " + quote(path) + " must hold one token of 1 to " + TOKEN_MAX_CHARS
                    + " visible ASCII characters (no spaces)");
        }
        return token;
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
}
