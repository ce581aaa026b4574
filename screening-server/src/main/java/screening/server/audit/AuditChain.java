package screening.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import screening.server.json.Json;

/**
 * Reads and checks the audit log's hash chain and head file (SPEC section 8): used by
 * {@link AuditRecovery} at open and by {@code audit verify}. Stateless; blocks on file reads.
 * A line's {@code type} is checked only for being text, so a type this version does not know
 * still verifies.
 */
public final class AuditChain {

    private AuditChain() {
    }

    /** The outcome of {@link #verify}: ok, or the first broken seq and why. */
    public record Result(boolean ok, long lastSeq, long brokenSeq, String problem) {
    }

    /** The head file's content. */
    record Head(long seq, String hash) {
    }

    /**
     * What a scan of the log found: the last good line, where the good bytes end, the hash at the
     * head's seq, and the first broken seq (0 if none).
     */
    record Tail(long lastSeq, String lastHash, long goodBytes, List<Long> sparseOffsets, String hashAtWanted,
            long brokenSeq, String problem) {
    }

    /**
     * Walks the chain in {@code dataDir} and checks it against the head file. Never throws for a
     * damaged log: that is a result. A torn last line counts as broken here (the server drops it
     * at its next start).
     *
     * @throws IOException when the files cannot be read
     */
    public static Result verify(Path dataDir) throws IOException {
        return verify(dataDir, true);
    }

    /**
     * {@link #verify} of a log the server has open and may be appending to: the line being
     * written, not yet whole, is left out rather than counted as broken. Never blocks the writer.
     *
     * @throws IOException when the files cannot be read
     */
    public static Result verifyOpen(Path dataDir) throws IOException {
        return verify(dataDir, false);
    }

    private static Result verify(Path dataDir, boolean strict) throws IOException {
        Path logFile = dataDir.resolve(AuditLog.LOG_NAME);
        Path headFile = dataDir.resolve(AuditLog.HEAD_NAME);
        Head h;
        try {
            h = readHead(headFile);
        } catch (IllegalStateException e) {
            Tail t = scan(logFile, Integer.MAX_VALUE, 0, strict);
            return new Result(false, t.lastSeq(), Math.max(t.lastSeq(), 1), e.getMessage());
        }
        Tail t = scan(logFile, Integer.MAX_VALUE, h == null ? 0 : h.seq(), strict);
        if (t.brokenSeq() > 0) {
            return new Result(false, t.lastSeq(), t.brokenSeq(), t.problem());
        }
        if (h == null) {
            if (t.lastSeq() > 0) {
                return new Result(false, t.lastSeq(), t.lastSeq(), "head file " + headFile + " is missing");
            }
            return new Result(true, 0, 0, null);
        }
        String problem = checkHead(headFile, t, h);
        if (problem != null) {
            long broken = h.seq() > t.lastSeq() ? t.lastSeq() + 1 : h.seq();
            return new Result(false, t.lastSeq(), broken, problem);
        }
        return new Result(true, t.lastSeq(), 0, null);
    }

    /** Null if the head agrees with the scanned log, else what is wrong. */
    static String checkHead(Path headFile, Tail t, Head h) {
        if (h.seq() > t.lastSeq()) {
            return headFile + " names seq " + h.seq() + " but the log ends at seq " + t.lastSeq()
                    + " (lines removed or truncated)";
        }
        if (h.seq() == 0) {
            return t.lastSeq() == 0 || h.hash().equals(AuditLog.ZERO_HASH) ? null
                    : headFile + " names seq 0";
        }
        if (!h.hash().equals(t.hashAtWanted())) {
            return "line seq " + h.seq() + " does not match the hash in " + headFile + " (edited)";
        }
        return null;
    }

