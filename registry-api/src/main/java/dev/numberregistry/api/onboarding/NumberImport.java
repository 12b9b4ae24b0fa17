package dev.numberregistry.api.onboarding;

import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.InvalidPhoneNumberException;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One run of the import tool: reads the file from where the last run stopped, writes a
 * NumberImported event per readable line to the log (keyed by the number, on the partition the
 * registry expects), refuses the others with their line number and reason, keeps a checkpoint,
 * then waits for the registry and reports what it made of every line.
 */
public final class NumberImport {

    /** Lines between checkpoints: a stopped run writes at most this many again. */
    static final int CHECKPOINT_EVERY = 100_000;
    private static final int SHOWN_REFUSALS = 20;

    /** What a run is told. @param await whether to wait for the registry's outcomes */
    public record Settings(Path file, String bootstrapServers, String source, Instant asOf, Instant coveredFrom,
                           String applicationId, String eventsTopic, String rejectedTopic, boolean await) {
    }

    /** A line that was not imported, and why. */
    record Refusal(long line, String reason) {
    }

    private final Settings settings;
    private final PrintStream out;
    private final PrintStream progressOut;
    private final boolean terminal;
    private final ImportEvents events;

    public NumberImport(Settings settings, PrintStream out, PrintStream progressOut, boolean terminal) {
        this.settings = settings;
        this.out = out;
        this.progressOut = progressOut;
        this.terminal = terminal;
        this.events = new ImportEvents(settings.source(), settings.asOf(), settings.coveredFrom());
    }

