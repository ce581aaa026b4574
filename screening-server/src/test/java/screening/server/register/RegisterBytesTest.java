package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static screening.server.register.RegisterFiles.blocks;
import static screening.server.register.RegisterFiles.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.DialledNumberNormaliser;
import screening.core.EntryValidator;
import screening.core.NumberingPlan;

/** RegisterBytes: a mapping of a real file reads exactly as the same bytes on the heap. */
class RegisterBytesTest {

    @TempDir
    Path dir;

    private final EntryValidator validator = new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));

    @Test
    void lines_mappedFile_sameLinesAsTheHeapArray() throws Exception {
        Random random = new Random(17);
        for (int round = 0; round < 60; round++) {
            byte[] bytes = randomLines(random, round);
            RegisterBytes mapped = map(bytes, "r" + round);
            int start = bytes.length == 0 ? 0 : random.nextInt(bytes.length);

            assertThat(lines(mapped, start)).as("round %d, from %d", round, start)
                    .isEqualTo(lines(RegisterBytes.of(bytes), start));
        }
    }

    @Test
    void lines_lineLongerThanTheWindow_handedOutWhole() throws Exception {
        byte[] longLine = new byte[200_000];
        Arrays.fill(longLine, (byte) 'a');
        byte[] bytes = (new String(longLine, StandardCharsets.US_ASCII) + "\nb\n" + "c").getBytes(StandardCharsets.US_ASCII);

        List<String> lines = lines(map(bytes, "long"), 0);

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).hasSize(200_000 + 2).startsWith("0:aaa");
        assertThat(lines.subList(1, 4)).containsExactly("200001:b", "200003:c", "end 200005");
    }

    @Test
    void parse_mappedFile_sameIndexAsTheHeapArray() throws Exception {
        byte[] bytes = file("national", 3, blocks(0, 500));

        RegisterFile heap = RegisterFile.parse(bytes, "national", 0, validator);
        RegisterFile mapped = RegisterFile.parse(map(bytes, "good"), "national", 0, validator, null, null);

        assertThat(mapped.header()).isEqualTo(heap.header());
        assertThat(mapped.index().entries()).isEqualTo(heap.index().entries());
    }

    @Test
    void parse_mappedBadFile_sameRefusalAsTheHeapArray() throws Exception {
        List<String> lines = new ArrayList<>(blocks(0, 20));
        lines.set(7, lines.get(7).replace("+447700900007", "+44770090000x"));
        List<String> notJson = new ArrayList<>(blocks(0, 20));
        notJson.set(12, "{\"id\":");
        List<String> longNote = new ArrayList<>(blocks(0, 20));
        longNote.set(3, longNote.get(3).replace("}", ",\"note\":\"" + "n".repeat(100_000) + "\"}"));
        for (byte[] bytes : List.of(file("national", 3, lines), file("national", 3, notJson),
                file("national", 3, longNote), new byte[] {' ', '\n'})) {
            Throwable heap = catchThrowable(() -> RegisterFile.parse(bytes, "national", 0, validator));
            Throwable mapped = catchThrowable(() -> RegisterFile.parse(map(bytes, "bad"), "national", 0, validator, null,
                    null));

            assertThat(heap).isInstanceOf(RegisterRefusedException.class);
            assertThat(mapped).isInstanceOf(RegisterRefusedException.class).hasMessage(heap.getMessage());
        }
    }

    @Test
    void parse_mappedFile_entriesReadBackAfterTheFileIsReplaced() throws Exception {
        byte[] bytes = file("national", 3, blocks(0, 50));
        Path copy = dir.resolve("national.ndjson");
        Files.write(copy, bytes);
        RegisterFile rf = RegisterFile.parse(RegisterBytes.map(copy), "national", 0, validator, null, null);
        Path next = dir.resolve("next");
        Files.write(next, file("national", 4, blocks(10, 20)));

        Files.move(next, copy, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(rf.index().get("SPC-042").number()).isEqualTo("+447700900042");
    }

    private RegisterBytes map(byte[] bytes, String name) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return RegisterBytes.map(f);
    }

    /** Each line as "offset:text" (the text is ASCII here), then the offset after the last. */
    private static List<String> lines(RegisterBytes bytes, int start) {
        List<String> out = new ArrayList<>();
        RegisterBytes.Lines in = new RegisterBytes.Lines(bytes, start);
        int after = start;
        while (in.next()) {
            out.add(in.offset() + ":" + new String(in.array(), in.from(), in.to() - in.from(), StandardCharsets.ISO_8859_1));
            after = in.nextOffset();
        }
        out.add("end " + after);
        return out;
    }

    /** Lines of random lengths (some longer than the window), with or without a final newline. */
    private static byte[] randomLines(Random random, int round) {
        StringBuilder b = new StringBuilder();
        int lines = round == 0 ? 0 : random.nextInt(40);
        for (int i = 0; i < lines; i++) {
            int len = random.nextInt(10) == 0 ? random.nextInt(150_000) : random.nextInt(200);
            for (int k = 0; k < len; k++) {
                b.append((char) ('a' + random.nextInt(26)));
            }
            if (i < lines - 1 || random.nextBoolean()) {
                b.append('\n');
            }
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