    /** The head file, or null if it does not exist. */
    static Head readHead(Path headFile) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(headFile);
        } catch (NoSuchFileException e) {
            return null;
        }
        String s = new String(b, StandardCharsets.US_ASCII).trim();
        if (s.isEmpty()) {
            return null;
        }
        String[] parts = s.split(" ");
        if (parts.length != 2 || !parts[1].matches("[0-9a-f]{64}") || !parts[0].matches("[0-9]{1,20}")) {
            throw new IllegalStateException("head file " + headFile + " is malformed");
        }
        return new Head(Long.parseLong(parts[0]), parts[1]);
    }

    /** The head file's fixed-width line: 20-digit seq, a space, the hash, a newline (86 bytes). */
    static byte[] headLine(long seq, String hash) {
        // by hand, not String.format: written once per group commit by the audit writer
        if (seq < 0 || hash.length() != 64) {
            throw new IllegalArgumentException("head needs seq >= 0 and a 64-char hash, got seq " + seq + " and "
                    + hash.length() + " chars");
        }
        byte[] b = new byte[86];
        long v = seq;
        for (int i = 19; i >= 0; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        b[20] = ' ';
        for (int i = 0; i < 64; i++) {
            b[21 + i] = (byte) hash.charAt(i);
        }
        b[85] = '\n';
        return b;
    }

    /**
     * Scans the log from its start.
     *
     * @param wantSeq the seq whose line hash to report ({@link Tail#hashAtWanted})
     * @param strict whether a torn last line (no newline) counts as broken, rather than dropped
     */
    static Tail scan(Path logFile, int sparseEvery, long wantSeq, boolean strict) throws IOException {
        return scan(logFile, sparseEvery, wantSeq, strict, null);
    }

    /** Sees each good line of a scan, in order, as parsed. */
    interface LineObserver {
        void line(long seq, JsonNode line);
    }

    /**
     * As {@link #scan(Path, int, long, boolean)}, showing {@code observer} (if not null) every line
     * whose chain holds, before the scan moves on.
     */
    static Tail scan(Path logFile, int sparseEvery, long wantSeq, boolean strict, LineObserver observer)
            throws IOException {
        List<Long> sparse = new ArrayList<>();
        long seq = 0;
        String hash = AuditLog.ZERO_HASH;
        String wanted = wantSeq == 0 ? AuditLog.ZERO_HASH : null;
        long offset = 0;
        if (!Files.exists(logFile)) {
            return new Tail(0, hash, 0, sparse, wanted, 0, null);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(logFile), 1 << 16)) {
            byte[] buf = new byte[4096];
            while (true) {
                int len = 0;
                int c;
                while ((c = in.read()) >= 0 && c != '\n') {
                    if (len == buf.length) {
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                    buf[len++] = (byte) c;
                }
                if (c < 0 && len == 0) {
                    break; // clean end
                }
                long expected = seq + 1;
                if (c < 0) {
                    // bytes after the last newline: a torn write
                    if (strict) {
                        return new Tail(seq, hash, offset, sparse, wanted, expected,
                                "seq " + expected + ": torn last line (no newline)");
                    }
                    break;
                }
                JsonNode n = parse(buf, len);
                String problem = checkLine(n, expected, hash);
                if (problem != null) {
                    return new Tail(seq, hash, offset, sparse, wanted, expected, problem);
                }
                if (observer != null) {
                    observer.line(expected, n);
                }
                if ((expected - 1) % sparseEvery == 0) {
                    sparse.add(offset);
                }
                seq = expected;
                hash = sha256Hex(buf, len);
                if (seq == wantSeq) {
                    wanted = hash;
                }
                offset += len + 1;
            }
        }
        return new Tail(seq, hash, offset, sparse, wanted, 0, null);
    }

    /** The line as JSON, or null if it does not parse. */
    private static JsonNode parse(byte[] buf, int len) {
        try {
            return Json.MAPPER.readTree(buf, 0, len);
        } catch (IOException e) {
            return null;
        }
    }

    private static String checkLine(JsonNode n, long expected, String prevHash) {
        if (n == null) {
            return "seq " + expected + ": line does not parse as JSON";
        }
        if (!n.isObject()) {
            return "seq " + expected + ": line is not a JSON object";
        }
        if (!n.path("seq").isIntegralNumber() || n.path("seq").asLong() != expected) {
            return "seq " + expected + ": line has seq " + n.path("seq") + ", expected " + expected;
        }
        if (!prevHash.equals(n.path("prev").asText(null))) {
            return "seq " + expected + ": prev does not match the SHA-256 of line " + (expected - 1);
        }
        for (String f : new String[] {"time", "type", "actor"}) {
            if (!n.path(f).isTextual()) {
                return "seq " + expected + ": missing " + f;
            }
        }
        return null;
    }

    /** Called with each whole line (without its newline); return false to stop. */
    interface LineVisitor {
        boolean line(byte[] bytes, int len) throws IOException;
    }

    /** Visits the lines of {@code ch} between {@code start} and {@code end}. */
    static void forEachLine(FileChannel ch, long start, long end, LineVisitor v) throws IOException {
        ch.position(start);
        InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
        long pos = start;
        byte[] buf = new byte[4096];
        int len = 0;
        while (pos < end) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            pos++;
            if (c == '\n') {
                if (!v.line(buf, len)) {
                    return;
                }
                len = 0;
                continue;
            }
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[len++] = (byte) c;
        }
    }

    /** Lowercase hex SHA-256 of {@code bytes}. */
    public static String sha256Hex(byte[] bytes) {
        return sha256Hex(bytes, bytes.length);
    }

    static String sha256Hex(byte[] bytes, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, len);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
