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
import java.util.ArrayDeque;
import java.util.Deque;
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
    /** A guard against a lifecycle that keeps implying events from the events it implied. */
    private static final int MAX_IMPLIED_PER_EVENT = 16;

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
            if (isLoggedCopyOfImpliedEvent(event, wire, appliedAs)) {
                return;
            }
            reject(intake, IntakeRejection.DUPLICATE_EVENT.name(), "event " + event.eventId()
                    + " was applied already, as " + appliedAs, wire, number);
            return;
        }
        NumberState current;
        Decision decision;
        try {
            dev.numberregistry.schema.NumberState stored = states.get(number);
            current = stored == null ? null : StateMapping.toDomain(stored);
            decision = lifecycle.decide(current, event);
        } catch (RuntimeException e) {
            // A bug must not stop every number's processing behind this record: reject it with
            // the error for the bug report, and go on.
            LOG.error("Failed to apply event {} of {}", event.eventId(), number, e);
            reject(intake, IntakeRejection.PROCESSING_ERROR.name(), e.toString(), wire, number);
            return;
        }
        if (decision instanceof Decision.Rejected rejected) {
            reject(intake, rejected.code().name(), rejected.reason(), wire, number);
            return;
        }
        Decision.Applied applied = (Decision.Applied) decision;
        record(applied.state(), wire, intake);
        applyImplied(applied, intake);
    }

    /**
     * The registry applies what an event implies (the recycling at grace expiry) at once, so no
     * other event can slip in between, and writes it to the log as the durable record of its
     * decision. Replaying the log decides the same events again, with the same ids.
     */
    private void applyImplied(Decision.Applied cause, Intake intake) {
        Deque<NumberEvent> pending = new ArrayDeque<>(cause.implied());
        NumberState state = cause.state();
        for (int applied = 0; !pending.isEmpty(); applied++) {
            NumberEvent implied = pending.removeFirst();
            dev.numberregistry.schema.NumberEvent impliedWire = EventMapping.toWire(implied);
            Decision decision = applied < MAX_IMPLIED_PER_EVENT ? lifecycle.decide(state, implied) : null;
            if (decision instanceof Decision.Applied next) {
                state = next.state();
                record(state, impliedWire, intake);
                context.forward(new Record<String, SpecificRecord>(implied.number().e164(), impliedWire,
                        intake.timestamp()), RegistryTopology.IMPLIED_EVENTS_SINK);
                pending.addAll(next.implied());
            } else {
                // The lifecycle refused what it implied itself, or would not stop implying: a
                // defect, kept for the bug report.
                String reason = decision instanceof Decision.Rejected rejected ? rejected.reason()
                        : "more than " + MAX_IMPLIED_PER_EVENT + " events implied by one";
                LOG.error("Implied event {} was not applied: {}", implied.eventId(), reason);
                reject(intake, IntakeRejection.PROCESSING_ERROR.name(), "implied event " + implied.eventId()
                        + " was not applied: " + reason, impliedWire, implied.number().e164());
            }
        }
    }

    /**
     * The log's copy of an event the registry implied and applied when it decided it: the very
     * record the history holds, from the registry itself. Not a duplicate, and nothing to do.
     */
    private boolean isLoggedCopyOfImpliedEvent(NumberEvent event, dev.numberregistry.schema.NumberEvent wire,
                                               String appliedAs) {
        return NumberEvent.REGISTRY_SOURCE.equals(event.source())
                && wire.equals(history.get(RegistryStores.ledgerHistoryKey(appliedAs)));
    }

    private void record(NumberState state, dev.numberregistry.schema.NumberEvent wire, Intake intake) {
        String number = state.number().e164();
        String historyKey = RegistryStores.numberKey(number, state.appliedEvents());
        dev.numberregistry.schema.NumberState stateRecord = StateMapping.toWire(state);
        history.put(historyKey, wire);
        appliedEventIds.put(state.lastEventId(), RegistryStores.ledgerEntry(historyKey, intake.offset()));
        states.put(number, stateRecord);
        context.forward(new Record<String, SpecificRecord>(number, stateRecord, intake.timestamp()),
                RegistryTopology.STATE_SINK);
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
