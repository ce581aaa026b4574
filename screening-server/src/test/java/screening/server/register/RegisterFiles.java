package screening.server.register;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Test register files written by hand (not by the code under test), from drama numbers only:
 * entry {@code i} blocks {@code +447700900iii} nationally with id {@code SPC-iii}.
 */
final class RegisterFiles {

    private RegisterFiles() {
    }

    /** The entry line of drama number {@code i} (0..999). */
    static String block(int i) {
        return String.format("{\"id\":\"SPC-%03d\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"+447700900%03d\","
                + "\"scope\":\"NATIONAL\",\"reason\":\"VICTIM_REQUEST\"}", i, i);
    }

    /** Entry lines for drama numbers {@code from} (inclusive) to {@code to} (exclusive). */
    static List<String> blocks(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(block(i));
        }
        return out;
    }

    /** A valid file: header with the right count and checksum. */
    static byte[] file(String source, long version, List<String> lines) {
        String body = body(lines);
        return (header(source, version, lines.size(), sha256(body)) + "\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    static String body(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append('\n');
        }
        return b.toString();
    }

    static String header(String source, long version, long entries, String sha) {
        return "{\"format\":\"screening-register/1\",\"source\":\"" + source + "\",\"version\":" + version
                + ",\"generated\":\"2026-11-28T12:00:00Z\",\"entries\":" + entries + ",\"sha256\":\"" + sha + "\"}";
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }
}
