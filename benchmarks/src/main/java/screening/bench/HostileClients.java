package screening.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clients for {@link AdminFlood}: each on a thread of its own, connects to the admin port, sends
 * one hostile request with a wrong token, and connects again when the filter answers or closes,
 * until {@link #stop}. Counts what it sent and what was refused. Loopback only (the address is
 * the child filter's). Thread-safe counters; {@link #stop} blocks until every client has ended.
 */
final class HostileClients {

    private static final String WRONG_TOKEN = AdminFlood.WRONG_TOKEN;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length:\\s*([0-9]+)");

    private final List<Thread> threads = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private volatile boolean running = true;

    /** One client's request and what it reads back, on a connected socket. */
    private interface Client {
        void once(HostileClients f, Socket s) throws IOException;
    }

    /** Starts {@code connections} clients that each send {@code GET /admin/v1/status} and read the answer. */
    static HostileClients tokens(InetSocketAddress admin, int connections) {
        byte[] request = ("GET /admin/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + WRONG_TOKEN
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] refused = "HTTP/1.1 401 ".getBytes(StandardCharsets.US_ASCII);
        return new HostileClients(admin, connections, (f, s) -> {
            s.getOutputStream().write(request);
            f.requests.incrementAndGet();
            byte[] answer = readAnswer(s.getInputStream());
            if (answer.length >= refused.length && Arrays.equals(answer, 0, refused.length, refused, 0, refused.length)) {
                f.refusals.incrementAndGet();
            }
        });
    }

    /** One answer's head and body (by its Content-Length), whether or not the filter then closes. */
    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int c;
        while (last4 != 0x0D0A0D0A && (c = in.read()) != -1) {
            head.write(c);
            last4 = last4 << 8 | c;
        }
        Matcher m = CONTENT_LENGTH.matcher(head.toString(StandardCharsets.ISO_8859_1));
        if (m.find()) {
            in.readNBytes(Integer.parseInt(m.group(1)));
        }
        return head.toByteArray();
    }

    /**
     * Starts {@code connections} clients that each announce a {@code bodyBytes} body and stream it
     * as fast as the socket takes it, without reading anything back.
     */
    static HostileClients bodies(InetSocketAddress admin, int connections, long bodyBytes) {
        byte[] head = ("POST /admin/v1/entries HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + WRONG_TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: " + bodyBytes + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return new HostileClients(admin, connections, (f, s) -> {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            OutputStream out = s.getOutputStream();
            out.write(head);
            f.requests.incrementAndGet();
            long sent = 0;
            while (sent < bodyBytes && f.running) {
                int n = (int) Math.min(chunk.length, bodyBytes - sent);
                out.write(chunk, 0, n); // blocks once the filter stops reading
                sent += n;
                f.bytesWritten.addAndGet(n);
            }
        });
    }

    private HostileClients(InetSocketAddress admin, int connections, Client client) {
        for (int i = 0; i < connections; i++) {
            Thread t = new Thread(() -> {
                while (running) {
                    Socket s = new Socket();
                    open.add(s);
                    try {
                        s.setSoTimeout(30_000);
                        s.connect(admin, 5_000);
                        client.once(this, s);
                    } catch (IOException e) {
                        // the filter closed or reset the connection: connect again
                    } finally {
                        open.remove(s);
                        try {
                            s.close();
                        } catch (IOException e) {
                            // already closed
                        }
                    }
                }
            }, "flood-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    void stop() throws InterruptedException {
        running = false;
        for (Socket s : open) {
            try {
                s.close(); // unblocks a client stuck in a write or a read
            } catch (IOException e) {
                // already closed
            }
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    long requests() {
        return requests.get();
    }

    long refusals() {
        return refusals.get();
    }

    long bytesWritten() {
        return bytesWritten.get();
    }
}
