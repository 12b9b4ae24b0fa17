package dev.numberregistry.api.intake;

import dev.numberregistry.api.config.TopicSettings;
import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.RejectionCode;
import dev.numberregistry.core.number.InvalidPhoneNumberException;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.RefusedAtIntake;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.codec.RejectionRecords;
import dev.numberregistry.streams.serde.RegistrySerdes;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Takes events posted over HTTP onto the event log. An event is accepted once the log has it;
 * one that is not a valid event is refused with its reason, and the refusal written down too, so
 * that nothing sent to the registry disappears without a trace: one about a valid number goes
 * to the event log under the number ({@link RefusedAtIntake}), whose task keeps it with the
 * number's other rejections and passes it on to the rejected topic; one about no valid number
 * goes straight to the rejected topic.
 */
@Singleton
public class EventIntake {

    /** Large enough for a billing system's batch, small enough to answer within a request. */
    public static final int MAX_EVENTS_PER_REQUEST = 1000;
    static final String ORIGIN = "http:POST /events";

    private final Clock clock;
    private final String eventsTopic;
    private final String rejectedTopic;
    private final IntakeProducers producers;
    private final RegistrySerdes serdes;
    private final OutcomeAwaiter outcomes;

    EventIntake(IntakeProducers producers, TopicSettings topics, OutcomeAwaiter outcomes, Clock clock,
                RegistrySerdes serdes) {
        this.serdes = serdes;
        this.producers = producers;
        this.outcomes = outcomes;
        this.clock = clock;
        this.eventsTopic = topics.getEvents();
        this.rejectedTopic = topics.getRejected();
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
        List<Written> written = new ArrayList<>();
        // One transaction: the log has the whole request or nothing of it.
        producers.inOneTransaction(producer -> {
            for (int index = 0; index < documents.size(); index++) {
                results.add(admit(producer, index, documents.get(index), receivedAt, written));
            }
            return null;
        });
        awaitOutcome.ifPresent(patience -> outcomes.await(written, patience, results));
        return IntakeReport.of(results);
    }

    private IntakeResult admit(KafkaProducer<String, byte[]> producer, int index, PostedDocument document,
                               Instant receivedAt, List<Written> written) {
        NumberEvent event;
        try {
            event = EventDocuments.toDomain(document.json(), receivedAt);
        } catch (InvalidPhoneNumberException e) {
            return refuse(producer, index, document, RejectionCode.INVALID_NUMBER.name(), e.getMessage(), receivedAt);
        } catch (InvalidEventException e) {
            return refuse(producer, index, document, RejectionCode.INVALID_EVENT.name(), e.getMessage(), receivedAt);
        }
        byte[] value = serdes.events().serializer().serialize(eventsTopic, EventMapping.toWire(event));
        Future<RecordMetadata> send = producer.send(new ProducerRecord<>(eventsTopic, event.number().e164(), value));
        written.add(new Written(index, event, send));
        return IntakeResult.accepted(index, event.eventId());
    }

    private IntakeResult refuse(KafkaProducer<String, byte[]> producer, int index, PostedDocument document,
                                String code, String reason, Instant receivedAt) {
        Optional<String> number = numberOf(document.json());
        RejectedEvent rejection = RejectionRecords.of(code, reason, eventIdOf(document.json()), number.orElse(null),
                typeOf(document.json()), ORIGIN, null, document.raw(), receivedAt);
        byte[] value = serdes.rejections().serializer().serialize(rejectedTopic, rejection);
        producer.send(number.map(e164 -> RefusedAtIntake.record(eventsTopic, e164, value))
                .orElseGet(() -> new ProducerRecord<>(rejectedTopic, null, value)));
        return IntakeResult.rejected(index, rejection.getEventId(), code, rejection.getReason());
    }

    /** The valid number a refused document is about, in E.164 form, if it names one. */
    private static Optional<String> numberOf(JsonNode document) {
        return text(document, "number").flatMap(number -> {
            try {
                return Optional.of(PhoneNumber.parse(number).e164());
            } catch (InvalidPhoneNumberException e) {
                return Optional.empty();
            }
        });
    }

    /** The type a refused document names, if it is one of the registry's. */
    private static String typeOf(JsonNode document) {
        return text(document, "type").filter(EventDocuments.TYPES::contains).orElse(null);
    }

    /** The id a refused document gives itself, if it gives one, so that its sender can find the refusal. */
    private static String eventIdOf(JsonNode document) {
        return text(document, "eventId").orElse(null);
    }

    /** The document's field, if the document is an object and the field a string. */
    private static Optional<String> text(JsonNode document, String field) {
        JsonNode value = document.isObject() ? document.get(field) : null;
        return value != null && value.isString() ? Optional.of(value.getStringValue()) : Optional.empty();
    }

    /** An accepted event on its way into the log. */
    record Written(int index, NumberEvent event, Future<RecordMetadata> send) {
    }
}