    /** @return the exit status: 0 all imported or already there, 2 some lines refused, 1 the run failed */
    public int run() throws IOException, InterruptedException {
        Path file = settings.file();
        long fileSize = Files.size(file);
        Path checkpointPath = ImportCheckpoint.pathFor(file);
        Optional<ImportCheckpoint> resumed = ImportCheckpoint.read(checkpointPath);
        if (resumed.isPresent() && resumed.get().fileSize() != fileSize) {
            out.println("The file changed since the checkpoint " + checkpointPath + " was taken; delete the "
                    + "checkpoint to import the file from its first line (nothing already imported is added twice).");
            return 1;
        }
        ImportCheckpoint start = resumed.orElse(new ImportCheckpoint(fileSize, 0, 0, 0, 0));
        resumed.ifPresent(checkpoint -> out.printf(Locale.ROOT, "Resuming after line %,d, where a previous run "
                + "stopped (%s).%n", checkpoint.lines(), checkpointPath));
        Path refusalsPath = file.resolveSibling(file.getFileName() + ".import-refused.tsv");

        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (RegistryOutcomes outcomes = new RegistryOutcomes(client, settings.applicationId(), settings.rejectedTopic());
             Writer refusalLog = Files.newBufferedWriter(refusalsPath, StandardOpenOption.CREATE,
                     resumed.isPresent() ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            Map<TopicPartition, Long> rejectionsBefore = settings.await() ? outcomes.rejectionsEnd() : Map.of();
            long startNanos = System.nanoTime();
            Written written = write(start, checkpointPath, refusalLog);
            double writeSeconds = (System.nanoTime() - startNanos) / 1e9;
            out.printf(Locale.ROOT, "In the log: %,d numbers in %.1f s (%,.0f numbers/s); %,d lines refused.%n",
                    written.count(), writeSeconds, written.count() / Math.max(writeSeconds, 1e-3),
                    written.refusals().size());
            if (!settings.await()) {
                Files.deleteIfExists(checkpointPath);
                return report(written, List.of(), refusalsPath);
            }
            ProgressBar applying = new ProgressBar(progressOut, terminal, "applying", written.count(), 0);
            outcomes.awaitCommitted(written.nextOffsets(),
                    left -> applying.update(written.count() - left, written.count() - left));
            applying.finish(written.count(), written.count());
            double allSeconds = (System.nanoTime() - startNanos) / 1e9;
            out.printf(Locale.ROOT, "Applied by the registry (queryable): all %,d in %.1f s from the start "
                    + "(%,.0f numbers/s).%n", written.count(), allSeconds, written.count() / Math.max(allSeconds, 1e-3));
            List<RejectedEvent> rejected = outcomes.rejectionsSince(rejectionsBefore, ImportEvents.EVENT_ID_PREFIX);
            Files.deleteIfExists(checkpointPath);
            return report(written, rejected, refusalsPath);
        }
    }

    /** What the writing phase did: records written, the offsets after them, the lines refused. */
    private record Written(long count, Map<TopicPartition, Long> nextOffsets, List<Refusal> refusals) {
    }

    private Written write(ImportCheckpoint start, Path checkpointPath, Writer refusalLog)
            throws IOException, InterruptedException {
        Path file = settings.file();
        ImportFormat format = ImportFormat.forFileName(file.getFileName().toString());
        long offset = start.offset();
        long lines = start.lines();
        if (format.hasHeader()) {
            try (ImportFile headerOnly = ImportFile.open(file, 0, 0)) {
                ImportFile.Line header = headerOnly.next();
                if (header == null || header.text() == null) {
                    throw new IOException("the CSV file has no readable header line naming its columns");
                }
                format = format.withHeader(header.text());
                if (offset == 0) {
                    offset = header.endOffset();
                    lines = 1;
                }
            }
        }
        Map<TopicPartition, Long> nextOffsets = new ConcurrentHashMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Refusal> refusals = new ArrayList<>();
        long count = 0;
        long refusedBefore = start.refused();
        ProgressBar bar = new ProgressBar(progressOut, terminal, "writing ", start.fileSize(), start.offset());
        try (KafkaProducer<String, dev.numberregistry.schema.NumberEvent> producer = producer();
             ImportFile lineSource = ImportFile.open(file, offset, lines)) {
            ImportFile.Line line;
            while ((line = lineSource.next()) != null) {
                Optional<String> refusal = send(producer, format, line, nextOffsets, failure);
                if (refusal.isPresent()) {
                    refusals.add(new Refusal(line.number(), refusal.get()));
                    refusalLog.write(line.number() + "\t" + refusal.get().replace('\t', ' ').replace('\n', ' ') + "\n");
                } else if (line.text() != null && !line.text().isBlank()) {
                    count++;
                }
                if (line.number() % CHECKPOINT_EVERY == 0) {
                    checkpoint(producer, failure, refusalLog, new ImportCheckpoint(start.fileSize(), line.number(),
                            line.endOffset(), start.written() + count, refusedBefore + refusals.size()), checkpointPath);
                }
                bar.update(line.endOffset(), count);
                lines = line.number();
                offset = line.endOffset();
            }
            checkpoint(producer, failure, refusalLog, new ImportCheckpoint(start.fileSize(), lines, offset,
                    start.written() + count, refusedBefore + refusals.size()), checkpointPath);
            bar.finish(offset, count);
        }
        return new Written(count, Map.copyOf(nextOffsets), refusals);
    }

    /** Sends the line's event, or says why it cannot be imported; a blank line is skipped. */
    private Optional<String> send(KafkaProducer<String, dev.numberregistry.schema.NumberEvent> producer,
                                  ImportFormat format, ImportFile.Line line, Map<TopicPartition, Long> nextOffsets,
                                  AtomicReference<Exception> failure) {
        if (line.text() == null) {
            return Optional.of(line.unreadable());
        }
        if (line.text().isBlank()) {
            return Optional.empty();
        }
        NumberEvent event;
        try {
            event = events.eventOf(format.document(line.text()));
        } catch (InvalidEventException | InvalidPhoneNumberException e) {
            return Optional.of(e.getMessage());
        }
        producer.send(new ProducerRecord<>(settings.eventsTopic(), event.number().e164(), EventMapping.toWire(event)),
                (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    } else {
                        nextOffsets.merge(new TopicPartition(metadata.topic(), metadata.partition()),
                                metadata.offset() + 1, Math::max);
                    }
                });
        return Optional.empty();
    }

    private void checkpoint(KafkaProducer<?, ?> producer, AtomicReference<Exception> failure, Writer refusalLog,
                            ImportCheckpoint checkpoint, Path path) throws IOException {
        producer.flush();
        if (failure.get() != null) {
            throw new IOException("the log refused a record; the run stops at its last checkpoint: "
                    + failure.get().getMessage(), failure.get());
        }
        refusalLog.flush();
        checkpoint.write(path);
    }

