package screening.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file format of the e-mail and address evasion corpora (SPEC section 12): tab-separated
 * rows, {@code #} comments, never trimmed, no field holding a tab or a newline.
 * {@code ENTRY id match typed} is a NATIONAL BLOCK entry; {@code CASE input canonical decision trick}
 * is one query and what it must give. The server's ChannelCorpusTest reads the same files.
 */
final class CorpusFile {

    private CorpusFile() {
    }

    static void entry(StringBuilder sb, String id, Object match, String typed) {
        sb.append("ENTRY\t").append(id).append('\t').append(match).append('\t').append(typed).append('\n');
    }

    static void caseRow(StringBuilder sb, String input, String expected, String decision, String trick) {
        sb.append("CASE\t").append(input).append('\t').append(expected).append('\t').append(decision)
                .append('\t').append(trick).append('\n');
    }

    /** The rows of the classpath resource {@code resource}, each split at tabs, comments left out. */
    static List<String[]> load(String resource) throws IOException {
        try (InputStream in = CorpusFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("corpus resource " + resource + " is missing");
            }
            List<String[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (!(f[0].equals("ENTRY") && f.length == 4 || f[0].equals("CASE") && f.length == 5)) {
                    throw new IOException("corpus line is neither ENTRY (4 fields) nor CASE (5 fields): " + line);
                }
                out.add(f);
            }
            return out;
        }
    }

    /** Writes {@code text} to {@code args[0]}, or to {@code defaultPath} (relative to screening-core). */
    static void write(String[] args, String defaultPath, String text, int cases) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : defaultPath);
        Files.createDirectories(out.getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
        System.out.println("wrote " + cases + " cases to " + out);
    }
}
