package screening.server.register;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
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
 * {@code classpath:}. A fetch either returns the whole body (in memory, or written to a
 * {@link SpoolFile}), says the source is unchanged since the last fetch, or throws
 * {@link IOException}; it never returns part of a body. A spool that the disk refuses fails as
 * {@link SpoolFile.Failed}, which says nothing about the source.
 *
 * <p>Blocking (file and network I/O, bounded by the configured timeouts): call it from a poller
 * thread, never an event loop. One instance per source; not thread-safe (one poller thread).
 */
abstract class SourceFetcher {

    private static final int COPY_BUFFER = 1 << 16;

    /**
     * What a fetch gave: the body (null when it went to the spool) and its validator, or
     * {@link #UNCHANGED}.
     */
    record Fetched(byte[] body, boolean spooled, String etag) {
        static final Fetched UNCHANGED = new Fetched(null, false, null);

        boolean unchanged() {
            return body == null && !spooled;
        }
    }

    /**
     * Fetches the body into memory.
     *
     * @param ifNoneMatch the ETag (or file stamp) of the last body seen, or null to fetch
     *     unconditionally
     */
    final Fetched fetch(String ifNoneMatch) throws IOException {
        return fetch(ifNoneMatch, null);
    }

    /**
     * Fetches the body into {@code into}, or into memory when it is null.
     *
     * @param ifNoneMatch the ETag (or file stamp) of the last body seen, or null to fetch
     *     unconditionally
     * @param into an empty spool the body is written to, or null
     * @throws SpoolFile.Failed when writing {@code into} failed
     */
    abstract Fetched fetch(String ifNoneMatch, SpoolFile into) throws IOException;

    /** Copies {@code in} to its end into {@code into} through {@code buffer}. */
    static void copy(java.nio.channels.ReadableByteChannel in, SpoolFile into, ByteBuffer buffer) throws IOException {
        buffer.clear();
        while (in.read(buffer) >= 0) {
            buffer.flip();
            into.write(buffer);
            buffer.clear();
        }
    }

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

    /**
     * Re-reads the file unless its size and modification time are those of the last read. The
     * file is copied, not mapped: its owner may rewrite it in place.
     */
    static final class FileFetcher extends SourceFetcher {
        private final Path path;
        private ByteBuffer buffer;

        FileFetcher(Path path) {
            this.path = path;
        }

        @Override
        Fetched fetch(String ifNoneMatch, SpoolFile into) throws IOException {
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
            byte[] body = null;
            if (into == null) {
                body = Files.readAllBytes(path);
            } else {
                if (buffer == null) {
                    buffer = ByteBuffer.allocate(COPY_BUFFER);
                }
                try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
                    copy(in, into, buffer);
                }
            }
            // a writer that replaced the file while we read it changes the stamp; read again next poll
            BasicFileAttributes after = Files.readAttributes(path, BasicFileAttributes.class);
            String stampAfter = after.size() + "@" + after.lastModifiedTime().toMillis() + "#" + after.fileKey();
            return new Fetched(body, into != null, stamp.equals(stampAfter) ? stamp : null);
        }
    }

    /** Reads a resource of the filter's own jar (the embedded default's sample register). */
    static final class ClasspathFetcher extends SourceFetcher {
        private final String resource;

        ClasspathFetcher(String resource) {
            this.resource = resource.startsWith("/") ? resource.substring(1) : resource;
        }

        @Override
        Fetched fetch(String ifNoneMatch, SpoolFile into) throws IOException {
            try (InputStream in = SourceFetcher.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new FileNotFoundException("no resource " + resource + " on the classpath");
                }
                if (into == null) {
                    return new Fetched(in.readAllBytes(), false, null);
                }
                copy(Channels.newChannel(in), into, ByteBuffer.allocate(COPY_BUFFER));
                return new Fetched(null, true, null);
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
        Fetched fetch(String ifNoneMatch, SpoolFile into) throws IOException {
            HttpRequest.Builder rb = HttpRequest.newBuilder(url).timeout(requestTimeout).GET()
                    .header("Accept", "application/x-ndjson, */*");
            if (ifNoneMatch != null) {
                rb.header("If-None-Match", ifNoneMatch);
            }
            if (authorization != null) {
                rb.header("Authorization", authorization);
            }
            HttpResponse.BodyHandler<byte[]> handler = into == null ? HttpResponse.BodyHandlers.ofByteArray()
                    : info -> info.statusCode() == 200 ? new SpoolSubscriber(into)
                            : HttpResponse.BodySubscribers.replacing(null);
            CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(rb.build(), handler);
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
                if (c instanceof SpoolFile.Failed spool) {
                    throw spool;
                }
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
            return new Fetched(r.body(), into != null, r.headers().firstValue("ETag").orElse(null));
        }
    }

    /**
     * Writes a 200 body to a spool as it arrives, one buffer list at a time; a write that fails
     * cancels the exchange and fails the body with {@link SpoolFile.Failed}.
     */
    private static final class SpoolSubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final SpoolFile into;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        SpoolSubscriber(SpoolFile into) {
            this.into = into;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            try {
                for (ByteBuffer b : item) {
                    into.write(b);
                }
            } catch (IOException ex) {
                subscription.cancel();
                body.completeExceptionally(ex);
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(null);
        }
    }
}
