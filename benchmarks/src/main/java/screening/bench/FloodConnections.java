package screening.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The {@link ConnectionFlood}'s flood of the query port: slow connections first (each trickling a
 * request one byte a second, in three shapes: the request line, the headers, a body), then idle
 * ones (opened, never written to), then one selector loop that trickles the slow connections'
 * bytes, notes every close, and reopens a slow connection the server closed, until {@link #stop}
 * is set (at most 5 minutes). Runs on a thread of its own; its counters are read by another
 * thread once it has ended, {@link #placedAt} at any time.
 */
final class FloodConnections implements Runnable {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int REOPEN_PER_TICK = 50;
    private static final String PAD = "a".repeat(100);
    private static final String[][] SHAPE_TEXT = {
        // what is sent at once, then what trickles
        {"", "GET /v1/screen?pin=1234&number=07700900456&x=" + PAD + " HTTP/1.1\r\nHost: filter\r\n\r\n"},
        {"GET /v1/screen?pin=1234&number=07700900456 HTTP/1.1\r\nHost: filter\r\n", "X-Slow: " + PAD + "\r\n\r\n"},
        {"POST /v1/screen HTTP/1.1\r\nHost: filter\r\nContent-Type: application/json\r\nContent-Length: 140\r\n\r\n",
            String.format(Locale.ROOT, "%-140s", "{\"pin\":\"1234\",\"number\":\"07700900456\"}")},
    };
    private static final byte[][][] SHAPES = new byte[SHAPE_TEXT.length][][];

    static {
        for (int i = 0; i < SHAPE_TEXT.length; i++) {
            SHAPES[i] = new byte[][] {SHAPE_TEXT[i][0].getBytes(StandardCharsets.US_ASCII),
                SHAPE_TEXT[i][1].getBytes(StandardCharsets.US_ASCII)};
        }
    }

    private final InetSocketAddress address;
    private final int idle;
    private final int slow;
    private final SplittableRandom random = new SplittableRandom(1);
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(4096);
    private final List<Conn> slows = new ArrayList<>();
    private final ArrayDeque<Integer> toReopen = new ArrayDeque<>();
    volatile boolean stop;
    volatile long placedAt;
    long connectFailures;
    long idleOpened;
    long idleClosedAtOnce;
    long idleClosedLater;
    long slowOpened;
    long slow408;
    long slowRefused;
    long slowClosedOther;
    long slowFinished;
    private Selector selector;

    FloodConnections(InetSocketAddress address, int idle, int slow) {
        this.address = address;
        this.idle = idle;
        this.slow = slow;
    }

    /** One flood connection. */
    private static final class Conn {
        SocketChannel channel;
        boolean isSlow;
        int index; // in slows
        int shape;
        int sent; // of the trickled part
        long openedAt;
        long nextByteAt;
        boolean answered;
        boolean got408;
        boolean open;
    }

    @Override
    public void run() {
        try (Selector s = Selector.open()) {
            selector = s;
            try {
                for (int i = 0; i < slow && !stop; i++) {
                    Conn c = new Conn();
                    c.isSlow = true;
                    c.index = i;
                    c.shape = i % SHAPES.length;
                    slows.add(c);
                    openSlow(i);
                    if (i % 50 == 49) {
                        noteCloses();
                    }
                }
                for (int i = 0; i < idle && !stop; i++) {
                    if (connect(new Conn())) {
                        idleOpened++;
                    }
                    if (i % 50 == 49) {
                        noteCloses(); // so that a close is timed from when it happened
                    }
                }
                placedAt = System.nanoTime();
                loop();
            } finally {
                for (SelectionKey k : s.keys()) {
                    try {
                        k.channel().close();
                    } catch (IOException e) {
                        // closing anyway
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("flood: " + e);
        }
    }

    private boolean connect(Conn c) {
        try {
            SocketChannel ch = SocketChannel.open();
            try {
                ch.socket().connect(address, ConnectionFlood.IO_TIMEOUT_MS);
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, c);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            c.channel = ch;
            c.openedAt = System.nanoTime();
            c.open = true;
            c.answered = false;
            c.got408 = false;
            return true;
        } catch (IOException e) {
            connectFailures++;
            return false;
        }
    }

    private void openSlow(int i) {
        Conn c = slows.get(i);
        c.sent = 0;
        if (!connect(c)) {
            return;
        }
        slowOpened++;
        c.nextByteAt = System.nanoTime() + random.nextLong(SECOND);
        byte[] head = SHAPES[c.shape][0];
        if (head.length > 0) {
            write(c, ByteBuffer.wrap(head));
        }
    }

    private void loop() throws IOException {
        long deadline = System.nanoTime() + ConnectionFlood.MAX_PHASE.toNanos();
        long nextTick = System.nanoTime();
        while (!stop && System.nanoTime() < deadline) {
            selector.select(10);
            readSelected();
            long now = System.nanoTime();
            if (now >= nextTick) {
                nextTick = now + TICK;
                trickle(now);
                for (int n = 0; n < REOPEN_PER_TICK && !toReopen.isEmpty(); n++) {
                    openSlow(toReopen.poll());
                }
            }
        }
    }

    private void noteCloses() throws IOException {
        selector.selectNow();
        readSelected();
    }

    private void readSelected() {
        for (SelectionKey k : selector.selectedKeys()) {
            onReadable((Conn) k.attachment());
        }
        selector.selectedKeys().clear();
    }

    private void trickle(long now) {
        for (int i = 0; i < slows.size(); i++) {
            Conn c = slows.get(i);
            if (!c.open || now < c.nextByteAt) {
                continue;
            }
            byte[] rest = SHAPES[c.shape][1];
            if (c.sent < rest.length) {
                write(c, ByteBuffer.wrap(rest, c.sent, 1));
                c.sent++;
                if (c.sent == rest.length) {
                    slowFinished++;
                }
            }
            c.nextByteAt += SECOND;
        }
    }

    private void write(Conn c, ByteBuffer b) {
        try {
            c.channel.write(b);
        } catch (IOException e) {
            closed(c);
        }
    }

    private void onReadable(Conn c) {
        if (!c.open) {
            return;
        }
        readBuffer.clear();
        int n;
        try {
            n = c.channel.read(readBuffer);
        } catch (IOException e) {
            n = -1;
        }
        if (n > 0) {
            if (!c.answered && n >= 12) {
                byte[] status = new byte[12];
                readBuffer.flip();
                readBuffer.get(status);
                c.got408 = new String(status, StandardCharsets.US_ASCII).equals("HTTP/1.1 408");
            }
            c.answered = true;
        } else if (n < 0) {
            closed(c);
        }
    }

    private void closed(Conn c) {
        if (!c.open) {
            return;
        }
        c.open = false;
        try {
            c.channel.close();
        } catch (IOException e) {
            // closed anyway
        }
        boolean atOnce = System.nanoTime() - c.openedAt < SECOND && !c.answered;
        if (!c.isSlow) {
            if (atOnce) {
                idleClosedAtOnce++;
            } else {
                idleClosedLater++;
            }
            return;
        }
        if (c.got408) {
            slow408++;
        } else if (atOnce) {
            slowRefused++;
        } else {
            slowClosedOther++;
        }
        if (!stop) {
            toReopen.add(c.index);
        }
    }
}
