package dev.numberregistry.streams;

import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.DeadlineKind;
import dev.numberregistry.core.deadline.Deadlines;
import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.Decision;
import dev.numberregistry.core.lifecycle.Lifecycle;
import dev.numberregistry.core.lifecycle.RejectionCode;
import dev.numberregistry.core.notification.RecycleNotifications;
import dev.numberregistry.core.number.InvalidPhoneNumberException;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.schema.NumberReminder;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.schema.ReminderKind;
import dev.numberregistry.schema.UndecodableRecordException;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.codec.NotificationMapping;
import dev.numberregistry.streams.codec.StateMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each event of the log to its number's state, and decides what comes due when time
 * passes. Every record that enters leaves either as an applied event (new state, history entry,
 * ledger entry, deadlines) or as a rejection with its reason; none is dropped and none stops the
 * stream.
 */
final class LifecycleEventProcessor implements Processor<byte[], byte[], String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleEventProcessor.class);
    /** A guard against a lifecycle that keeps implying events from the events it implied. */
    private static final int MAX_IMPLIED_PER_EVENT = 16;
    /** Due deadlines read from the index at a time, between checks of the sweep's time budget. */
    private static final int SWEEP_BATCH = 500;

    private final Lifecycle lifecycle;
    private final Deadlines deadlines;
    private final DeadlineSweep sweep;
    private final Deserializer<dev.numberregistry.schema.NumberEvent> eventDeserializer;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, dev.numberregistry.schema.NumberState> states;
    private KeyValueStore<String, dev.numberregistry.schema.NumberEvent> history;
    private KeyValueStore<String, String> appliedEventIds;
    private KeyValueStore<String, RejectedEvent> rejections;
    private DeadlineIndex deadlineIndex;
    private LogClock logClock;
    private SweepMetrics sweepMetrics;

    LifecycleEventProcessor(Lifecycle lifecycle, Deadlines deadlines, DeadlineSweep sweep, RegistrySerdes serdes) {
        this.lifecycle = lifecycle;
        this.deadlines = deadlines;
        this.sweep = sweep;
        this.eventDeserializer = serdes.events().deserializer();
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.states = context.getStateStore(RegistryStores.NUMBER_STATE);
        this.history = context.getStateStore(RegistryStores.NUMBER_HISTORY);
        this.appliedEventIds = context.getStateStore(RegistryStores.APPLIED_EVENT_IDS);
        this.rejections = context.getStateStore(RegistryStores.NUMBER_REJECTIONS);
        this.deadlineIndex = new DeadlineIndex(context.getStateStore(RegistryStores.DEADLINES));
        this.logClock = new LogClock(sweep, context.currentSystemTimeMs());
        this.sweepMetrics = new SweepMetrics(context.metrics(), context.taskId().toString());
        context.schedule(sweep.interval(), PunctuationType.WALL_CLOCK_TIME, this::sweepDeadlines);
    }

    @Override
    public void close() {
        sweepMetrics.remove();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Origin origin = Origin.of(record, context.recordMetadata().orElseThrow());
        logClock.recordProcessed(record.timestamp(), context.currentSystemTimeMs());
        if (record.value() == null) {
            reject(origin, IntakeRejection.MISSING_VALUE.name(), "the record has no value", null, null);
            return;
        }
        dev.numberregistry.schema.NumberEvent wire;
        try {
            wire = eventDeserializer.deserialize(origin.topic(), record.value());
        } catch (UndecodableRecordException e) {
            reject(origin, IntakeRejection.UNDECODABLE.name(), e.getMessage(), null, null);
            return;
        }
        if (isLoggedCopyOfDecision(origin, wire)) {
            // Applied when it was decided; checked before the mapping, which would parse the
            // number again for nothing: every decision of the registry comes back this way once.
            return;
        }
        NumberEvent event;
        try {
            event = EventMapping.toDomain(wire);
        } catch (InvalidPhoneNumberException e) {
            reject(origin, RejectionCode.INVALID_NUMBER.name(), e.getMessage(), wire, null);
            return;
        } catch (InvalidEventException e) {
            reject(origin, RejectionCode.INVALID_EVENT.name(), e.getMessage(), wire, null);
            return;
        }
        apply(origin, wire, event);
    }

    private void apply(Origin origin, dev.numberregistry.schema.NumberEvent wire, NumberEvent event) {
        String number = event.number().e164();
        if (!number.equals(origin.key())) {
            reject(origin, IntakeRejection.KEY_MISMATCH.name(), "the record's key '" + origin.key()
                    + "' is not the event's number in E.164 form (" + number + ")", wire, number);
            return;
        }
        String appliedAs = appliedEventIds.get(event.eventId());
        if (appliedAs != null) {
            reject(origin, IntakeRejection.DUPLICATE_EVENT.name(), "event " + event.eventId()
                    + " was applied already, as " + appliedAs, wire, number);
            return;
        }
        NumberState current;
        Decision decision;
        try {
            current = stateOf(number);
            decision = lifecycle.decide(current, event);
        } catch (RuntimeException e) {
            // A bug must not stop every number's processing behind this record: reject it with
            // the error for the bug report, and go on.
            LOG.error("Failed to apply event {} of {}", event.eventId(), number, e);
            reject(origin, IntakeRejection.PROCESSING_ERROR.name(), e.toString(), wire, number);
            return;
        }
        if (decision instanceof Decision.Rejected rejected) {
            reject(origin, rejected.code().name(), rejected.reason(), wire, number);
            return;
        }
        Decision.Applied applied = (Decision.Applied) decision;
        record(event, current, applied.state(), wire, origin);
        applyDecisions(applied.state(), applied.implied(), origin);
    }

    /**
     * Applies events the registry decides itself (what an event implies, what a deadline brings)
     * at once, so that no other event can come between, and writes each to the log as the
     * durable record of the decision. Their ids derive from their cause: replaying the log
     * decides the same events again, and {@link #isLoggedCopyOfDecision} recognises the copies.
     */
    private void applyDecisions(NumberState state, List<NumberEvent> decided, Origin origin) {
        Deque<NumberEvent> pending = new ArrayDeque<>(decided);
        NumberState current = state;
        for (int applied = 0; !pending.isEmpty(); applied++) {
            NumberEvent event = pending.removeFirst();
            dev.numberregistry.schema.NumberEvent wire = EventMapping.toWire(event);
            Decision decision = applied < MAX_IMPLIED_PER_EVENT ? lifecycle.decide(current, event) : null;
            if (decision instanceof Decision.Applied next) {
                record(event, current, next.state(), wire, origin);
                context.forward(new Record<String, SpecificRecord>(event.number().e164(), wire, origin.timestamp()),
                        RegistryTopology.DECISIONS_SINK);
                current = next.state();
                pending.addAll(next.implied());
            } else {
                // The lifecycle refused what the registry decided, or would not stop implying:
                // a defect, kept for the bug report.
                String reason = decision instanceof Decision.Rejected rejected ? rejected.reason()
                        : "more than " + MAX_IMPLIED_PER_EVENT + " events implied by one";
                LOG.error("Decided event {} was not applied: {}", event.eventId(), reason);
                reject(origin, IntakeRejection.PROCESSING_ERROR.name(), "decided event " + event.eventId()
                        + " was not applied: " + reason, wire, event.number().e164());
            }
        }
    }

    /**
     * The log's copy of an event the registry decided and applied at once: the very record the
     * history holds, from the registry itself, under its number. Not a duplicate, and nothing to do.
     */
    private boolean isLoggedCopyOfDecision(Origin origin, dev.numberregistry.schema.NumberEvent wire) {
        if (!NumberEvent.REGISTRY_SOURCE.equals(wire.getSource()) || wire.getEventId() == null
                || origin.key() == null || !origin.key().equals(wire.getNumber())) {
            return false;
        }
        String appliedAs = appliedEventIds.get(wire.getEventId());
        return appliedAs != null && wire.equals(history.get(RegistryStores.ledgerHistoryKey(appliedAs)));
    }

    private void record(NumberEvent event, NumberState previous, NumberState state,
                        dev.numberregistry.schema.NumberEvent wire, Origin origin) {
        String number = state.number().e164();
        String historyKey = RegistryStores.numberKey(number, state.appliedEvents());
        dev.numberregistry.schema.NumberState stateRecord = StateMapping.toWire(state);
        history.put(historyKey, wire);
        appliedEventIds.put(state.lastEventId(), RegistryStores.ledgerEntry(historyKey, origin.offset()));
        states.put(number, stateRecord);
        deadlineIndex.replace(number, deadlines.of(previous), deadlines.of(state));
        context.forward(new Record<String, SpecificRecord>(number, stateRecord, origin.timestamp()),
                RegistryTopology.STATE_SINK);
        RecycleNotifications.of(event, state).ifPresent(notification -> context.forward(
                new Record<String, SpecificRecord>(number, NotificationMapping.toWire(notification),
                        origin.timestamp()), RegistryTopology.NOTIFICATIONS_SINK));
    }

    /**
     * Decides everything due by now, oldest first, within the sweep's time budget. Only live:
     * see {@link LogClock}.
     */
    private void sweepDeadlines(long wallClock) {
        if (!logClock.isLive(wallClock)) {
            return;
        }
        Instant now = Instant.ofEpochMilli(wallClock);
        long started = System.nanoTime();
        long stopAt = started + sweep.maxSweepTime().toNanos();
        int fired = 0;
        List<DeadlineIndex.Entry> due;
        do {
            due = deadlineIndex.due(now, SWEEP_BATCH);
            for (DeadlineIndex.Entry entry : due) {
                deadlineIndex.remove(entry);
                fire(entry, now);
            }
            fired += due.size();
            // What was just decided may bring the next deadline due too (a validity end long
            // past, then its grace end): keep going until nothing is due or the budget is spent.
        } while (!due.isEmpty() && System.nanoTime() < stopAt);
        sweepMetrics.swept(System.nanoTime() - started, fired);
    }

    private void fire(DeadlineIndex.Entry entry, Instant now) {
        NumberState state = stateOf(entry.e164());
        Deadline deadline = entry.deadline();
        if (!deadlines.isPending(state, deadline)) {
            return;
        }
        if (deadline.kind().isReminder()) {
            // A reminder after the end it reminds of would only confuse (a replay after a long pause).
            if (deadline.ends().isAfter(now)) {
                remind(state, deadline, now);
            }
            return;
        }
        NumberEvent decided = Deadlines.decisionAt(state, deadline).orElseThrow();
        applyDecisions(state, List.of(decided), Origin.sweep(entry.e164(), now.toEpochMilli()));
    }

    private void remind(NumberState state, Deadline deadline, Instant now) {
        String number = state.number().e164();
        ReminderKind kind = deadline.kind() == DeadlineKind.VALIDITY_REMINDER
                ? ReminderKind.VALIDITY_ENDING : ReminderKind.GRACE_ENDING;
        String reminderId = number + "/" + kind + "/" + deadline.ends() + "/" + deadline.leadTime();
        NumberReminder reminder = new NumberReminder(reminderId, number, kind, deadline.ends(),
                deadline.leadTime().toString(), deadline.at(), state.holder().subscriberRef());
        context.forward(new Record<String, SpecificRecord>(number, reminder, now.toEpochMilli()),
                RegistryTopology.REMINDERS_SINK);
    }

    private NumberState stateOf(String e164) {
        dev.numberregistry.schema.NumberState stored = states.get(e164);
        return stored == null ? null : StateMapping.toDomain(stored);
    }

    private void reject(Origin origin, String code, String reason, dev.numberregistry.schema.NumberEvent wire,
                        String number) {
        RejectedEvent rejection = new RejectedEvent(code, reason,
                wire == null ? null : wire.getEventId(),
                number != null ? number : wire == null ? null : wire.getNumber(),
                wire == null ? null : EventMapping.typeOf(wire),
                origin.description(),
                origin.rawKeyBuffer(),
                origin.rawValueBuffer(),
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        if (origin.isLogRecord() && number != null && number.equals(origin.key())) {
            // Kept per number only where the record was keyed right, so that the number's own
            // task holds it; the topic has every rejection.
            rejections.put(RegistryStores.numberKey(number, origin.offset()), rejection);
        }
        String key = rejection.getNumber() != null ? rejection.getNumber() : origin.key();
        context.forward(new Record<String, SpecificRecord>(key, rejection, origin.timestamp()),
                RegistryTopology.REJECTED_SINK);
    }
}
