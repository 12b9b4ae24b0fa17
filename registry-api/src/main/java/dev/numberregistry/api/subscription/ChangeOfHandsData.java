package dev.numberregistry.api.subscription;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * The {@code data} of an event about a number: what the recycle notification says, never who
 * held or holds the number.
 *
 * @param quarantineEndsAt for a recycled number: when it may go to someone else
 * @param ageingPeriod     for a recycled number: the quarantine, an ISO-8601 duration
 */
@Serdeable
public record ChangeOfHandsData(String subscriptionId, String phoneNumber, Instant occurredAt,
                                @Nullable Instant quarantineEndsAt, @Nullable String ageingPeriod) {
}
