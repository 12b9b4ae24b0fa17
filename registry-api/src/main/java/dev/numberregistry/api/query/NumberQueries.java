package dev.numberregistry.api.query;

import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.codec.StateMapping;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Reads a number's state, history and rejections, wherever the registry keeps them: from this
 * instance's stores when it owns the number, else from the instance that does, over its internal
 * endpoint (which never forwards further). While nobody can answer for sure (a rebalance, an
 * owner out of reach) it throws {@link RegistryNotReadyException}: 503 with Retry-After, never a
 * wrong answer.
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

    public Optional<NumberState> state(PhoneNumber number) {
        KeyOwners.Owner owner = owners.ownerOf(number);
        Optional<dev.numberregistry.schema.NumberState> stored = owner.local()
                ? local.state(number, owner.partition())
                : peers.state(owner.host(), number);
        return stored.map(StateMapping::toDomain);
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
        return owner.local() ? local.state(asWritten, owner.partition()).map(StateMapping::toDomain) : Optional.empty();
    }

    /** Every applied event of the number, oldest first. */
    public List<NumberEvent> history(PhoneNumber number) {
        KeyOwners.Owner owner = owners.ownerOf(number);
        List<dev.numberregistry.schema.NumberEvent> events = owner.local()
                ? local.history(number, owner.partition())
                : peers.history(owner.host(), number);
        return events.stream().map(EventMapping::toDomain).toList();
    }

    /** Every event about the number that was refused, oldest first. */
    public List<RejectedEvent> rejections(PhoneNumber number) {
        KeyOwners.Owner owner = owners.ownerOf(number);
        return owner.local() ? local.rejections(number, owner.partition()) : peers.rejections(owner.host(), number);
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
}
