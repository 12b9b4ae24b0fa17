package dev.numberregistry.api.subscription;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One subscription's deliveries on this instance, in the order of the deliveries topic, and how
 * its sink has been answering. Several are under way at once, but never two of one number, and
 * the event that ends the subscription only once everything before it arrived. Used by one
 * thread, the dispatcher's.
 */
final class SubscriptionQueue {

    private final String subscriptionId;
    private final List<Delivery> waiting = new ArrayList<>();
    private final Set<Delivery> underWay = new LinkedHashSet<>();
    private DeliveryStatus status;
    private int failures;
    private Instant nextAttemptAt = Instant.MIN;
    private boolean endOrdered;
    private boolean changed;

    SubscriptionQueue(DeliveryStatus status) {
        this.subscriptionId = status.subscriptionId();
        this.status = status;
    }

    String subscriptionId() {
        return subscriptionId;
    }

    DeliveryStatus status() {
        return status;
    }

    DeliveryState state() {
        return status.state();
    }

    boolean accepts() {
        return state() != DeliveryState.SUSPENDED && state() != DeliveryState.ENDED;
    }

    void add(Delivery delivery) {
        waiting.add(delivery);
        changed = true;
    }

    int size() {
        return waiting.size();
    }

    /** Deliveries not yet taken by the sink that count toward a maximum of events. */
    long eventsOnTheirWay() {
        return waiting.stream().filter(delivery -> !delivery.ends()).count();
    }

    OptionalLong lowestOffset() {
        return waiting.stream().mapToLong(Delivery::offset).min();
    }

    boolean holdsBefore(long offset) {
        return waiting.stream().anyMatch(delivery -> delivery.offset() < offset);
    }

    int underWay() {
        return underWay.size();
    }

    /** What may be sent now: up to {@code limit} under way, none while the sink is given time to recover. */
    List<Delivery> sendable(Instant now, int limit) {
        List<Delivery> ready = new ArrayList<>();
        if (!accepts() || now.isBefore(nextAttemptAt)) {
            return ready;
        }
        Set<String> blocked = new HashSet<>();
        int slots = limit - underWay.size();
        for (Iterator<Delivery> it = waiting.iterator(); it.hasNext() && slots > 0; ) {
            Delivery delivery = it.next();
            boolean first = delivery == waiting.get(0);
            if (delivery.ends()) {
                if (first && underWay.isEmpty()) {
                    ready.add(delivery);
                }
                break;
            }
            if (!underWay.contains(delivery) && !blocked.contains(delivery.number())) {
                ready.add(delivery);
                slots--;
            }
            blocked.add(delivery.number());
        }
        underWay.addAll(ready);
        return ready;
    }

    void delivered(Delivery delivery, Instant now) {
        if (!underWay.remove(delivery) || !waiting.remove(delivery)) {
            return; // dropped meanwhile: suspended
        }
        failures = 0;
        nextAttemptAt = Instant.MIN;
        DeliveryState state = delivery.ends() ? DeliveryState.ENDED
                : state() == DeliveryState.RETRYING ? DeliveryState.ACTIVE : state();
        status = new DeliveryStatus(subscriptionId, state, status.delivered() + (delivery.ends() ? 0 : 1),
                waiting.size(), null, status.lastError(), now, status.missedFrom(), status.resumedUntil(),
                status.endReason(), status.endDescription(), now);
        changed = true;
    }

    void failed(Delivery delivery, String error, Duration wait, Instant now) {
        if (!underWay.remove(delivery)) {
            return;
        }
        failures++;
        nextAttemptAt = now.plus(wait);
        DeliveryState state = state() == DeliveryState.ACTIVE ? DeliveryState.RETRYING : state();
        status = new DeliveryStatus(subscriptionId, state, status.delivered(), waiting.size(),
                status.failingSince() == null ? now : status.failingSince(), error, status.lastDeliveredAt(),
                status.missedFrom(), status.resumedUntil(), status.endReason(), status.endDescription(), now);
        changed = true;
    }

    int failures() {
        return failures;
    }