    private KafkaProducer<String, dev.numberregistry.schema.NumberEvent> producer() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(properties, new StringSerializer(),
                RegistrySerdes.singleObjectAvro().events().serializer());
    }

    private int report(Written written, List<RejectedEvent> rejected, Path refusalsPath) throws IOException {
        Map<String, List<RejectedEvent>> byCode = rejected.stream()
                .collect(Collectors.groupingBy(RejectedEvent::getReasonCode));
        long importedBefore = byCode.getOrDefault("DUPLICATE_EVENT", List.of()).size();
        long registeredBefore = byCode.getOrDefault("ALREADY_REGISTERED", List.of()).size();
        List<RejectedEvent> refusedByRegistry = rejected.stream()
                .filter(r -> !r.getReasonCode().equals("DUPLICATE_EVENT") && !r.getReasonCode().equals("ALREADY_REGISTERED"))
                .toList();
        List<Refusal> refusals = new ArrayList<>(written.refusals());
        List<Refusal> registryRefusals = linesOf(refusedByRegistry);
        refusals.addAll(registryRefusals);
        Files.write(refusalsPath, registryRefusals.stream().map(r -> r.line() + "\t" + r.reason()).toList(),
                StandardOpenOption.APPEND);
        if (settings.await()) {
            out.printf(Locale.ROOT, "Imported: %,d%n", written.count() - rejected.size());
            out.printf(Locale.ROOT, "Already there: %,d (imported before: %,d; registered through their own events: "
                    + "%,d)%n", importedBefore + registeredBefore, importedBefore, registeredBefore);
        }
        out.printf(Locale.ROOT, "Refused: %,d%n", refusals.size());
        refusals.stream().limit(SHOWN_REFUSALS)
                .forEach(refusal -> out.println("  line " + refusal.line() + ": " + refusal.reason()));
        if (refusals.size() > SHOWN_REFUSALS) {
            out.println("  ... and " + (refusals.size() - SHOWN_REFUSALS) + " more");
        }
        if (!refusals.isEmpty()) {
            out.println("Every refused line of the file is in " + refusalsPath);
        }
        return refusals.isEmpty() ? 0 : 2;
    }

    /**
     * The lines of the numbers the registry refused, found by reading the file again (the log
     * keeps numbers, not line numbers); only done when there are some.
     */
    private List<Refusal> linesOf(List<RejectedEvent> refusedByRegistry) throws IOException {
        if (refusedByRegistry.isEmpty()) {
            return List.of();
        }
        Map<String, RejectedEvent> byNumber = refusedByRegistry.stream()
                .collect(Collectors.toMap(RejectedEvent::getNumber, Function.identity(), (a, b) -> a));
        List<Refusal> refusals = new ArrayList<>();
        ImportFormat format = ImportFormat.forFileName(settings.file().getFileName().toString());
        try (ImportFile lines = ImportFile.open(settings.file(), 0, 0)) {
            ImportFile.Line line;
            while ((line = lines.next()) != null && refusals.size() < byNumber.size()) {
                if (line.text() == null || line.text().isBlank()) {
                    continue;
                }
                if (format.hasHeader() && line.number() == 1) {
                    format = format.withHeader(line.text());
                    continue;
                }
                RejectedEvent rejection = numberOf(format, line.text()).map(byNumber::get).orElse(null);
                if (rejection != null) {
                    refusals.add(new Refusal(line.number(), rejection.getReasonCode() + ": " + rejection.getReason()));
                }
            }
        }
        return refusals;
    }

    /** The line's number in E.164, if it has a valid one. */
    private static Optional<String> numberOf(ImportFormat format, String line) {
        try {
            JsonNode number = format.document(line).get("number");
            return number == null || !number.isString() ? Optional.empty()
                    : Optional.of(PhoneNumber.parse(number.getStringValue()).e164());
        } catch (InvalidEventException | InvalidPhoneNumberException e) {
            return Optional.empty();
        }
    }
}
