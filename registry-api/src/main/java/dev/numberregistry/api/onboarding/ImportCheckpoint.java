package dev.numberregistry.api.onboarding;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where an import stands, kept beside its file and replaced atomically, so that a run stopped at
 * any moment (while writing, or while waiting for the registry) is taken up by the next run of the
 * same file: the lines up to {@code lines} (ending at byte {@code offset}) were written to the log
 * and acknowledged, or refused into the refusal log, which was then {@code refusalLogBytes} long.
 * Lines written after the checkpoint are written again; the registry takes them as duplicates.
 *
 * @param fileSize        the file's size when the import began: a file that changed is not taken up
 * @param asOf            the run's default occurredAt, kept so that every line of one import has the same
 * @param coveredFrom     the run's default coverage date, kept alike (null: none)
 * @param written         records written to the log so far
 * @param rejectionsFrom  per partition of the rejection topic, its end when the import began: the
 *                        registry's rejections of this import's records come after it
 * @param writtenFrom     per partition of the event topic, the offset of this import's first record
 * @param writtenTo       per partition of the event topic, the offset after its last acknowledged record
 * @param allWritten      whether every line has been written or refused: only the outcomes are left
 */
record ImportCheckpoint(long fileSize, Instant asOf, Instant coveredFrom, long lines, long offset, long written,
                        long refusalLogBytes, Map<Integer, Long> rejectionsFrom, Map<Integer, Long> writtenFrom,
                        Map<Integer, Long> writtenTo, boolean allWritten) {

    ImportCheckpoint {
        rejectionsFrom = Map.copyOf(rejectionsFrom);
        writtenFrom = Map.copyOf(writtenFrom);
        writtenTo = Map.copyOf(writtenTo);
    }

    static Path pathFor(Path file) {
        return file.resolveSibling(file.getFileName() + ".import-progress");
    }

    /** @throws IOException when the checkpoint cannot be read; the message says to delete it */
    static Optional<ImportCheckpoint> read(Path path) throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        }
        try {
            String coveredFrom = properties.getProperty("coveredFrom", "");
            return Optional.of(new ImportCheckpoint(number(properties, "fileSize"),
                    Instant.parse(text(properties, "asOf")), coveredFrom.isEmpty() ? null : Instant.parse(coveredFrom),
                    number(properties, "lines"), number(properties, "offset"), number(properties, "written"),
                    number(properties, "refusalLogBytes"), offsets(properties, "rejectionsFrom."),
                    offsets(properties, "writtenFrom."), offsets(properties, "writtenTo."),
                    Boolean.parseBoolean(text(properties, "allWritten"))));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IOException("the checkpoint " + path + " is damaged (" + e.getMessage() + "); delete it to "
                    + "import the file from its first line (nothing already imported is added twice)", e);
        }
    }

    void write(Path path) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("fileSize", Long.toString(fileSize));
        properties.setProperty("asOf", asOf.toString());
        properties.setProperty("coveredFrom", coveredFrom == null ? "" : coveredFrom.toString());
        properties.setProperty("lines", Long.toString(lines));
        properties.setProperty("offset", Long.toString(offset));
        properties.setProperty("written", Long.toString(written));
        properties.setProperty("refusalLogBytes", Long.toString(refusalLogBytes));
        properties.setProperty("allWritten", Boolean.toString(allWritten));
        rejectionsFrom.forEach((partition, at) -> properties.setProperty("rejectionsFrom." + partition, at.toString()));
        writtenFrom.forEach((partition, at) -> properties.setProperty("writtenFrom." + partition, at.toString()));
        writtenTo.forEach((partition, at) -> properties.setProperty("writtenTo." + partition, at.toString()));
        Path next = path.resolveSibling(path.getFileName() + ".next");
        try (Writer writer = Files.newBufferedWriter(next)) {
            properties.store(writer, "number-registry import: how far it got; delete to start over");
        }
        Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String text(Properties properties, String key) throws IOException {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IOException("the checkpoint has no " + key + "; delete it to import the file from its first "
                    + "line (nothing already imported is added twice)");
        }
        return value;
    }

    private static long number(Properties properties, String key) throws IOException {
        return Long.parseLong(text(properties, key));
    }

    private static Map<Integer, Long> offsets(Properties properties, String prefix) {
        Map<Integer, Long> offsets = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                offsets.put(Integer.parseInt(key.substring(prefix.length())), Long.parseLong(properties.getProperty(key)));
            }
        }
        return offsets;
    }
}
