package dev.numberregistry.api.subscription;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * The {@code data} of a SIM change event, as CAMARA SIM Swap's "swapped" event has it: the number
 * and when it moved to its new SIM.
 */
@Serdeable
public record SimSwapData(String subscriptionId, String phoneNumber, Instant latestSimChange) {
}
