package dev.numberregistry.api.intake;

import dev.numberregistry.api.config.TopicSettings;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import dev.numberregistry.api.web.RegistryNotReadyException;
import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.RejectionCode;
import dev.numberregistry.core.number.InvalidPhoneNumberException;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.codec.RejectionRecords;
import dev.numberregistry.streams.serde.RegistrySerdes;
import io.micronaut.json.tree.JsonNode;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Takes events posted over HTTP onto the event log. An event is accepted once the log has it;
 * one that is not a valid event is refused with its reason, and also written to the rejected
 * topic, so that nothing sent to the registry disappears without a trace.
 */
@Singleton
public class EventIntake {

    /** Large enough for a billing system's batch, small enough to answer within a request. */
    public static final int MAX_EVENTS_PER_REQUEST = 1000;
    static final String ORIGIN = "http:POST /events";
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Clock clock;
    private final String eventsTopic;
    private final String rejectedTopic;
    private final KafkaProducer<String, byte[]> producer;
    private final RegistrySerdes serdes = RegistrySerdes.singleObjectAvro();
    private final OutcomeAwaiter outcomes;

    EventIntake(KafkaClientProperties clientProperties, TopicSettings topics, OutcomeAwaiter outcomes, Clock clock) {
        this.outcomes = outcomes;
        this.clock = clock;
        this.eventsTopic = topics.getEvents();
        this.rejectedTopic = topics.getRejected();
        Map<String, Object> properties = clientProperties.common();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Writes the valid events to the log and refuses the others.
     *
     * @param awaitOutcome how long to wait, after the log has the events, for the registry to
     *                     apply or reject each; empty to answer as soon as the log has them
     */
    public IntakeReport submit(List<PostedDocument> documents, Optional<Duration> awaitOutcome) {
        Instant receivedAt = clock.instant();
        List<IntakeResult> results = new ArrayList<>(documents.size());
        List<Future<RecordMetadata>> sends = new ArrayList<>(documents.size());
        List<Written> written = new ArrayList<>();
        for (int index = 0; index < documents.size(); index++) {
            results.add(admit(index, documents.get(index), receivedAt, sends, written));
        }
        awaitLog(sends);
        awaitOutcome.ifPresent(patience -> outcomes.await(written, patience, results));
        return IntakeReport.of(results);
    }

    private IntakeResult admit(int index, PostedDocument document, Instant receivedAt,
                               List<Future<RecordMetadata>> sends, List<Written> written) {
        NumberEvent event;
        try {
            event = EventDocuments.toDomain(document.json(), receivedAt);
        } catch (InvalidPhoneNumberException e) {
            return refuse(index, document, RejectionCode.INVALID_NUMBER.name(), e.getMessage(), receivedAt, sends);
        } catch (InvalidEventException e) {
            return refuse(index, document, RejectionCode.INVALID_EVENT.name(), e.getMessage(), receivedAt, sends);
        }
        byte[] value = serdes.events().serializer().serialize(eventsTopic, EventMapping.toWire(event));
        Future<RecordMetadata> send = producer.send(new ProducerRecord<>(eventsTopic, event.number().e164(), value));
        sends.add(send);
        written.add(new Written(index, event, send));
        return IntakeResult.accepted(index, event.eventId());
    }

    private IntakeResult refuse(int index, PostedDocument document, String code, String reason, Instant receivedAt,
                                List<Future<RecordMetadata>> sends) {
        RejectedEvent rejection = RejectionRecords.of(code, reason, eventIdOf(document.json()), null, null, ORIGIN,
                null, document.raw(), receivedAt);
        byte[] value = serdes.rejections().serializer().serialize(rejectedTopic, rejection);
        sends.add(producer.send(new ProducerRecord<>(rejectedTopic, null, value)));
        return IntakeResult.rejected(index, rejection.getEventId(), code, rejection.getReason());
    }

    /** The id a refused document gives itself, if it gives one, so that its sender can find the refusal. */
    private static String eventIdOf(JsonNode document) {
        JsonNode eventId = document.isObject() ? document.get("eventId") : null;
        return eventId != null && eventId.isString() ? eventId.getStringValue() : null;
    }

    /** The answer may only say "accepted" once the log has the event. */
    private static void awaitLog(List<Future<RecordMetadata>> sends) {
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryNotReadyException("interrupted while writing to the event log", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RegistryNotReadyException("the event log could not be written: " + e.getMessage()
                    + "; events are idempotent by id, so the whole request can be sent again", e);
        }
    }

    /** An accepted event on its way into the log. */
    record Written(int index, NumberEvent event, Future<RecordMetadata> send) {
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
