package dev.numberregistry.streams;

import dev.numberregistry.core.Quote;
import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.Deadlines;
import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.Consequence;
import dev.numberregistry.core.lifecycle.Decision;
import dev.numberregistry.core.lifecycle.Lifecycle;
import dev.numberregistry.core.lifecycle.RejectionCode;
import dev.numberregistry.core.notification.RecycleNotifications;
import dev.numberregistry.core.notification.Reminders;
import dev.numberregistry.core.number.InvalidPhoneNumberException;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.schema.NumberReminder;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.schema.SchemaSourceUnavailableException;
import dev.numberregistry.schema.UndecodableRecordException;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.codec.NotificationMapping;
import dev.numberregistry.streams.codec.RejectionRecords;
import dev.numberregistry.streams.codec.ReminderMapping;
import dev.numberregistry.streams.codec.StateMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each event of the log to its number's state, and decides what comes due when time
 * passes. Every record that enters leaves either as an applied event (new state, history entry,
 * ledger entry, deadlines) or as a rejection with its reason; none is dropped and none stops the
 * stream.
 *
 * <p>Each record, and each deadline that comes due, is handled in two phases: first everything it
 * changes is worked out ({@link Changes}), and only then written. Whatever goes wrong in the first
 * phase (a defect, a state too large to write) rejects that one record with the reason, counted
 * and logged, and the stream goes on with the next: no input can fail a stream thread, let alone
 * the same input twice.
 */
