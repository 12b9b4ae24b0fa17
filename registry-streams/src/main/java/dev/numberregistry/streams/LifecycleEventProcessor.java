package dev.numberregistry.streams;

import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.Decision;
import dev.numberregistry.core.lifecycle.Lifecycle;
import dev.numberregistry.core.lifecycle.RejectionCode;
import dev.numberregistry.core.number.InvalidPhoneNumberException;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.schema.UndecodableRecordException;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.codec.StateMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each event of the log to its number's state. Every record that enters leaves either as
 * an applied event (new state, history entry, ledger entry) or as a rejection with its reason;
 * none is dropped and none stops the stream.
 */
final class LifecycleEventProcessor implements Processor<byte[], byte[], String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleEventProcessor.class);

    private final Lifecycle lifecycle;
    private final Deserializer<dev.numberregistry.schema.NumberEvent> eventDeserializer;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, dev.numberregistry.schema.NumberState> states;
    private KeyValueStore<String, dev.numberregistry.schema.NumberEvent> history;
    private KeyValueStore<String, String> appliedEventIds;
    private KeyValueStore<String, RejectedEvent> rejections;

    LifecycleEventProcessor(Lifecycle lifecycle, RegistrySerdes serdes) {
        this.lifecycle = lifecycle;
        this.eventDeserializer = serdes.events().deserializer();
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.states = context.getStateStore(RegistryStores.NUMBER_STATE);
        this.history = context.getStateStore(RegistryStores.NUMBER_HISTORY);
        this.appliedEventIds = context.getStateStore(RegistryStores.APPLIED_EVENT_IDS);
        this.rejections = context.getStateStore(RegistryStores.NUMBER_REJECTIONS);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Intake intake = new Intake(record);
        if (record.value() == null) {
            reject(intake, IntakeRejection.MISSING_VALUE.name(), "the record has no value", null, null);
            return;
        }
        dev.numberregistry.schema.NumberEvent wire;
        try {
            wire = eventDeserializer.deserialize(intake.topic(), record.value());
        } catch (UndecodableRecordException e) {
            reject(intake, IntakeRejection.UNDECODABLE.name(), e.getMessage(), null, null);
            return;
        }
        NumberEvent event;
        try {
            event = EventMapping.toDomain(wire);
        } catch (InvalidPhoneNumberException e) {
            reject(intake, RejectionCode.INVALID_NUMBER.name(), e.getMessage(), wire, null);
            return;
        } catch (InvalidEventException e) {
            reject(intake, RejectionCode.INVALID_EVENT.name(), e.getMessage(), wire, null);
            return;
        }
        apply(intake, wire, event);
    }

    private void apply(Intake intake, dev.numberregistry.schema.NumberEvent wire, NumberEvent event) {
        String number = event.number().e164();
        if (!number.equals(intake.key())) {
            reject(intake, IntakeRejection.KEY_MISMATCH.name(), "the record's key '" + intake.key()
                    + "' is not the event's number in E.164 form (" + number + ")", wire, number);
            return;
        }
        String appliedAs = appliedEventIds.get(event.eventId());
        if (appliedAs != null) {
            reject(intake, IntakeRejection.DUPLICATE_EVENT.name(), "event " + event.eventId()
                    + " was applied already, as " + appliedAs, wire, number);
            return;
        }
        Decision decision;
        try {
            dev.numberregistry.schema.NumberState stored = states.get(number);
            decision = lifecycle.decide(stored == null ? null : StateMapping.toDomain(stored), event);
        } catch (RuntimeException e) {
            // A bug must not stop every number's processing behind this record: reject it with
            // the error for the bug report, and go on.
            LOG.error("Failed to apply event {} of {}", event.eventId(), number, e);
            reject(intake, IntakeRejection.PROCESSING_ERROR.name(), e.toString(), wire, number);
            return;
        }
        if (decision instanceof Decision.Rejected rejected) {
            reject(intake, rejected.code().name(), rejected.reason(), wire, number);
        } else {
            record((Decision.Applied) decision, wire, intake);
        }
    }

    private void record(Decision.Applied applied, dev.numberregistry.schema.NumberEvent wire, Intake intake) {
        NumberState state = applied.state();
        String number = state.number().e164();
        String historyKey = RegistryStores.numberKey(number, state.appliedEvents());
        dev.numberregistry.schema.NumberState stateRecord = StateMapping.toWire(state);
        history.put(historyKey, wire);
        appliedEventIds.put(state.lastEventId(), RegistryStores.ledgerEntry(historyKey, intake.offset()));
        states.put(number, stateRecord);
        context.forward(new Record<String, SpecificRecord>(number, stateRecord, intake.timestamp()),
                RegistryTopology.STATE_SINK);
        for (NumberEvent implied : applied.implied()) {
            context.forward(new Record<String, SpecificRecord>(number, EventMapping.toWire(implied),
                    intake.timestamp()), RegistryTopology.IMPLIED_EVENTS_SINK);
        }
    }

    private void reject(Intake intake, String code, String reason, dev.numberregistry.schema.NumberEvent wire,
                        String number) {
        RejectedEvent rejection = new RejectedEvent(code, reason,
                wire == null ? null : wire.getEventId(),
                number != null ? number : wire == null ? null : wire.getNumber(),
                wire == null ? null : EventMapping.typeOf(wire),
                intake.origin(),
                intake.rawKey(),
                intake.rawValue(),
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        if (number != null && number.equals(intake.key())) {
            // Kept per number only where the record was keyed right, so that the number's own
            // task holds it; the topic has every rejection.
            rejections.put(RegistryStores.numberKey(number, intake.offset()), rejection);
        }
        String key = rejection.getNumber() != null ? rejection.getNumber() : intake.key();
        context.forward(new Record<String, SpecificRecord>(key, rejection, intake.timestamp()),
                RegistryTopology.REJECTED_SINK);
    }

    /** The record as it arrived, and where from. */
    private final class Intake {
        private final Record<byte[], byte[]> record;

        Intake(Record<byte[], byte[]> record) {
            this.record = record;
        }

        String key() {
            return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        }

        ByteBuffer rawKey() {
            return record.key() == null ? null : ByteBuffer.wrap(record.key());
        }

        ByteBuffer rawValue() {
            return record.value() == null ? null : ByteBuffer.wrap(record.value());
        }

        long timestamp() {
            return record.timestamp();
        }

        String topic() {
            return context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        }

        long offset() {
            return context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        }

        String origin() {
            return context.recordMetadata()
                    .map(meta -> meta.topic() + "-" + meta.partition() + "@" + meta.offset())
                    .orElse("unknown");
        }
    }
}
