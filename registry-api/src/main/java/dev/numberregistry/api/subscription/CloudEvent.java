package dev.numberregistry.api.subscription;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A CloudEvent 1.0 in the structured JSON mode, as CAMARA's subscriptions send them: the event's
 * attributes and its {@code data} in one JSON document of type
 * {@code application/cloudevents+json}.
 *
 * @param id     stable for the change it tells of: a sink that is sent it twice deduplicates on it
 *               (with {@code source}, which names the subscription)
 * @param source the subscription the event was sent for
 */
@Serdeable
public record CloudEvent<T>(String id, String source, String type, String specversion, String datacontenttype,
                            Instant time, T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String MEDIA_TYPE = "application/cloudevents+json";

    static <T> CloudEvent<T> of(String id, String subscriptionId, String type, Instant time, T data) {
        return new CloudEvent<>(id, sourceOf(subscriptionId), type, SPEC_VERSION, "application/json", time, data);
    }

    /** The subscription as a URI reference, the path it is read and deleted at. */
    public static String sourceOf(String subscriptionId) {
        return "/number-recycling/v0.2/subscriptions/" + subscriptionId;
    }
}
