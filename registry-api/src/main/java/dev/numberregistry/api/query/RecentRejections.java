package dev.numberregistry.api.query;

import dev.numberregistry.api.config.TopicSettings;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import dev.numberregistry.schema.NumberEvent;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.serde.RegistrySerdes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was refused lately, whatever the number: the tail of the rejected topic, which holds every
 * rejection (the stores keep them per number only). Each question reads the latest
 * {@link #READ_PER_PARTITION} records of each partition with a consumer of its own, committed
 * records only, and answers the most recent first; any instance answers, as the topic is the same
 * for all.
 */
@Singleton
public class RecentRejections {

    /** How far back a question reads, per partition (at 6 partitions, about 0.56 s a question: BENCHMARKS.md, issue 16). */
    static final int READ_PER_PARTITION = 2_000;
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(RecentRejections.class);

    private final KafkaClientProperties clients;
    private final String topic;
    private final Deserializer<RejectedEvent> reader;
    private final RefusedEvents refused;

    RecentRejections(KafkaClientProperties clients, TopicSettings topics, RegistrySerdes serdes, RefusedEvents refused) {
        this.clients = clients;
        this.topic = topics.getRejected();
        this.reader = serdes.rejections().deserializer();
        this.refused = refused;
    }

    /**
     * The latest rejections that pass {@code filter}, most recent first, at most {@code limit}; and
     * how many of each code were among all those read.
     */
    public Recent latest(Predicate<RejectedEvent> filter, int limit) {
        List<RejectedEvent> read = readTail();
        Map<String, Long> countsByCode = new TreeMap<>();
        read.forEach(rejection -> countsByCode.merge(rejection.getReasonCode(), 1L, Long::sum));
        List<Refused> latest = read.stream()
                .sorted(Comparator.comparing(RejectedEvent::getRejectedAt).reversed())
                .filter(filter).limit(limit)
                .map(rejection -> new Refused(rejection, refused.eventIn(rejection).map(NumberEvent::toString).orElse(null)))
                .toList();
        return new Recent(latest, countsByCode, read.size());
    }

    /**
     * @param countsByCode over every rejection read, whatever the filter
     * @param examined     how many rejections were read
     */
    public record Recent(List<Refused> rejections, Map<String, Long> countsByCode, int examined) {
    }

    /**
     * A rejection, and the event its record held when the record decodes as one (an event posted
     * over HTTP, or any Avro event refused by the lifecycle), in Avro's JSON form.
     */
    public record Refused(RejectedEvent rejection, String event) {
    }

    private List<RejectedEvent> readTail() {
        Map<String, Object> properties = clients.common();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, READ_PER_PARTITION);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, PATIENCE).stream()
                    .map(PartitionInfo::partition).map(partition -> new TopicPartition(topic, partition)).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, PATIENCE));
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, PATIENCE);
            ends.forEach((partition, end) ->
                    consumer.seek(partition, Math.max(starts.get(partition), end - READ_PER_PARTITION)));
            List<RejectedEvent> read = new ArrayList<>();
            Instant giveUp = Instant.now().plus(PATIENCE);
            ends.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
            while (!ends.isEmpty()) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new RegistryNotReadyException("the rejected topic " + topic + " could not be read in "
                            + PATIENCE.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    decoded(record).ifPresent(read::add);
                }
                ends.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
            }
            return read;
        } catch (KafkaException e) {
            throw new RegistryNotReadyException("the rejected topic " + topic + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The registry wrote every record of this topic; one it cannot read is logged, not shown. */
    private Optional<RejectedEvent> decoded(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Optional.ofNullable(reader.deserialize(record.topic(), record.headers(), record.value()));
        } catch (RuntimeException e) {
            LOG.warn("Record {}-{}@{} of the rejected topic does not decode; it is left out of the recent rejections",
                    record.topic(), record.partition(), record.offset(), e);
            return Optional.empty();
        }
    }
}
