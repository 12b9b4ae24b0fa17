package dev.numberregistry.api.query;

import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.schema.NumberReminder;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.codec.StateMapping;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Reads what the registry keeps about a number, wherever it keeps it: from this instance's stores
 * when it owns the number, else from the instance that does, over its internal endpoint (which
 * never forwards further). While nobody can answer for sure (a rebalance, an owner out of reach) it
 * throws {@link RegistryNotReadyException}: 503 with Retry-After, never a wrong answer.
 *
 * <p>Every per-number query goes through {@link #recordsOf}; the typed methods decode its records
 * for their callers. A new per-number query is one such method (and, for a store not read yet, one
 * constant of {@link NumberRecords}).
 */
@Singleton
public class NumberQueries {

    private final KeyOwners owners;
    private final LocalStores local;
    private final PeerClient peers;

    NumberQueries(KeyOwners owners, LocalStores local, PeerClient peers) {
        this.owners = owners;
        this.local = local;
        this.peers = peers;
    }

    /** The number's records in one store, from its owner, in the store's order. */
    public <R> List<R> recordsOf(NumberRecords<R> kind, PhoneNumber number) {
        KeyOwners.Owner owner = owners.ownerOf(number);
        return owner.local()
                ? local.recordsOf(kind, number, owner.partition())
                : peers.recordsOf(owner.host(), kind, number);
    }

    public Optional<NumberState> state(PhoneNumber number) {
        return stateOf(recordsOf(NumberRecords.STATE, number));
    }

    /**
     * The records of each number in one store, in the numbers' order: this instance's own from its
     * stores, the others' with one request to each owner, sent all at once before the own are read.
     * If any owner cannot answer, nobody can say for sure: {@link RegistryNotReadyException} for all.
     *
     * @param numbers at most {@link InternalApi#MAX_NUMBERS_ASKED}
     */
    public <R> List<List<R>> recordsOfEach(NumberRecords<R> kind, List<PhoneNumber> numbers) {
        if (numbers.size() > InternalApi.MAX_NUMBERS_ASKED) {
            throw new IllegalArgumentException(numbers.size() + " numbers asked at once; at most "
                    + InternalApi.MAX_NUMBERS_ASKED);
        }
        List<KeyOwners.Owner> ownerOfEach = numbers.stream().map(owners::ownerOf).toList();
        Map<HostInfo, List<Integer>> elsewhere = new LinkedHashMap<>();
        for (int i = 0; i < numbers.size(); i++) {
            if (!ownerOfEach.get(i).local()) {
                elsewhere.computeIfAbsent(ownerOfEach.get(i).host(), owner -> new ArrayList<>()).add(i);
            }
        }
        Map<HostInfo, CompletableFuture<List<List<R>>>> asked = new LinkedHashMap<>();
        elsewhere.forEach((owner, indices) -> asked.put(owner,
                peers.recordsOfEach(owner, kind, indices.stream().map(numbers::get).toList())));
        List<List<R>> records = new ArrayList<>(Collections.nCopies(numbers.size(), List.of()));
        for (int i = 0; i < numbers.size(); i++) {
            KeyOwners.Owner owner = ownerOfEach.get(i);
            if (owner.local()) {
                records.set(i, local.recordsOf(kind, numbers.get(i), owner.partition()));
            }
        }
        elsewhere.forEach((owner, indices) -> {
            List<List<R>> answered = PeerClient.await(asked.get(owner));
            for (int j = 0; j < indices.size(); j++) {
                records.set(indices.get(j), answered.get(j));
            }
        });
        return records;
    }

    /** The state of each number, in their order, asked as {@link #recordsOfEach} asks. */
    public List<Optional<NumberState>> states(List<PhoneNumber> numbers) {
        return recordsOfEach(NumberRecords.STATE, numbers).stream().map(NumberQueries::stateOf).toList();
    }

    /**
     * The state of a number written in E.164 form, looked up as written and without validating
     * it, when this instance owns its key and holds it. Stored numbers were validated when they
     * were stored, so a number found this way is valid; anything else is empty (not found here,
     * or owned by another instance, whose internal endpoint takes validated numbers only), and
     * the caller validates the number and asks {@link #state}.
     *
     * @throws IllegalArgumentException when the text is not in E.164 form
     */
    public Optional<NumberState> localStateAsWritten(String e164) {
        PhoneNumber asWritten = PhoneNumber.ofStored(e164);
        KeyOwners.Owner owner = owners.ownerOf(asWritten);
        return owner.local()
                ? stateOf(local.recordsOf(NumberRecords.STATE, asWritten, owner.partition()))
                : Optional.empty();
    }

    /** Every applied event of the number, oldest first. */
    public List<NumberEvent> history(PhoneNumber number) {
        return recordsOf(NumberRecords.HISTORY, number).stream().map(EventMapping::toDomain).toList();
    }

    /** Every event about the number that was refused, oldest first. */
    public List<RejectedEvent> rejections(PhoneNumber number) {
        return recordsOf(NumberRecords.REJECTIONS, number);
    }

    /** The latest reminders the number was sent (see SentReminders), oldest first. */
    public List<NumberReminder> remindersSent(PhoneNumber number) {
        return recordsOf(NumberRecords.REMINDERS_SENT, number);
    }

    /**
     * What became of the record at {@code offset} of the event log, once the registry has
     * processed it; empty before then. The record's number decides who knows.
     */
    public Optional<EventOutcome> outcome(String eventId, PhoneNumber number, long offset) {
        KeyOwners.Owner owner = owners.ownerOf(number);
        return owner.local()
                ? local.outcome(eventId, number, offset, owner.partition())
                : peers.outcome(owner.host(), eventId, number, offset);
    }

    /**
     * The internal endpoint's answer to {@link #recordsOf}: from this instance's stores only.
     *
     * @throws RegistryNotReadyException if another instance owns the number (the assignment moved since the caller
     *                                   looked): the internal endpoints never forward
     */
    public <R> InternalApi.RecordsAnswer recordsAsOwner(NumberRecords<R> kind, PhoneNumber number) {
        return InternalApi.RecordsAnswer.of(kind, local.recordsOf(kind, number, owners.localPartitionOf(number)));
    }

    /**
     * The internal endpoint's answer to {@link #recordsOfEach}: from this instance's stores only.
     *
     * @throws RegistryNotReadyException if another instance owns any of the numbers: the internal endpoints never
     *                                   forward
     */
    public <R> InternalApi.RecordsOfEachAnswer recordsOfEachAsOwner(NumberRecords<R> kind, List<PhoneNumber> numbers) {
        return new InternalApi.RecordsOfEachAnswer(numbers.stream().map(number -> recordsAsOwner(kind, number)).toList());
    }

    /** The internal endpoint's answer to {@link #outcome}, likewise from this instance's stores only. */
    public InternalApi.OutcomeAnswer outcomeAsOwner(String eventId, PhoneNumber number, long offset) {
        return InternalApi.OutcomeAnswer.of(local.outcome(eventId, number, offset, owners.localPartitionOf(number)));
    }

    /** A state store keeps one state a number, or none. */
    private static Optional<NumberState> stateOf(List<dev.numberregistry.schema.NumberState> records) {
        return records.stream().findFirst().map(StateMapping::toDomain);
    }
}
