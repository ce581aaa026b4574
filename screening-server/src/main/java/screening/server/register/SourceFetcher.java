package screening.server.register;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches the bytes of one register source: {@code file:}, {@code http:}/{@code https:} or
 * {@code classpath:}. A fetch either returns the whole body, says the source is unchanged since
 * the last fetch, or throws {@link IOException}; it never returns part of a body.
 *
 * <p>Blocking (file and network I/O, bounded by the configured timeouts): call it from a poller
 * thread, never an event loop. One instance per source; not thread-safe (one poller thread).
 */
abstract class SourceFetcher {

    /** What a fetch gave: the body and its validator, or {@link #UNCHANGED}. */
    record Fetched(byte[] body, String etag) {
        static final Fetched UNCHANGED = new Fetched(null, null);

        boolean unchanged() {
            return body == null;
        }
    }

    /**
     * @param ifNoneMatch the ETag (or file stamp) of the last body seen, or null to fetch
     *     unconditionally
     */
    abstract Fetched fetch(String ifNoneMatch) throws IOException;

    /**
     * The source answered {@code 401} or {@code 403}: it refuses this filter's token (or its lack of
     * one). A refusal of the filter, not a network fault; the message never holds the token.
     */
    static final class Unauthorized extends IOException {
        private static final long serialVersionUID = 1L;

        Unauthorized(String message) {
            super(message);
        }
    }

    /** A fetcher for {@code url} that sends no token. */
    static SourceFetcher of(URI url, Duration connectTimeout, Duration requestTimeout) {
        return of(url, connectTimeout, requestTimeout, null);
    }

    /**
     * A fetcher for {@code url}; an {@code http(s):} one sends {@code token}, when not null, as
     * {@code Authorization: Bearer}, and then follows no redirect, so that the token goes to no
     * other host.
     */
    static SourceFetcher of(URI url, Duration connectTimeout, Duration requestTimeout, String token) {
        String scheme = url.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("register source url " + url + " has no scheme (file:, http:, https:)");
        }
        return switch (scheme) {
            case "file" -> new FileFetcher(Path.of(url));
            case "http", "https" -> new HttpFetcher(url, connectTimeout, requestTimeout, token);
            case "classpath" -> new ClasspathFetcher(url.getSchemeSpecificPart());
            default -> throw new IllegalArgumentException(
                    "register source url scheme " + scheme + " is not file:, http: or https:");
        };
    }

    /** Re-reads the file unless its size and modification time are those of the last read. */
    static final class FileFetcher extends SourceFetcher {
        private final Path path;

        FileFetcher(Path path) {
            this.path = path;
        }

        @Override
        Fetched fetch(String ifNoneMatch) throws IOException {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(path, BasicFileAttributes.class);
            } catch (java.nio.file.NoSuchFileException ex) {
                throw new IOException("no such file: " + path, ex);
            }
            String stamp = a.size() + "@" + a.lastModifiedTime().toMillis() + "#" + a.fileKey();
            if (stamp.equals(ifNoneMatch)) {
                return Fetched.UNCHANGED;
            }
            byte[] body = Files.readAllBytes(path);
            // a writer that replaced the file while we read it changes the stamp; read again next poll
            BasicFileAttributes after = Files.readAttributes(path, BasicFileAttributes.class);
            String stampAfter = after.size() + "@" + after.lastModifiedTime().toMillis() + "#" + after.fileKey();
            return new Fetched(body, stamp.equals(stampAfter) ? stamp : null);
        }
    }

    /** Reads a resource of the filter's own jar (the embedded default's sample register). */
    static final class ClasspathFetcher extends SourceFetcher {
        private final String resource;

        ClasspathFetcher(String resource) {
            this.resource = resource.startsWith("/") ? resource.substring(1) : resource;
        }

        @Override
        Fetched fetch(String ifNoneMatch) throws IOException {
            try (InputStream in = SourceFetcher.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new FileNotFoundException("no resource " + resource + " on the classpath");
                }
                return new Fetched(in.readAllBytes(), null);
            }
        }
    }

    /**
     * GET with {@code If-None-Match} (and the bearer token, if any); 200 gives the body, 304
     * unchanged, 401 and 403 fail as {@link Unauthorized}, anything else fails. The whole
     * exchange, body included, is bounded by the request timeout.
     */
    static final class HttpFetcher extends SourceFetcher {
        private final URI url;
        private final Duration requestTimeout;
        private final String authorization;
        private final HttpClient client;

        HttpFetcher(URI url, Duration connectTimeout, Duration requestTimeout, String token) {
            this.url = url;
            this.requestTimeout = requestTimeout;
            this.authorization = token != null ? "Bearer " + token : null;
            this.client = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(token != null ? HttpClient.Redirect.NEVER : HttpClient.Redirect.NORMAL)
                    .build();
        }

        @Override
        Fetched fetch(String ifNoneMatch) throws IOException {
            HttpRequest.Builder rb = HttpRequest.newBuilder(url).timeout(requestTimeout).GET()
                    .header("Accept", "application/x-ndjson, */*");
            if (ifNoneMatch != null) {
                rb.header("If-None-Match", ifNoneMatch);
            }
            if (authorization != null) {
                rb.header("Authorization", authorization);
            }
            CompletableFuture<HttpResponse<byte[]>> f =
                    client.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> r;
            try {
                // HttpRequest.timeout bounds the wait for headers only; this bounds the body too
                r = f.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException ex) {
                f.cancel(true);
                throw new IOException("timeout: no complete answer within " + requestTimeout.toMillis() + " ms");
            } catch (InterruptedException ex) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            } catch (ExecutionException ex) {
                Throwable c = ex.getCause();
                if (c instanceof java.net.http.HttpTimeoutException) {
                    throw new IOException("timeout: no answer within " + requestTimeout.toMillis() + " ms", c);
                }
                String what = c.getClass().getSimpleName() + (c.getMessage() != null ? ": " + c.getMessage() : "");
                throw new IOException(what, c);
            }
            if (r.statusCode() == 304) {
                return Fetched.UNCHANGED;
            }
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                throw new Unauthorized("HTTP " + r.statusCode() + ": the source refuses "
                        + (authorization != null ? "the token of this source's tokenFile" : "a request without a token"));
            }
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode());
            }
            return new Fetched(r.body(), r.headers().firstValue("ETag").orElse(null));
        }
    }
}