    /** Whether the sink has failed every delivery for at least this long. */
    boolean failingFor(Duration patience, Instant now) {
        return status.failingSince() != null && !now.isBefore(status.failingSince().plus(patience));
    }

    boolean endsNext() {
        return !waiting.isEmpty() && waiting.get(0).ends();
    }

    /**
     * Stops sending: what waits is dropped, and the first offset of it kept (unless an earlier one
     * is), for a resume to send again from.
     */
    void suspend(String reason, String description, Instant now) {
        Long missedFrom = status.missedFrom();
        OptionalLong lowest = lowestOffset();
        if (lowest.isPresent() && (missedFrom == null || lowest.getAsLong() < missedFrom)) {
            missedFrom = lowest.getAsLong();
        }
        waiting.clear();
        underWay.clear();
        status = new DeliveryStatus(subscriptionId, DeliveryState.SUSPENDED, status.delivered(), 0,
                status.failingSince(), status.lastError(), status.lastDeliveredAt(), missedFrom, null, reason,
                description, now);
        changed = true;
    }

    /** A delivery read while suspended: not sent, but where the missed ones start is kept. */
    void missed(long offset, Instant now) {
        if (status.missedFrom() == null || offset < status.missedFrom()) {
            status = new DeliveryStatus(subscriptionId, status.state(), status.delivered(), 0, status.failingSince(),
                    status.lastError(), status.lastDeliveredAt(), offset, status.resumedUntil(), status.endReason(),
                    status.endDescription(), now);
            changed = true;
        }
    }

    /** Resumed by ops: sends what it missed (up to the resume order), then what comes. */
    void resume(long resumedUntil, Instant now) {
        failures = 0;
        nextAttemptAt = Instant.MIN;
        boolean missedAny = status.missedFrom() != null && status.missedFrom() < resumedUntil;
        status = new DeliveryStatus(subscriptionId, missedAny ? DeliveryState.RESUMING : DeliveryState.ACTIVE,
                status.delivered(), 0, null, status.lastError(), status.lastDeliveredAt(),
                missedAny ? status.missedFrom() : null, missedAny ? resumedUntil : null, null, null, now);
        changed = true;
    }

    /** Everything it missed was sent again: back to sending as things come. */
    void caughtUp(Instant now) {
        status = new DeliveryStatus(subscriptionId, DeliveryState.ACTIVE, status.delivered(), waiting.size(),
                status.failingSince(), status.lastError(), status.lastDeliveredAt(), null, null, null, null, now);
        changed = true;
    }

    /** Ends it at once, without telling the sink (it has failed for too long to be told). */
    void endWithoutNotice(String reason, String description, Instant now) {
        waiting.clear();
        underWay.clear();
        status = new DeliveryStatus(subscriptionId, DeliveryState.ENDED, status.delivered(), 0, status.failingSince(),
                status.lastError(), status.lastDeliveredAt(), null, null, reason, description, now);
        changed = true;
    }

    /** Records the reason of an end that is on its way to the sink. */
    void ending(String reason, String description) {
        endOrdered = true;
        status = new DeliveryStatus(subscriptionId, status.state(), status.delivered(), waiting.size(),
                status.failingSince(), status.lastError(), status.lastDeliveredAt(), status.missedFrom(),
                status.resumedUntil(), reason, description, status.updatedAt());
        changed = true;
    }

    /** Whether an end was ordered already (so that expiry or the maximum orders it once). */
    boolean endOrdered() {
        return endOrdered || state() == DeliveryState.ENDED;
    }

    void endOrderedNow() {
        endOrdered = true;
    }

    /** Whether the status changed since it was last written; clears the mark. */
    boolean takeChanged() {
        boolean was = changed;
        changed = false;
        return was;
    }

    /** The status with the current count of what waits. */
    DeliveryStatus statusAsOf(Instant now) {
        if (status.pending() != waiting.size()) {
            status = new DeliveryStatus(subscriptionId, status.state(), status.delivered(), waiting.size(),
                    status.failingSince(), status.lastError(), status.lastDeliveredAt(), status.missedFrom(),
                    status.resumedUntil(), status.endReason(), status.endDescription(), now);
        }
        return status;
    }
}
