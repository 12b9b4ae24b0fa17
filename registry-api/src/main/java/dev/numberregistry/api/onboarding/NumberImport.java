package dev.numberregistry.api.onboarding;

import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.InvalidPhoneNumberException;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.RecordAddress;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One run of the import tool: takes up the file where the last run stopped (see
 * {@link ImportCheckpoint}), writes a NumberImported event per readable line to the log (keyed by
 * the number, so on the partition the registry expects), refuses the others into the refusal log
 * with their line number and reason, then waits for the registry and reports what it made of
 * every line of the import, across all the runs it took.
 */
public final class NumberImport {

    /** Lines between checkpoints: a stopped run writes at most this many again. */
    static final int CHECKPOINT_EVERY = 100_000;
    private static final int SHOWN_REFUSALS = 20;

    /** What a run is told. @param await whether to wait for the registry's outcomes */
    public record Settings(Path file, String bootstrapServers, String source, Instant asOf, Instant coveredFrom,
                           String applicationId, String eventsTopic, String rejectedTopic, boolean await) {
    }

    private final Settings settings;
    private final RegistrySerdes serdes;
    private final PrintStream out;
    private final PrintStream progressOut;
    private final boolean terminal;
    private final Path checkpointPath;
    private final Path refusalLogPath;

    /** An import into a registry whose topics are single-object encoded. */
    public NumberImport(Settings settings, PrintStream out, PrintStream progressOut, boolean terminal) {
        this(settings, RegistrySerdes.singleObjectAvro(), out, progressOut, terminal);
    }

    /** @param serdes as the registry's topics are written (see WireFormats) */
    public NumberImport(Settings settings, RegistrySerdes serdes, PrintStream out, PrintStream progressOut,
                        boolean terminal) {
        this.settings = settings;
        this.serdes = serdes;
        this.out = out;
        this.progressOut = progressOut;
        this.terminal = terminal;
        this.checkpointPath = ImportCheckpoint.pathFor(settings.file());
        this.refusalLogPath = settings.file().resolveSibling(settings.file().getFileName() + ".import-refused.tsv");
    }

