package screening.server.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The console's static files (SPEC section 13): every regular file under the classpath directory
 * {@value #ROOT}, read once at start into memory, served by its path below {@code /console/}.
 * {@code /console/} is {@code index.html}. A path is looked up as a key, never resolved against
 * a file system, so {@code ..}, a directory, or a file of a type not in {@link #contentType} is
 * simply not found.
 *
 * <p>Immutable after {@link #load}; thread-safe; {@link #find} never blocks.
 */
public final class ConsoleAssets {

    /** The classpath directory the console's files are served from. */
    public static final String ROOT = "console";
    /** The file the console's root, {@code /console/}, serves. */
    public static final String INDEX = "index.html";

    /** One file: its bytes, its Content-Type, and a strong ETag (its SHA-256). */
    public record Asset(byte[] bytes, String contentType, String etag) {
    }

    private final Map<String, Asset> assets;

    private ConsoleAssets(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /** No files: every path is not found. */
    public static ConsoleAssets empty() {
        return new ConsoleAssets(Map.of());
    }

    /**
     * Reads every file under {@value #ROOT} that {@code loader} finds beside {@code console/index.html}
     * (a directory of classes or a jar). No {@code index.html}: no files.
     *
     * @throws UncheckedIOException when the files cannot be read
     */
    public static ConsoleAssets load(ClassLoader loader) {
        URL index = loader.getResource(ROOT + "/" + INDEX);
        if (index == null) {
            return empty();
        }
        try {
            URI uri = index.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(fs.provider().getPath(uri).getParent());
                } catch (FileSystemAlreadyExistsException e) {
                    // opened elsewhere: read through it, and leave it open for its owner
                    return read(FileSystems.getFileSystem(uri).provider().getPath(uri).getParent());
                }
            }
            return read(Path.of(uri).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("console: cannot read the files under " + ROOT + "/", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("console: " + index + " is not a URI", e);
        }
    }

    private static ConsoleAssets read(Path root) throws IOException {
        Map<String, Asset> out = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String rel = root.relativize(p).toString().replace('\\', '/');
                String type = contentType(rel);
                if (type == null) {
                    continue;
                }
                byte[] bytes = Files.readAllBytes(p);
                out.put(rel, new Asset(bytes, type, "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 16) + "\""));
            }
        }
        return new ConsoleAssets(out);
    }

    /**
     * The file at {@code path}, the part of the request path after {@code /console/} (not
     * percent-decoded: asset names are plain), or null. An empty path is {@value #INDEX}.
     */
    public Asset find(String path) {
        return assets.get(path.isEmpty() ? INDEX : path);
    }

    /** How many files are served. */
    public int size() {
        return assets.size();
    }

    /** The Content-Type a file of this name is served with, or null for a type the console does not serve. */
    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        return switch (name.substring(dot + 1).toLowerCase(Locale.ROOT)) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "json" -> "application/json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "txt" -> "text/plain; charset=utf-8";
            default -> null;
        };
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
