package dev.numberregistry.api.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportFileTest {

    @TempDir
    Path directory;

    private static List<ImportFile.Line> all(Path file, long offset, long linesBefore) throws IOException {
        List<ImportFile.Line> lines = new ArrayList<>();
        try (ImportFile source = ImportFile.open(file, offset, linesBefore)) {
            ImportFile.Line line;
            while ((line = source.next()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void readsLinesWithTheirNumbersAndTheOffsetAfterEach() throws IOException {
        Path file = directory.resolve("f.jsonl");
        Files.writeString(file, "a\r\nbé\n\nlast");

        List<ImportFile.Line> lines = all(file, 0, 0);

        assertThat(lines).extracting(ImportFile.Line::text).containsExactly("a", "bé", "", "last");
        assertThat(lines).extracting(ImportFile.Line::number).containsExactly(1L, 2L, 3L, 4L);
        assertThat(lines).extracting(ImportFile.Line::endOffset).containsExactly(3L, 7L, 8L, 12L);
    }

    @Test
    void resumesAtAnOffsetCountingOnFromTheLinesBefore() throws IOException {
        Path file = directory.resolve("f.jsonl");
        Files.writeString(file, "one\ntwo\nthree\n");

        assertThat(all(file, 4, 1)).extracting(line -> line.number() + ":" + line.text())
                .containsExactly("2:two", "3:three");
    }

    @Test
    void handsOnLinesItCannotReadWithTheReasonAndGoesOn() throws IOException {
        Path file = directory.resolve("f.jsonl");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("x".repeat(ImportFile.MAX_LINE_BYTES + 1).getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(new byte[] {'\n', 'o', (byte) 0xC3, '\n', 'o', 'k', '\n'});
        Files.write(file, bytes.toByteArray());

        List<ImportFile.Line> lines = all(file, 0, 0);

        assertThat(lines).extracting(ImportFile.Line::unreadable).containsExactly(
                "the line is longer than " + ImportFile.MAX_LINE_BYTES + " bytes", "the line is not UTF-8 text", null);
        assertThat(lines.get(2).text()).isEqualTo("ok");
        assertThat(lines.get(2).endOffset()).isEqualTo(Files.size(file));
    }

    @Test
    void readsLinesThatCrossItsReadsWhole() throws IOException {
        Path file = directory.resolve("big.jsonl");
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            written.add("line-" + i + "-" + "y".repeat(i % 97));
        }
        Files.write(file, written);

        assertThat(all(file, 0, 0)).extracting(ImportFile.Line::text).isEqualTo(written);
    }
}