    /** @return the exit status: 0 every line imported or already there, 2 some lines refused */
    public int run() throws IOException, InterruptedException, ImportFailedException {
        Path file = settings.file();
        if (!Files.isRegularFile(file)) {
            throw new ImportFailedException("there is no file " + file);
        }
        long fileSize = Files.size(file);
        Optional<ImportCheckpoint> resumed = ImportCheckpoint.read(checkpointPath);
        if (resumed.isPresent() && resumed.get().fileSize() != fileSize) {
            throw new ImportFailedException("the file changed since its import began (" + checkpointPath + "); "
                    + "delete the checkpoint to import it from its first line (nothing already imported is added twice)");
        }
        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (RegistryOutcomes outcomes = new RegistryOutcomes(client, settings.applicationId(), settings.rejectedTopic(),
                serdes.rejections().deserializer())) {
            ImportCheckpoint checkpoint = resumed.orElse(new ImportCheckpoint(fileSize, settings.asOf(),
                    settings.coveredFrom(), 0, 0, 0, 0, outcomes.rejectionsEnd(), Map.of(), Map.of(), false));
            resumed.ifPresent(taken -> out.printf(Locale.ROOT, "Taking up the import where a previous run stopped "
                    + "(%s): after line %,d, as of %s.%n", checkpointPath, taken.lines(), taken.asOf()));
            truncateRefusalLog(checkpoint.refusalLogBytes());
            long start = System.nanoTime();
            if (!checkpoint.allWritten()) {
                long before = checkpoint.written();
                checkpoint = write(checkpoint);
                double seconds = (System.nanoTime() - start) / 1e9;
                long now = checkpoint.written() - before;
                out.printf(Locale.ROOT, "In the log: %,d numbers, %,d of them by this run in %.1f s (%,.0f numbers/s)."
                        + "%n", checkpoint.written(), now, seconds, now / Math.max(seconds, 1e-3));
            }
            if (!settings.await()) {
                out.println("Not waiting for the registry (--no-wait): its outcomes are under GET /numbers/{number} "
                        + "and /rejections.");
                Files.deleteIfExists(checkpointPath);
                return report(checkpoint, null);
            }
            long total = checkpoint.written();
            ProgressBar applying = new ProgressBar(progressOut, terminal, "applying", total);
            outcomes.awaitCommitted(settings.eventsTopic(), checkpoint.writtenTo(),
                    left -> applying.update(Math.max(0, total - left), Math.max(0, total - left)));
            applying.finish(total, total);
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "Applied by the registry (queryable): %,d numbers, %.1f s after this run began "
                    + "(%,.0f numbers/s).%n", total, seconds, total / Math.max(seconds, 1e-3));
            ImportCheckpoint written = checkpoint;
            List<RejectedEvent> rejected = outcomes.rejectionsSince(checkpoint.rejectionsFrom(),
                    rejection -> isOf(rejection, written));
            int status = report(checkpoint, rejected);
            Files.deleteIfExists(checkpointPath);
            return status;
        } catch (KafkaException e) {
            throw new ImportFailedException("Kafka failed: " + e.getMessage() + ". Run the tool again on the same file "
                    + "to take the import up from its last checkpoint.", e);
        }
    }

    private void truncateRefusalLog(long bytes) throws IOException {
        try (FileChannel log = FileChannel.open(refusalLogPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            log.truncate(bytes);
        }
    }

    /** Writes the lines after the checkpoint; returns the checkpoint after the last one. */
    private ImportCheckpoint write(ImportCheckpoint from) throws IOException, ImportFailedException {
        ImportEvents events = new ImportEvents(settings.source(), from.asOf(), from.coveredFrom());
        ImportFormat format = ImportFormat.forFileName(settings.file().getFileName().toString());
        long offset = from.offset();
        long lines = from.lines();
        if (format.hasHeader()) {
            try (ImportFile headerOnly = ImportFile.open(settings.file(), 0, 0)) {
                ImportFile.Line header = headerOnly.next();
                if (header == null || header.text() == null) {
                    throw new ImportFailedException("the CSV file has no readable header line naming its columns");
                }
                format = readHeader(format, header.text());
                if (offset == 0) {
                    offset = header.endOffset();
                    lines = 1;
                }
            }
        }
        Map<Integer, Long> writtenFrom = new ConcurrentHashMap<>(from.writtenFrom());
        Map<Integer, Long> writtenTo = new ConcurrentHashMap<>(from.writtenTo());
        AtomicReference<Exception> failure = new AtomicReference<>();
        ListedNumbers listed = new ListedNumbers();
        long written = from.written();
        ImportCheckpoint current = from;
        ProgressBar bar = new ProgressBar(progressOut, terminal, "writing ", from.fileSize());
        try (KafkaProducer<String, dev.numberregistry.schema.NumberEvent> producer = producer();
             ImportFile source = ImportFile.open(settings.file(), offset, lines);
             Writer refusalLog = Files.newBufferedWriter(refusalLogPath, StandardCharsets.UTF_8,
                     StandardOpenOption.APPEND)) {
            long runWritten = 0;
            ImportFile.Line line;
            while ((line = source.next()) != null) {
                Optional<String> refusal = Optional.empty();
                if (line.text() == null) {
                    refusal = Optional.of(line.unreadable());
                } else if (!line.text().isBlank()) {
                    try {
                        NumberEvent event = events.eventOf(format.document(line.text()));
                        refusal = alreadyListed(listed, event, line.number());
                        if (refusal.isEmpty()) {
                            send(producer, event, writtenFrom, writtenTo, failure);
                            runWritten++;
                        }
                    } catch (InvalidEventException | InvalidPhoneNumberException e) {
                        refusal = Optional.of(e.getMessage());
                    }
                }
                if (refusal.isPresent()) {
                    refusalLog.write(line.number() + "\t" + oneLine(refusal.get()) + "\n");
                }
                if (line.number() % CHECKPOINT_EVERY == 0) {
                    current = checkpoint(producer, failure, refusalLog, from, line.number(), line.endOffset(),
                            written + runWritten, writtenFrom, writtenTo, false);
                }
                bar.update(line.endOffset(), runWritten);
                lines = line.number();
                offset = line.endOffset();
            }
            current = checkpoint(producer, failure, refusalLog, from, lines, offset, written + runWritten,
                    writtenFrom, writtenTo, true);
            bar.finish(offset, runWritten);
        }
        return current;
    }

    /** A CSV header is checked once, so that a wrong column is said once and not on every line. */
    private static ImportFormat readHeader(ImportFormat format, String header) throws ImportFailedException {
        try {
            return format.withHeader(header);
        } catch (InvalidEventException e) {
            throw new ImportFailedException("the CSV header cannot be used: " + e.getMessage());
        }
    }

    /** A number listed twice is imported from its first line; a later line is refused, not dropped. */
    private static Optional<String> alreadyListed(ListedNumbers listed, NumberEvent event, long lineNumber) {
        OptionalLong first = listed.firstLineOf(event.number(), lineNumber);
        return first.isEmpty() ? Optional.empty() : Optional.of(event.number().e164() + " is also on line "
                + first.getAsLong() + ", which was imported: one line a number");
    }

    private void send(KafkaProducer<String, dev.numberregistry.schema.NumberEvent> producer, NumberEvent event,
                      Map<Integer, Long> writtenFrom, Map<Integer, Long> writtenTo, AtomicReference<Exception> failure)
            throws ImportFailedException {
        // A broken log is noticed at the next line, not at the next checkpoint.
        failIfFailed(failure);
        producer.send(new ProducerRecord<>(settings.eventsTopic(), event.number().e164(), EventMapping.toWire(event)),
                (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    } else {
                        writtenFrom.merge(metadata.partition(), metadata.offset(), Math::min);
                        writtenTo.merge(metadata.partition(), metadata.offset() + 1, Math::max);
                    }
                });
    }

    private static void failIfFailed(AtomicReference<Exception> failure) throws ImportFailedException {
        if (failure.get() != null) {
            throw new ImportFailedException("the log refused a record (" + failure.get().getMessage() + "). Run "
                    + "the tool again on the same file to take the import up from its last checkpoint.", failure.get());
        }
    }

    private ImportCheckpoint checkpoint(KafkaProducer<?, ?> producer, AtomicReference<Exception> failure,
                                        Writer refusalLog, ImportCheckpoint from, long lines, long offset,
                                        long written, Map<Integer, Long> writtenFrom, Map<Integer, Long> writtenTo,
                                        boolean allWritten) throws IOException, ImportFailedException {
        producer.flush();
        failIfFailed(failure);
        refusalLog.flush();
        ImportCheckpoint checkpoint = new ImportCheckpoint(from.fileSize(), from.asOf(), from.coveredFrom(), lines,
                offset, written, Files.size(refusalLogPath), from.rejectionsFrom(), writtenFrom, writtenTo, allWritten);
        checkpoint.write(checkpointPath);
        return checkpoint;
    }

    private KafkaProducer<String, dev.numberregistry.schema.NumberEvent> producer() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(properties, new StringSerializer(), serdes.events().serializer());
    }

    /** Whether the rejection is of a record this import wrote (its origin names the record). */
    private boolean isOf(RejectedEvent rejection, ImportCheckpoint written) {
        return RecordAddress.parse(rejection.getOrigin())
                .filter(address -> address.topic().equals(settings.eventsTopic()))
                .filter(address -> {
                    Long from = written.writtenFrom().get(address.partition());
                    return from != null && address.offset() >= from
                            && address.offset() < written.writtenTo().get(address.partition());
                })
                .isPresent();
    }

    /**
     * Prints the summary of the whole import. The registry's refusals are added to the refusal log
     * with their line numbers, found by reading the file again (the log keeps numbers, not lines).
     *
     * @param rejected the registry's rejections of the import's records; null when not awaited
     */
    private int report(ImportCheckpoint checkpoint, List<RejectedEvent> rejected) throws IOException {
        if (rejected != null) {
            long importedBefore = rejected.stream().filter(r -> r.getReasonCode().equals("DUPLICATE_EVENT")).count();
            long registeredBefore = rejected.stream().filter(r -> r.getReasonCode().equals("ALREADY_REGISTERED")).count();
            List<RejectedEvent> refused = rejected.stream()
                    .filter(r -> !r.getReasonCode().equals("DUPLICATE_EVENT"))
                    .filter(r -> !r.getReasonCode().equals("ALREADY_REGISTERED"))
                    .toList();
            appendRegistryRefusals(refused);
            out.printf(Locale.ROOT, "Imported: %,d%n", checkpoint.written() - rejected.size());
            out.printf(Locale.ROOT, "Already there: %,d (imported before: %,d; registered through their own events: "
                    + "%,d)%n", importedBefore + registeredBefore, importedBefore, registeredBefore);
        }
        // One pass over the refusal log, however long: the first few to show, and the count.
        List<String> shown = new ArrayList<>();
        long refusals = 0;
        try (Stream<String> lines = Files.lines(refusalLogPath)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (refusals++ < SHOWN_REFUSALS) {
                    shown.add(line);
                }
            }
        }
        out.printf(Locale.ROOT, "Refused: %,d%n", refusals);
        shown.stream().map(line -> line.split("\t", 2))
                .forEach(line -> out.println("  line " + line[0] + ": " + line[1]));
        if (refusals > SHOWN_REFUSALS) {
            out.printf(Locale.ROOT, "  ... and %,d more%n", refusals - SHOWN_REFUSALS);
        }
        if (refusals > 0) {
            out.println("Every refused line, with its reason: " + refusalLogPath);
        }
        return refusals == 0 ? 0 : 2;
    }

    private void appendRegistryRefusals(List<RejectedEvent> refused) throws IOException {
        if (refused.isEmpty()) {
            return;
        }
        Map<String, RejectedEvent> byNumber = new HashMap<>();
        refused.forEach(rejection -> byNumber.putIfAbsent(rejection.getNumber(), rejection));
        List<String> lines = new ArrayList<>();
        ImportFormat format = ImportFormat.forFileName(settings.file().getFileName().toString());
        try (ImportFile file = ImportFile.open(settings.file(), 0, 0)) {
            ImportFile.Line line;
            while ((line = file.next()) != null && !byNumber.isEmpty()) {
                if (line.text() == null || line.text().isBlank()) {
                    continue;
                }
                if (format.hasHeader() && line.number() == 1) {
                    format = format.withHeader(line.text());
                    continue;
                }
                RejectedEvent rejection = ImportEvents.numberOf(format, line.text()).map(byNumber::remove).orElse(null);
                if (rejection != null) {
                    lines.add(line.number() + "\t" + oneLine(rejection.getReasonCode() + ": " + rejection.getReason()));
                }
            }
        }
        Files.write(refusalLogPath, lines, StandardOpenOption.APPEND);
    }

    private static String oneLine(String reason) {
        return reason.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
