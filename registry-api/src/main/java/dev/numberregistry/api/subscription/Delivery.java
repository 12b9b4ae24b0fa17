package dev.numberregistry.api.subscription;

/**
 * One CloudEvent on its way to a sink.
 *
 * @param offset  where it lies in the deliveries topic: the partition's commit stays below it
 *                until the sink has it
 * @param number  the number it tells of, null for the event that ends the subscription; two
 *                deliveries of a number are never under way at once, so they arrive in order
 */
record Delivery(long offset, String number, String eventId, byte[] body, boolean ends) {
}
