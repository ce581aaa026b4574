package screening.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's files read from a directory of classes and from a jar, as the server finds them. */
class ConsoleAssetsTest {

    @TempDir
    Path dir;

    private static final String INDEX = "<!doctype html><title>Console</title>";

    private void write(Path root, String name, String text) throws Exception {
        Path p = root.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private ConsoleAssets fromDirectory() throws Exception {
        Path classes = dir.resolve("classes");
        write(classes, "console/index.html", INDEX);
        write(classes, "console/app.js", "export const x = 1;");
        write(classes, "console/css/site.css", "body{}");
        write(classes, "console/secret.properties", "token=x");
        write(classes, "screening/Other.class", "not served");
        try (URLClassLoader l = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            return ConsoleAssets.load(l);
        }
    }

    @Test
    void load_directory_servesEachFileWithItsType() throws Exception {
        ConsoleAssets a = fromDirectory();

        assertThat(a.size()).isEqualTo(3);
        assertThat(new String(a.find("").bytes(), StandardCharsets.UTF_8)).isEqualTo(INDEX);
        assertThat(a.find("index.html").contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(a.find("app.js").contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(a.find("css/site.css").contentType()).isEqualTo("text/css; charset=utf-8");
        assertThat(a.find("app.js").etag()).matches("\"[0-9a-f]{32}\"");
    }

    @Test
    void find_traversalDirectoriesAndOtherTypes_null() throws Exception {
        ConsoleAssets a = fromDirectory();

        assertThat(a.find("secret.properties")).isNull();
        assertThat(a.find("css")).isNull();
        assertThat(a.find("css/")).isNull();
        assertThat(a.find("../screening/Other.class")).isNull();
        assertThat(a.find("./app.js")).isNull();
        assertThat(a.find("css/../app.js")).isNull();
    }

    @Test
    void load_jar_servesTheSameFiles() throws Exception {
        Path jar = dir.resolve("console.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String[] f : new String[][] {{"console/", null}, {"console/index.html", INDEX},
                    {"console/img/", null}, {"console/img/logo.svg", "<svg/>"}}) {
                out.putNextEntry(new JarEntry(f[0]));
                if (f[1] != null) {
                    out.write(f[1].getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader l = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            ConsoleAssets a = ConsoleAssets.load(l);

            assertThat(a.size()).isEqualTo(2);
            assertThat(a.find("img/logo.svg").contentType()).isEqualTo("image/svg+xml");
            assertThat(new String(a.find("").bytes(), StandardCharsets.UTF_8)).isEqualTo(INDEX);
            assertThat(a.find("img")).isNull();
        }
    }

    @Test
    void load_noIndex_servesNothing() throws Exception {
        try (URLClassLoader l = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(ConsoleAssets.load(l).size()).isZero();
        }
    }

    @Test
    void contentType_eachServedExtension() {
        assertThat(ConsoleAssets.contentType("a.png")).isEqualTo("image/png");
        assertThat(ConsoleAssets.contentType("f.woff2")).isEqualTo("font/woff2");
        assertThat(ConsoleAssets.contentType("m.mjs")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(ConsoleAssets.contentType("README")).isNull();
        assertThat(ConsoleAssets.contentType("a.class")).isNull();
    }
}