final class LifecycleEventProcessor implements Processor<byte[], byte[], String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleEventProcessor.class);
    /** Due deadlines read from the index at a time, between checks of the sweep's time budget. */
    private static final int SWEEP_BATCH = 500;
    /** The stores' keys are numbers in E.164 and their suffixes, as UTF-8. */
    private static final StringSerializer KEY_SERIALIZER = new StringSerializer();
    /** Marks a record the registry moved to its key's partition, with where it came from. */
    static final String MOVED_FROM_HEADER = "registry-moved-from";

    private final Lifecycle lifecycle;
    private final Deadlines deadlines;
    private final DeadlineSweep sweep;
    private final RecordLimits limits;
    private final EventPlacement placement;
    private final LogPositions positions;
    private final String eventsTopic;
    private final Deserializer<dev.numberregistry.schema.NumberEvent> eventDeserializer;
    private final Deserializer<RejectedEvent> refusalDeserializer;
    private final Serializer<dev.numberregistry.schema.NumberState> stateSerializer;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, dev.numberregistry.schema.NumberState> states;
    private KeyValueStore<String, dev.numberregistry.schema.NumberEvent> history;
    private IdempotencyLedger ledger;
    private KeyValueStore<String, RejectedEvent> rejections;
    private KeyValueStore<String, Long> rejectionCounts;
    private SentReminders remindersSent;
    private DeadlineIndex deadlineIndex;
    private LogClock logClock;
    private TaskMetrics metrics;
    private DeadlineGate gate;

    LifecycleEventProcessor(Lifecycle lifecycle, Deadlines deadlines, DeadlineSweep sweep, RecordLimits limits,
                            String eventsTopic, EventPlacement placement, LogPositions positions,
                            RegistrySerdes serdes) {
        this.lifecycle = lifecycle;
        this.deadlines = deadlines;
        this.sweep = sweep;
        this.limits = limits;
        this.placement = placement;
        this.positions = positions;
        this.eventsTopic = eventsTopic;
        this.eventDeserializer = serdes.events().deserializer();
        this.refusalDeserializer = serdes.rejections().deserializer();
        this.stateSerializer = serdes.stores().states().serializer();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.states = context.getStateStore(RegistryStores.NUMBER_STATE);
        this.history = context.getStateStore(RegistryStores.NUMBER_HISTORY);
        this.ledger = new IdempotencyLedger(context.getStateStore(RegistryStores.APPLIED_EVENT_IDS));
        this.rejections = context.getStateStore(RegistryStores.NUMBER_REJECTIONS);
        this.rejectionCounts = context.getStateStore(RegistryStores.NUMBER_REJECTION_COUNTS);
        this.deadlineIndex = new DeadlineIndex(context.getStateStore(RegistryStores.DEADLINES));
        this.remindersSent = new SentReminders(context.getStateStore(RegistryStores.NUMBER_REMINDERS_SENT));
        this.logClock = new LogClock(sweep, context.currentSystemTimeMs());
        this.metrics = new TaskMetrics(context.metrics(), context.taskId().toString());
        this.gate = new DeadlineGate(positions, new TopicPartition(eventsTopic, context.taskId().partition()),
                context.applicationId());
        context.schedule(sweep.interval(), PunctuationType.WALL_CLOCK_TIME, this::sweepDeadlines);
    }

    @Override
    public void close() {
        metrics.remove();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Origin origin = Origin.of(record, context.recordMetadata().orElseThrow());
        logClock.recordProcessed(record.timestamp(), context.currentSystemTimeMs());
        write(origin, guarded(origin, () -> judge(origin)));
    }

    /**
     * Works out what a record or a deadline changes, or the rejection of it when that fails or
     * would write a state larger than the limits: the guard every input goes through.
     */
    private Changes guarded(Origin origin, Supplier<Changes> judgement) {
        try {
            Changes changes = judgement.get();
            for (Changes.Step step : changes.steps()) {
                if (step.encodedState() > limits.maxStateBytes()) {
                    return unprocessable(new Changes.Refusal(origin, IntakeRejection.STATE_TOO_LARGE.name(),
                            "applying event " + step.event().eventId() + " would make a state of "
                                    + step.encodedState() + " bytes; the registry writes states of at most "
                                    + limits.maxStateBytes(), step.wire(), step.event().number().e164()), null);
                }
            }
            return changes;
        } catch (StreamsException | SchemaSourceUnavailableException e) {
            // A store, the client or the schema registry failed, not the record: a rejection would
            // lose a valid event (or, in the sweep, a deadline for good). Failing lets exactly-once
            // abort and try again (FailOnceProcessingHandler tells these from the record's faults).
            throw e;
        } catch (RuntimeException e) {
            // Kept for the number, so that ops and a caller awaiting the outcome see it, when the
            // record's key has the shape of one; a deadline's number is the registry's own.
            String number = !origin.isLogRecord() || PhoneNumber.isE164Shaped(origin.key()) ? origin.key() : null;
            return unprocessable(new Changes.Refusal(origin, IntakeRejection.PROCESSING_ERROR.name(), e.toString(),
                    null, number), e);
        }
    }

    private Changes unprocessable(Changes.Refusal refusal, Exception error) {
        metrics.unprocessable();
        LOG.error("Rejected {} from {} as {}: {}", refusal.number() == null ? "a record" : refusal.number(),
                refusal.origin().description(), refusal.code(), refusal.reason(), error);
        return Changes.refused(refusal);
    }

    private Changes judge(Origin origin) {
        if (origin.rawValue() == null) {
            return refused(origin, IntakeRejection.MISSING_VALUE, "the record has no value");
        }
        if (origin.rawValue().length > limits.maxEventBytes()) {
            // Not even decoded: nothing this large can be an event, and its rejection keeps only
            // its first bytes (RejectionRecords), so that it fits in a topic.
            return unprocessable(new Changes.Refusal(origin, IntakeRejection.TOO_LARGE.name(), "the record's value is "
                    + origin.rawValue().length + " bytes; an event is at most " + limits.maxEventBytes(), null, null),
                    null);
        }
        if (origin.rawKey() != null && placement.partitionOf(origin.rawKey()) != origin.partition()) {
            return misplaced(origin);
        }
        if (RefusedAtIntake.isMarked(origin.headers())) {
            return refusedAtIntake(origin);
        }
        dev.numberregistry.schema.NumberEvent wire;
        try {
            wire = eventDeserializer.deserialize(origin.topic(), origin.rawValue());
        } catch (UndecodableRecordException e) {
            return refused(origin, IntakeRejection.UNDECODABLE, e.getMessage());
        }
        if (isLoggedCopyOfDecision(origin, wire)) {
            // Applied when it was decided; checked before the mapping, which would parse the
            // number again for nothing: every decision of the registry comes back this way once.
            return Changes.none();
        }
        NumberEvent event;
        try {
            event = EventMapping.toDomain(wire);
        } catch (InvalidPhoneNumberException e) {
            return Changes.refused(new Changes.Refusal(origin, RejectionCode.INVALID_NUMBER.name(), e.getMessage(),
                    wire, null));
        } catch (InvalidEventException e) {
            return Changes.refused(new Changes.Refusal(origin, RejectionCode.INVALID_EVENT.name(), e.getMessage(),
                    wire, null));
        }
        return judge(origin, wire, event);
    }

    /**
     * A refusal of the HTTP intake (see {@link RefusedAtIntake}): kept for its number as the intake
     * wrote it, where it says it was refused and when, and passed on to the rejected topic. A record
     * so marked that is not a refusal of a number under its own key is rejected as any record would be.
     */
    private Changes refusedAtIntake(Origin origin) {
        // What the intake writes is bounded (RejectionRecords) and keyed by a number: anything else
        // under the header is no refusal of the intake, and is not kept as one.
        if (origin.rawValue().length > RejectionRecords.MAX_ENCODED_BYTES) {
            return refused(origin, IntakeRejection.TOO_LARGE, "the record is marked " + RefusedAtIntake.HEADER
                    + " but is " + origin.rawValue().length + " bytes, more than any refusal of the intake");
        }
        if (!PhoneNumber.isE164Shaped(origin.key())) {
            return refused(origin, IntakeRejection.KEY_MISMATCH, "the record is marked " + RefusedAtIntake.HEADER
                    + " but its key " + Quote.of(origin.key()) + " is not a number in E.164 form");
        }
        RejectedEvent refusal;
        try {
            refusal = refusalDeserializer.deserialize(origin.topic(), origin.rawValue());
        } catch (UndecodableRecordException e) {
            return refused(origin, IntakeRejection.UNDECODABLE, "the record is marked " + RefusedAtIntake.HEADER
                    + " but is not a refusal: " + e.getMessage());
        }
        if (refusal.getNumber() == null || !refusal.getNumber().equals(origin.key())) {
            return refused(origin, IntakeRejection.KEY_MISMATCH, "the record's key " + Quote.of(origin.key())
                    + " is not the number of the refusal it holds (" + Quote.of(refusal.getNumber()) + ")");
        }
        if (!IntakeRejection.ALL_CODES.contains(refusal.getReasonCode())) {
            return refused(origin, IntakeRejection.UNDECODABLE, "the record is marked " + RefusedAtIntake.HEADER
                    + " but its code " + Quote.of(refusal.getReasonCode()) + " is none of the registry's");
        }
        return Changes.refusedAtIntake(refusal);
    }

    /**
     * A record in a partition other than its key's (its producer partitions otherwise than Java's
     * default partitioner does) is written again, as it came, to its key's partition, where its
     * number's state, history and idempotency ledger are: applied there, in the order of its
     * partition, once (the move commits with the reading of the record).
     */
    private Changes misplaced(Origin origin) {
        Header movedFrom = origin.headers().lastHeader(MOVED_FROM_HEADER);
        if (movedFrom != null) {
            // Moving again could go on for ever.
            return unprocessable(new Changes.Refusal(origin, IntakeRejection.MISPLACED.name(), "the registry moved this "
                    + "record from " + new String(movedFrom.value(), StandardCharsets.UTF_8) + " to partition "
                    + placement.partitionOf(origin.rawKey()) + " of the " + placement.partitions()
                    + " it counts, and it arrived in partition " + origin.partition()
                    + ": the event log's partition count changed; restart the registry", null, null), null);
        }
        if (!Arrays.equals(origin.key().getBytes(StandardCharsets.UTF_8), origin.rawKey())) {
            return refused(origin, IntakeRejection.KEY_MISMATCH, "the record's key is not UTF-8 text, so it cannot be "
                    + "a number in E.164 form");
        }
        metrics.misplaced();
        return Changes.moveToKeyPartition();
    }

    private Changes judge(Origin origin, dev.numberregistry.schema.NumberEvent wire, NumberEvent event) {
        String number = event.number().e164();
        if (!number.equals(origin.key())) {
            return Changes.refused(new Changes.Refusal(origin, IntakeRejection.KEY_MISMATCH.name(),
                    "the record's key " + Quote.of(origin.key())
                            + " is not the event's number in E.164 form (" + number + ")", wire, number));
        }
        String appliedAs = ledger.appliedAs(event.eventId());
        if (appliedAs != null) {
            return Changes.refused(new Changes.Refusal(origin, IntakeRejection.DUPLICATE_EVENT.name(),
                    "event " + event.eventId() + " was applied already, as " + appliedAs, wire, number));
        }
        NumberState current = stateOf(number);
        Decision decision = lifecycle.decide(current, event);
        if (decision instanceof Decision.Rejected rejected) {
            return Changes.refused(new Changes.Refusal(origin, rejected.code().name(), rejected.reason(), wire,
                    number));
        }
        Decision.Applied applied = (Decision.Applied) decision;
        Changes changes = new Changes().apply(step(event, wire, current, applied.state(), false));
        return decide(changes, applied.state(), applied.implied(), origin);
    }

    /**
     * Applies events the registry decides itself (what an event implies, what a deadline brings)
     * at once, so that no other event can come between, and writes each to the log as the
     * durable record of the decision. Their ids derive from their cause: replaying the log
     * decides the same events again, and {@link #isLoggedCopyOfDecision} recognises the copies.
     */
    private Changes decide(Changes changes, NumberState state, List<NumberEvent> decided, Origin origin) {
        for (Consequence consequence : lifecycle.inTurn(state, decided)) {
            NumberEvent event = consequence.event();
            dev.numberregistry.schema.NumberEvent wire = EventMapping.toWire(event);
            if (consequence instanceof Consequence.Followed followed) {
                changes.apply(step(event, wire, followed.before(), followed.after(), true));
            } else {
                String reason = ((Consequence.Defect) consequence).reason();
                metrics.unprocessable();
                LOG.error("Decided event {} was not applied: {}", event.eventId(), reason);
                changes.refuse(new Changes.Refusal(origin, IntakeRejection.PROCESSING_ERROR.name(), "decided event "
                        + event.eventId() + " was not applied: " + reason, wire, event.number().e164()));
            }
        }
        return changes;
    }

    private Changes.Step step(NumberEvent event, dev.numberregistry.schema.NumberEvent wire, NumberState previous,
                              NumberState next, boolean decided) {
        dev.numberregistry.schema.NumberState stateRecord = StateMapping.toWire(next);
        int encoded = stateSerializer.serialize(RegistryStores.NUMBER_STATE, stateRecord).length;
        return new Changes.Step(event, wire, stateRecord, next.appliedEvents(), decided, encoded,
                deadlines.of(previous), deadlines.of(next),
                RecycleNotifications.of(event, previous, next).map(NotificationMapping::toWire).orElse(null));
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
        String appliedAs = ledger.appliedAs(wire.getEventId());
        return appliedAs != null && wire.equals(history.get(RegistryStores.ledgerHistoryKey(appliedAs)));
    }

    /**
     * Decides everything due by now, oldest first, within the sweep's time budget. Only live:
     * see {@link LogClock}. Live or not, the task's metrics then say what still waits.
     */
    private void sweepDeadlines(long wallClock) {
        Instant now = Instant.ofEpochMilli(wallClock);
        if (logClock.isLive(wallClock)) {
            decideDue(now, wallClock);
        }
        metrics.pending(deadlineIndex.approximateCount());
        metrics.sweepLag(deadlineIndex.earliestDue(now).map(due -> wallClock - due.toEpochMilli()).orElse(0L));
    }

    private void decideDue(Instant now, long wallClock) {
        long started = System.nanoTime();
        long stopAt = started + sweep.maxSweepTime().toNanos();
        int fired = 0;
        if (!deadlineIndex.hasDue(now) || !gate.mayDecide(logClock.isIdle(wallClock))) {
            metrics.swept(System.nanoTime() - started, fired);
            return;
        }
        List<DeadlineIndex.Entry> due;
        do {
            due = deadlineIndex.due(now, SWEEP_BATCH);
            for (DeadlineIndex.Entry entry : due) {
                // Out of the index first: a deadline whose decision fails is rejected once, not every sweep.
                deadlineIndex.remove(entry);
                Origin origin = Origin.sweep(entry.e164(), wallClock);
                write(origin, guarded(origin, () -> judge(entry, origin)));
            }
            fired += due.size();
            // What was just decided may bring the next deadline due too (a validity end long
            // past, then its grace end): keep going until nothing is due or the budget is spent.
        } while (!due.isEmpty() && System.nanoTime() < stopAt);
        metrics.swept(System.nanoTime() - started, fired);
    }

    private Changes judge(DeadlineIndex.Entry entry, Origin origin) {
        Instant now = Instant.ofEpochMilli(origin.timestamp());
        NumberState state = stateOf(entry.e164());
        Deadline deadline = entry.deadline();
        List<Deadline> pending = deadlines.of(state);
        if (!pending.contains(deadline)) {
            return Changes.none().advance(entry, pending);
        }
        if (deadline.kind().isReminder()) {
            Changes changes = Changes.none().advance(entry, pending);
            return Reminders.dueAt(state, deadline, now).map(ReminderMapping::toWire).map(changes::remind)
                    .orElse(changes);
        }
        NumberEvent decided = Deadlines.decisionAt(state, deadline).orElseThrow();
        return decide(Changes.none(), state, List.of(decided), origin);
    }

    private NumberState stateOf(String e164) {
        dev.numberregistry.schema.NumberState stored = states.get(e164);
        return stored == null ? null : StateMapping.toDomain(stored);
    }

    private static Changes refused(Origin origin, IntakeRejection code, String reason) {
        return Changes.refused(new Changes.Refusal(origin, code.name(), reason, null, null));
    }

    /** The second phase: writes what was worked out. Nothing here depends on the record's content. */
    private void write(Origin origin, Changes changes) {
        if (changes.movesToKeyPartition()) {
            Headers headers = new RecordHeaders(origin.headers().toArray()).add(MOVED_FROM_HEADER,
                    origin.description().getBytes(StandardCharsets.UTF_8));
            context.forward(new Record<String, Object>(origin.key(), origin.rawValue(), origin.timestamp(), headers),
                    RegistryTopology.MOVED_SINK);
        }
        changes.steps().forEach(step -> write(origin, step));
        changes.advance().ifPresent(advance -> deadlineIndex.advance(advance.fired(), advance.pending()));
        changes.refusals().forEach(this::write);
        changes.refusedAtIntake().ifPresent(refusal -> {
            metrics.rejected(refusal.getReasonCode());
            keep(refusal.getNumber(), origin.offset(), refusal);
            context.forward(new Record<String, Object>(refusal.getNumber(), refusal, origin.timestamp()),
                    RegistryTopology.REJECTED_SINK);
        });
        for (NumberReminder reminder : changes.reminders()) {
            context.forward(new Record<String, Object>(reminder.getNumber(), reminder, origin.timestamp()),
                    RegistryTopology.REMINDERS_SINK);
            remindersSent.sent(reminder);
            metrics.reminderWritten();
        }
    }

    private void write(Origin origin, Changes.Step step) {
        String number = step.state().getNumber();
        String historyKey = RegistryStores.numberKey(number, step.sequence());
        history.put(historyKey, step.wire());
        ledger.applied(step.event().eventId(), RegistryStores.ledgerEntry(historyKey, origin.offset()),
                origin.timestamp());
        states.put(number, step.state());
        deadlineIndex.replace(number, step.deadlinesBefore(), step.deadlinesAfter());
        if (origin.isLogRecord() && bringsAPastDeadline(step)) {
            gate.pastDeadlineArrived();
        }
        context.forward(new Record<String, Object>(number, step.state(), origin.timestamp()),
                RegistryTopology.STATE_SINK);
        if (step.notification() != null) {
            context.forward(new Record<String, Object>(number, step.notification(), origin.timestamp()),
                    RegistryTopology.NOTIFICATIONS_SINK);
            metrics.notificationWritten();
        }
        if (step.decided()) {
            context.forward(new Record<String, Object>(number, step.wire(), origin.timestamp()),
                    RegistryTopology.DECISIONS_SINK);
        }
        metrics.applied();
    }

    private boolean bringsAPastDeadline(Changes.Step step) {
        long now = context.currentSystemTimeMs();
        return step.deadlinesAfter().stream().anyMatch(deadline -> !step.deadlinesBefore().contains(deadline)
                && deadline.at().toEpochMilli() <= now);
    }

    private void write(Changes.Refusal refusal) {
        Origin origin = refusal.origin();
        dev.numberregistry.schema.NumberEvent wire = refusal.wire();
        String number = refusal.number();
        RejectedEvent rejection = RejectionRecords.of(refusal.code(), refusal.reason(),
                wire == null ? null : wire.getEventId(),
                number != null ? number : wire == null ? null : wire.getNumber(),
                wire == null ? null : EventMapping.typeOf(wire),
                origin.description(), origin.rawKey(), origin.rawValue(),
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        if (origin.isLogRecord() && number != null && number.equals(origin.key())) {
            // Kept per number only where the record was keyed right, so that the number's own
            // task holds it; the topic has every rejection.
            keep(number, origin.offset(), rejection);
        }
        context.forward(new Record<String, Object>(RejectionRecords.keyOf(rejection, origin.key()), rejection,
                origin.timestamp()), RegistryTopology.REJECTED_SINK);
        metrics.rejected(refusal.code());
    }

    /**
     * Keeps the rejection of the record at {@code offset} for its number, and only the number's
     * latest {@link RecordLimits#maxRejectionsKept}: the oldest goes when one more comes, so that
     * a sender who gets record after record refused fills neither the store nor the number's
     * answer. The count saves reading them all to know how many there are.
     */
    private void keep(String number, long offset, RejectedEvent rejection) {
        String key = RegistryStores.numberKey(number, offset);
        boolean anew = rejections.get(key) == null;
        rejections.put(key, rejection);
        if (!anew) {
            return;
        }
        Long counted = rejectionCounts.get(number);
        // Rejections kept before their count was (an upgrade) are counted once, the new one with them.
        long kept = counted != null ? counted + 1 : oldestRejectionsOf(number, Integer.MAX_VALUE).size();
        if (kept > limits.maxRejectionsKept()) {
            List<String> oldest = oldestRejectionsOf(number, (int) (kept - limits.maxRejectionsKept()));
            oldest.forEach(rejections::delete);
            kept -= oldest.size();
        }
        rejectionCounts.put(number, kept);
    }

    /** The keys of a number's oldest kept rejections, at most {@code count} (the keys end in the offset, padded). */
    private List<String> oldestRejectionsOf(String number, int count) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, RejectedEvent> entries =
                     rejections.prefixScan(RegistryStores.numberPrefix(number), KEY_SERIALIZER)) {
            while (keys.size() < count && entries.hasNext()) {
                keys.add(entries.next().key);
            }
        }
        return keys;
    }
}
