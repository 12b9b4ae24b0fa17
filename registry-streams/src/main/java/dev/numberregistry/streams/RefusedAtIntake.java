package dev.numberregistry.streams;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An event the registry's HTTP intake refused, about a valid number: written to the event log,
 * keyed by the number, in the same transaction as the request's accepted events, so that the
 * number's own task keeps it with the number's other rejections and passes it on to the rejected
 * topic (see LifecycleEventProcessor), and the log stays the whole story of what was sent, a
 * rebuild included. Its value is the refusal, a {@code RejectedEvent} in single-object encoding,
 * not an event: the header marks it, and a reader of the log other than the registry skips it.
 */
public final class RefusedAtIntake {

    public static final String HEADER = "registry-refused-at-intake";

    private RefusedAtIntake() {
    }

    /** The record of the refusal, keyed by its number: the producer's default partitioner puts it where the number is. */
    public static ProducerRecord<String, byte[]> record(String eventsTopic, String e164, byte[] encodedRefusal) {
        return new ProducerRecord<>(eventsTopic, null, e164, encodedRefusal, markedHeaders());
    }

    static boolean isMarked(Headers headers) {
        return headers != null && headers.lastHeader(HEADER) != null;
    }

    static Headers markedHeaders() {
        return new RecordHeaders().add(HEADER, new byte[0]);
    }
}
