package dev.numberregistry.streams.errors;

import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.IntakeRejection;
import dev.numberregistry.streams.RecordAddress;
import dev.numberregistry.streams.codec.RejectionRecords;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * What the registry's Kafka Streams exception handlers share: where a failure is written as a
 * rejection (the rejected-events topic, so that nothing is lost without a trace), and which inputs
 * have failed already. One instance per running topology, handed to the handlers through the
 * Streams configuration ({@link #configure}), so that a replaced stream thread's handlers remember
 * what its predecessor's saw.
 */
public final class FailureHandling {

    static final String CONFIG_KEY = "registry.failure-handling";

    private final String rejectedTopic;
    private final Serializer<RejectedEvent> rejections;
    private final Clock clock;
    /** Enough for any burst of failing inputs; the oldest are forgotten, at worst failing once more. */
    private static final int REMEMBERED_FAILURES = 10_000;

    private final Map<String, Boolean> failedOnce = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_FAILURES;
                }
            });

    public FailureHandling(String rejectedTopic, Serializer<RejectedEvent> rejections, Clock clock) {
        this.rejectedTopic = rejectedTopic;
        this.rejections = rejections;
        this.clock = clock;
    }

    /** Registers the registry's handlers, and this instance for them, in Streams properties. */
    public void configure(Properties streamsProperties) {
        streamsProperties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                FailOnceProcessingHandler.class.getName());
        streamsProperties.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                RegistryProductionHandler.class.getName());
        streamsProperties.put(CONFIG_KEY, this);
    }

    static FailureHandling from(Map<String, ?> configs) {
        Object shared = configs.get(CONFIG_KEY);
        if (!(shared instanceof FailureHandling handling)) {
            throw new IllegalStateException(CONFIG_KEY + " is not set: use FailureHandling.configure");
        }
        return handling;
    }

    /** True the first time an input fails in this way, false every time after. */
    boolean isFirstFailure(String input) {
        return failedOnce.put(input, Boolean.TRUE) == null;
    }

    /** The rejection of the input a handler was called for, as a record for the rejected topic. */
    ProducerRecord<byte[], byte[]> rejection(ErrorHandlerContext context, String reason) {
        String origin = context.topic() == null ? "registry " + context.processorNodeId() + " (task " + context.taskId()
                + ")" : new RecordAddress(context.topic(), context.partition(), context.offset()).text();
        RejectedEvent rejection = RejectionRecords.of(IntakeRejection.PROCESSING_ERROR.name(), reason, null, null,
                null, origin, context.sourceRawKey(), context.sourceRawValue(), clock.instant());
        String key = RejectionRecords.keyOf(rejection,
                context.sourceRawKey() == null ? null : new String(context.sourceRawKey(), StandardCharsets.UTF_8));
        return new ProducerRecord<>(rejectedTopic, null, context.timestamp() < 0 ? null : context.timestamp(),
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), rejections.serialize(rejectedTopic, rejection));
    }
}
