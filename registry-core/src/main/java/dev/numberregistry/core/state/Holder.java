package dev.numberregistry.core.state;

import java.time.Instant;

/**
 * The subscriber a number is assigned to.
 *
 * @param tenureStart      when this holder's assignment started
 * @param assignmentNumber 1 for the number's first holder, 2 for the next, and so on
 */
public record Holder(String subscriberRef, PlanType planType, Instant tenureStart, int assignmentNumber) {
}
