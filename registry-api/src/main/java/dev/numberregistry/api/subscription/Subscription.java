package dev.numberregistry.api.subscription;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * A push subscription as the subscriptions topic keeps it. Never changed once made, but for its
 * deletion, which is kept (not a tombstone) so that a delivery still on its way can tell a deleted
 * subscription from one this instance has not read yet.
 *
 * @param owner      the token {@code sub} of the client that made it: the only one who sees it
 * @param types      the CloudEvent types it asked for
 * @param expiresAt  when it ends on its own, if ever
 * @param maxEvents  how many events it ends after, if any
 */
@Serdeable
public record Subscription(String id, String owner, String sink, @Nullable SinkCredential sinkCredential,
                           List<EventType> types, @Nullable Instant expiresAt, @Nullable Integer maxEvents,
                           Instant createdAt, @Nullable Instant deletedAt) {

    public boolean deleted() {
        return deletedAt != null;
    }

    public Subscription deletedAt(Instant when) {
        return new Subscription(id, owner, sink, sinkCredential, types, expiresAt, maxEvents, createdAt, when);
    }
}
