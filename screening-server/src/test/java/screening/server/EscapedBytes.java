package screening.server;

/** Test fixture: bytes as the content of a Java string literal, for a failing example that can be pasted into a test. */
public final class EscapedBytes {

    private EscapedBytes() {
    }

    /** Printable ASCII as it is, CR, LF, tab, quote and backslash escaped, any other byte as {@code \\u00XX}; cut after {@code max} characters. */
    public static String of(byte[] b, int max) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xFF;
            if (s.length() > max) {
                return s.append("...").toString();
            }
            switch (c) {
                case '\r' -> s.append("\\r");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        s.append((char) c);
                    } else {
                        s.append(String.format("\\u%04x", c));
                    }
                }
            }
        }
        return s.toString();
    }
}
