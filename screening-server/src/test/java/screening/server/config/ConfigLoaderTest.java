package screening.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import screening.core.EmailRules;
import screening.core.Mode;
import screening.core.NumberingPlan;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private ScreeningConfig load(String yaml) throws IOException, ConfigException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(f);
    }

    @Test
    void load_null_readsEmbeddedDefault() throws ConfigException {
        ScreeningConfig c = ConfigLoader.load(null);

        assertThat(c.establishment()).isEqualTo("HULL");
        assertThat(c.query()).isEqualTo(new ScreeningConfig.Listen("127.0.0.1", 8700));
        assertThat(c.admin().port()).isEqualTo(8701);
        assertThat(c.register().sources()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("national");
            assertThat(s.url()).isEqualTo(URI.create("classpath:config/sample-register.ndjson"));
        });
    }

    @Test
    void load_onlyEstablishment_givesEveryDefault() throws Exception {
        ScreeningConfig c = load("establishment: LEEDS\n");

        assertThat(c.mode()).isEqualTo(Mode.BLOCKLIST);
        assertThat(c.failClosed()).isTrue();
        assertThat(c.numbering()).isEqualTo(NumberingPlan.DEFAULT);
        assertThat(c.query()).isEqualTo(new ScreeningConfig.Listen("127.0.0.1", 8700));
        assertThat(c.admin()).isEqualTo(new ScreeningConfig.Admin("127.0.0.1", 8701, List.of()));
        assertThat(c.admin().maxBodyBytes()).isEqualTo(16 << 20);
        assertThat(c.register()).isEqualTo(new ScreeningConfig.Register(List.of(), 50));
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.query().connections()).isEqualTo(new ScreeningConfig.Connections(4096, Duration.ofMinutes(10),
                Duration.ofSeconds(10)));
        assertThat(c.admin().connections()).isEqualTo(new ScreeningConfig.Connections(256, Duration.ofSeconds(60),
                Duration.ofSeconds(10)));
    }

    @Test
    void load_emailKeys_readsEach() throws Exception {
        ScreeningConfig c = load("""
                establishment: HULL
                email:
                  domainAliases: {mail.example.org: example.org}
                  dotInsensitiveDomains: [example.org]
                  providerDomains: [example.net]
                """);

        assertThat(c.email()).isEqualTo(new EmailRules(java.util.Map.of("mail.example.org", "example.org"),
                java.util.Set.of("example.org"), java.util.Set.of("example.net")));
        assertThat(load("establishment: HULL\n").email()).isEqualTo(EmailRules.DEFAULT);
    }

    @Test
    void load_connectionKeys_readsEachPerPort() throws Exception {
        ScreeningConfig c = load("""
                establishment: HULL
                query: {maxConnections: 100, idleTimeout: 2m, requestTimeout: 500ms}
                admin: {maxConnections: 8, idleTimeout: 5s, requestTimeout: 3s}
                """);

        assertThat(c.query().connections()).isEqualTo(new ScreeningConfig.Connections(100, Duration.ofMinutes(2),
                Duration.ofMillis(500)));
        assertThat(c.admin().connections()).isEqualTo(new ScreeningConfig.Connections(8, Duration.ofSeconds(5),
                Duration.ofSeconds(3)));
        assertThat(c.admin().listen().connections()).isEqualTo(c.admin().connections());
    }

    @Test
    void load_everyKeySet_readsEach() throws Exception {
        ScreeningConfig c = load("""
                establishment: HMP01
                mode: allowlist
                failClosed: false
                numbering:
                  defaultRegion: IE
                  stripPrefixes: ["141"]
                  outsideLinePrefix: "9"
                  minPrefixDigits: 6
                query: {bind: 0.0.0.0, port: 9700}
                admin:
                  bind: 127.0.0.1
                  port: 9701
                  tokens:
                    - {name: spoc-hull, role: security, sha256: %s}
                  maxBodyBytes: 1048576
                register:
                  sources:
                    - {name: national, url: "https://register.example/national.ndjson", pollInterval: 500ms}
                    - {name: regional, url: "file:/var/lib/screening/regional.ndjson", pollInterval: 1m}
                  maxShrinkPercent: 10
                dataDir: /var/lib/screening
                """.formatted("ab".repeat(32)));

        assertThat(c.mode()).isEqualTo(Mode.ALLOWLIST);
        assertThat(c.failClosed()).isFalse();
        assertThat(c.numbering()).isEqualTo(new NumberingPlan("IE", List.of("141"), "9", 6));
        assertThat(c.query()).isEqualTo(new ScreeningConfig.Listen("0.0.0.0", 9700));
        assertThat(c.admin().tokens()).containsExactly(new ScreeningConfig.Token("spoc-hull", TokenRole.SECURITY, "ab".repeat(32)));
        assertThat(c.admin().maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(c.register().sources()).extracting(ScreeningConfig.Source::pollInterval)
                .containsExactly(Duration.ofMillis(500), Duration.ofMinutes(1));
        assertThat(c.register().maxShrinkPercent()).isEqualTo(10);
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/screening"));
    }

    @Test
    void load_peerSource_readsNodeTokenFileAndOwnShrink() throws Exception {
        Path tokenFile = dir.resolve("peer.token");
        Files.writeString(tokenFile, "  peer-token-for-tests-0003\n");
        ScreeningConfig c = load("""
                establishment: HULL
                node: hull-b
                register:
                  sources:
                    - {name: hull-a, url: "https://hull-a.example.org:8701/admin/v1/feed", tokenFile: "%s", pollInterval: 1s, maxShrinkPercent: 100}
                    - {name: national, url: "https://register.example.org/national.ndjson"}
                  maxShrinkPercent: 20
                """.formatted(tokenFile));

        assertThat(c.node()).isEqualTo("hull-b");
        ScreeningConfig.Source peer = c.register().sources().get(0);
        ScreeningConfig.Source national = c.register().sources().get(1);
        assertThat(peer.token()).isEqualTo("peer-token-for-tests-0003");
        assertThat(peer.toString()).doesNotContain("peer-token-for-tests-0003");
        assertThat(national.token()).isNull();
        assertThat(c.register().maxShrinkPercent(peer)).isEqualTo(100);
        assertThat(c.register().maxShrinkPercent(national)).isEqualTo(20);
    }

    @Test
    void parse_noNode_firstLabelOfHostNameLowerCased() throws Exception {
        JsonNode root = ConfigNode.readTree(new ByteArrayInputStream("establishment: HULL\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(ConfigLoader.parse(root, () -> "Hull-A.prison.example.org").node()).isEqualTo("hull-a");
        assertThat(ConfigLoader.parse(root, () -> "filter2").node()).isEqualTo("filter2");
    }

    @Test
    void parse_noNodeAndUnfitHostName_asksForNode() throws Exception {
        JsonNode root = ConfigNode.readTree(new ByteArrayInputStream("establishment: HULL\n".getBytes(StandardCharsets.UTF_8)));

        for (String host : new String[] {"hull_a", "a".repeat(33), "", "h\u00fcll"}) {
            assertThatThrownBy(() -> ConfigLoader.parse(root, () -> host)).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("node: not set, and this host's name")
                    .hasMessageContaining("set node to this filter's name");
        }
        assertThatThrownBy(() -> ConfigLoader.parse(root, () -> {
            throw new IOException("no name");
        })).isInstanceOf(ConfigException.class).hasMessageStartingWith("node: not set, and this host's name cannot be read");
    }

    @Test
    void load_tokenFileMissingEmptyOrNotAToken_namesKeyNeverTheToken() throws Exception {
        Path empty = dir.resolve("empty.token");
        Files.writeString(empty, " \n");
        Path spaced = dir.resolve("spaced.token");
        Files.writeString(spaced, "secret-one secret-two\n");
        String yaml = "establishment: HULL\nregister: {sources: [{name: hull-a, url: \"https://hull-a.example.org/f\", "
                + "tokenFile: \"%s\"}]}\n";

        assertThatThrownBy(() -> load(yaml.formatted(dir.resolve("absent.token")))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("register.sources[0].tokenFile: no such file");
        assertThatThrownBy(() -> load(yaml.formatted(empty))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("register.sources[0].tokenFile: ").hasMessageContaining("is empty");
        assertThatThrownBy(() -> load(yaml.formatted(spaced))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("register.sources[0].tokenFile: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-one").doesNotContain("secret-two"));
        assertThatThrownBy(() -> load(yaml.formatted(dir))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("register.sources[0].tokenFile: cannot read");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level key        | 'establishment: HULL\nfoo: 1'                          | foo: unknown key
            unknown nested key           | 'establishment: HULL\nquery: {prot: 1}'                 | query.prot: unknown key
            missing establishment        | 'mode: blocklist'                                       | establishment: required
            bad establishment            | 'establishment: hull'                                   | establishment: expected 2 to 8
            establishment wrong type     | 'establishment: 12'                                     | establishment: expected a string
            bad mode                     | 'establishment: HULL\nmode: denylist'                   | mode: expected blocklist or allowlist
            failClosed wrong type        | 'establishment: HULL\nfailClosed: "yes"'                | failClosed: expected true or false
            port out of range            | 'establishment: HULL\nquery: {port: 70000}'             | query.port: expected a whole number from 0 to 65535
            port wrong type              | 'establishment: HULL\nadmin: {port: "8701"}'            | admin.port: expected a whole number
            same ports                   | 'establishment: HULL\nquery: {port: 9000}\nadmin: {port: 9000}' | admin.port: must differ
            bad region                   | 'establishment: HULL\nnumbering: {defaultRegion: XX}'   | numbering.defaultRegion:
            bad strip prefix             | 'establishment: HULL\nnumbering: {stripPrefixes: ["1a"]}' | numbering.stripPrefixes[0]:
            bad outside line             | 'establishment: HULL\nnumbering: {outsideLinePrefix: 9}' | numbering.outsideLinePrefix: expected
            bad min prefix               | 'establishment: HULL\nnumbering: {minPrefixDigits: 0}'  | numbering.minPrefixDigits: expected a whole number from 1 to 15
            bad token role               | 'establishment: HULL\nadmin: {tokens: [{name: a, role: admin, sha256: x}]}' | admin.tokens[0].role: expected security, auditor or peer
            bad token hash               | 'establishment: HULL\nadmin: {tokens: [{name: a, role: auditor, sha256: ABC}]}' | admin.tokens[0].sha256: expected 64 lowercase hex
            duplicate source names       | 'establishment: HULL\nregister: {sources: [{name: n, url: "file:/a"}, {name: n, url: "file:/b"}]}' | register.sources[1].name:
            bad source scheme            | 'establishment: HULL\nregister: {sources: [{name: n, url: "ftp://x/y"}]}' | register.sources[0].url: expected
            relative file url            | 'establishment: HULL\nregister: {sources: [{name: n, url: "file:reg.ndjson"}]}' | register.sources[0].url: expected
            bad poll interval            | 'establishment: HULL\nregister: {sources: [{name: n, url: "file:/a", pollInterval: soon}]}' | register.sources[0].pollInterval: expected a duration like 5s, 500ms or 1m, got "soon"
            zero poll interval           | 'establishment: HULL\nregister: {sources: [{name: n, url: "file:/a", pollInterval: 0s}]}' | register.sources[0].pollInterval: expected a duration above zero
            reserved source name         | 'establishment: HULL\nregister: {sources: [{name: local, url: "file:/a"}]}' | register.sources[0].name: "local" is reserved
            admin body limit too small   | 'establishment: HULL\nadmin: {maxBodyBytes: 1000}'      | admin.maxBodyBytes: expected a whole number from 1024 to 1073741824
            admin body limit not a number | 'establishment: HULL\nadmin: {maxBodyBytes: 16MiB}'    | admin.maxBodyBytes: expected a whole number
            shrink over 100              | 'establishment: HULL\nregister: {maxShrinkPercent: 101}' | register.maxShrinkPercent: expected a whole number from 0 to 100
            sources not a list           | 'establishment: HULL\nregister: {sources: national}'    | register.sources: expected a list
            empty dataDir                | 'establishment: HULL\ndataDir: ""'                      | dataDir: expected a directory path
            duplicate key                | 'establishment: HULL\nestablishment: LEEDS'             | config:
            zero max connections         | 'establishment: HULL\nquery: {maxConnections: 0}'       | query.maxConnections: expected a whole number from 1 to 1000000
            max connections wrong type   | 'establishment: HULL\nadmin: {maxConnections: many}'    | admin.maxConnections: expected a whole number
            bad idle timeout             | 'establishment: HULL\nquery: {idleTimeout: 10 minutes}' | query.idleTimeout: expected a duration like 5s, 500ms or 1m, got "10 minutes"
            zero idle timeout            | 'establishment: HULL\nadmin: {idleTimeout: 0s}'         | admin.idleTimeout: expected a duration above zero
            bad request timeout          | 'establishment: HULL\nadmin: {requestTimeout: -1s}'     | admin.requestTimeout: expected a duration like 5s
            request timeout wrong type   | 'establishment: HULL\nquery: {requestTimeout: 10}'      | query.requestTimeout: expected a string
            unknown email key            | 'establishment: HULL\nemail: {aliases: {}}'             | email.aliases: unknown key
            alias not a string           | 'establishment: HULL\nemail: {domainAliases: {a.org: 1}}' | email.domainAliases."a.org": expected a quoted string
            alias upper case             | 'establishment: HULL\nemail: {domainAliases: {A.org: b.org}}' | email.domainAliases."A.org": expected a lower-case domain
            alias loop                   | 'establishment: HULL\nemail: {domainAliases: {a.org: b.org, b.org: a.org}}' | email.domainAliases goes round in a circle
            provider without a dot       | 'establishment: HULL\nemail: {providerDomains: [gmail]}' | email.providerDomains[0]: expected a lower-case domain
            bad node                     | 'establishment: HULL\nnode: Hull_A'                     | node: expected 1 to 32 of a-z, 0-9 and '-', like hull-a, got "Hull_A"
            node too long                | 'establishment: HULL\nnode: abcdefghijklmnopqrstuvwxyz0123456'  | node: expected 1 to 32
            node wrong type              | 'establishment: HULL\nnode: 12'                         | node: expected a string
            token for a file source      | 'establishment: HULL\nregister: {sources: [{name: n, url: "file:/a", tokenFile: /etc/t}]}' | register.sources[0].tokenFile: only an http: or https: source sends a token
            source shrink over 100       | 'establishment: HULL\nregister: {sources: [{name: n, url: "file:/a", maxShrinkPercent: 101}]}' | register.sources[0].maxShrinkPercent: expected a whole number from 0 to 100
            source shrink null           | 'establishment: HULL\nregister: {sources: [{name: n, url: "file:/a", maxShrinkPercent: null}]}' | register.sources[0].maxShrinkPercent: expected a whole number
            """)
    void load_badConfig_throwsOneLineNamingKey(String kind, String yaml, String expected) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml.replace("\\n", "\n"));

        assertThatThrownBy(() -> ConfigLoader.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void load_missingFile_namesConfigOption() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("absent.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("--config: no such file");
    }

    @Test
    void load_unknownKeyWithLineBreakOrEscape_quotedOnOneLine() throws IOException {
        // YAML escapes: a line feed, a line separator and an ESC in a key
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "establishment: HULL\n\"a\\nb\": 1\n");
        assertThatThrownBy(() -> ConfigLoader.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("\"a\\u000ab\": unknown key (expected one of establishment,");

        Files.writeString(f, "establishment: HULL\nquery: {\"a\\u2028b\\e[31m\": 1}\n");
        assertThatThrownBy(() -> ConfigLoader.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("query.\"a\\u2028b\\u001b[31m\": unknown key (expected one of bind, port, maxConnections, idleTimeout, requestTimeout)");
    }

    @Test
    void load_duplicateKeyWithEscape_yamlMessageEscapedOnOneLine() throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "establishment: HULL\nquery: {\"k\\e\": 1, \"k\\e\": 1}\n");

        assertThatThrownBy(() -> ConfigLoader.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config: " + f + " is not valid YAML")
                .hasMessageContaining("k\\u001b")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
    }

    @Test
    void load_consoleKeys_readsSessionTtlAndTls() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "pem");
        Path key = Files.writeString(dir.resolve("key.pem"), "pem");

        ScreeningConfig c = load("establishment: HULL\nadmin:\n  sessionTtl: 30m\n  tls:\n    certificate: " + cert
                + "\n    privateKey: " + key + "\n");

        assertThat(c.admin().sessionTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.admin().tlsCertificate()).isEqualTo(cert);
        assertThat(c.admin().tlsPrivateKey()).isEqualTo(key);
        assertThat(c.admin().tls()).isTrue();
        ScreeningConfig d = load("establishment: HULL\n");
        assertThat(d.admin().sessionTtl()).isEqualTo(Duration.ofHours(8));
        assertThat(d.admin().tls()).isFalse();
    }

    @Test
    void load_badConsoleKeys_namesTheKey() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "pem");

        assertThatThrownBy(() -> load("establishment: HULL\nadmin:\n  sessionTtl: all day\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("admin.sessionTtl: ");
        assertThatThrownBy(() -> load("establishment: HULL\nadmin:\n  sessionTtl: 0s\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("admin.sessionTtl: ");
        assertThatThrownBy(() -> load("establishment: HULL\nadmin:\n  tls:\n    certificate: " + cert + "\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("admin.tls.privateKey: ");
        assertThatThrownBy(() -> load("establishment: HULL\nadmin:\n  tls:\n    privateKey: " + cert + "\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("admin.tls.certificate: ");
        assertThatThrownBy(() -> load("establishment: HULL\nadmin:\n  tls:\n    certificate: " + dir.resolve("none.pem")
                + "\n    privateKey: " + cert + "\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("admin.tls.certificate: ");
        assertThatThrownBy(() -> load("establishment: HULL\nadmin:\n  tls:\n    ca: x\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("admin.tls.ca");
    }

    @Test
    void load_logKeys_readsEachWithTextAndInfoByDefault() throws Exception {
        assertThat(load("establishment: HULL\n").log()).isEqualTo(LogSettings.DEFAULT);
        assertThat(LogSettings.DEFAULT).isEqualTo(new LogSettings(LogSettings.Format.TEXT, LogSettings.Level.INFO));
        assertThat(load("establishment: HULL\nlog: {format: json}\n").log())
                .isEqualTo(new LogSettings(LogSettings.Format.JSON, LogSettings.Level.INFO));
        assertThat(load("establishment: HULL\nlog:\n  format: text\n  level: debug\n").log())
                .isEqualTo(new LogSettings(LogSettings.Format.TEXT, LogSettings.Level.DEBUG));
        for (LogSettings.Level l : LogSettings.Level.values()) {
            assertThat(load("establishment: HULL\nlog: {level: " + l.configName() + "}\n").log().level()).isEqualTo(l);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown format   | 'log: {format: xml}'     | log.format: expected text or json, got "xml"
            format upper case | 'log: {format: JSON}'   | log.format: expected text or json, got "JSON"
            format not text  | 'log: {format: 1}'       | log.format: expected a string
            unknown level    | 'log: {level: verbose}'  | log.level: expected error, warn, info, debug or trace, got "verbose"
            unknown log key  | 'log: {file: /tmp/x}'    | log.file: unknown key
            log not a map    | 'log: json'              | log: expected a mapping
            """)
    void load_badLogKeys_throwsOneLineNamingKey(String kind, String yaml, String expected) {
        assertThatThrownBy(() -> load("establishment: HULL\n" + yaml + "\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected);
    }
}
