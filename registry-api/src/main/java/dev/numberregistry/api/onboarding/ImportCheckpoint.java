package dev.numberregistry.api.onboarding;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * How far a run got: every line up to {@code lines} (ending at byte {@code offset}) was written to
 * the log and acknowledged, or refused. Kept beside the file and replaced atomically, so that a
 * run stopped at any moment resumes from its last checkpoint; lines written after it are written
 * again, and the registry takes them as duplicates.
 *
 * @param fileSize the size of the file when the checkpoint was taken: a file that changed is not resumed
 */
record ImportCheckpoint(long fileSize, long lines, long offset, long written, long refused) {

    static Path pathFor(Path file) {
        return file.resolveSibling(file.getFileName() + ".import-progress");
    }

    static Optional<ImportCheckpoint> read(Path path) throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        }
        return Optional.of(new ImportCheckpoint(number(properties, "fileSize"), number(properties, "lines"),
                number(properties, "offset"), number(properties, "written"), number(properties, "refused")));
    }

    void write(Path path) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("fileSize", Long.toString(fileSize));
        properties.setProperty("lines", Long.toString(lines));
        properties.setProperty("offset", Long.toString(offset));
        properties.setProperty("written", Long.toString(written));
        properties.setProperty("refused", Long.toString(refused));
        Path next = path.resolveSibling(path.getFileName() + ".next");
        try (Writer writer = Files.newBufferedWriter(next)) {
            properties.store(writer, "number-registry import: lines done so far; delete to start over");
        }
        Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static long number(Properties properties, String key) throws IOException {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IOException("the checkpoint has no " + key + "; delete it to start over");
        }
        return Long.parseLong(value);
    }
}
