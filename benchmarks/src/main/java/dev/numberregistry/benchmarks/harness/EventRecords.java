package dev.numberregistry.benchmarks.harness;

import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.schema.SingleObjectCodec;
import dev.numberregistry.streams.codec.EventMapping;
import java.nio.charset.StandardCharsets;

/** An event as a record of number-events, as a carrier's systems write it: keyed by E.164, the single-object Avro event. */
public final class EventRecords {

    private static final SingleObjectCodec<dev.numberregistry.schema.NumberEvent> CODEC =
            SingleObjectCodec.forType(dev.numberregistry.schema.NumberEvent.class);

    private EventRecords() {
    }

    public static byte[] key(NumberEvent event) {
        return event.number().e164().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(NumberEvent event) {
        return CODEC.encode(EventMapping.toWire(event));
    }

    public static dev.numberregistry.schema.NumberEvent decode(byte[] value) {
        return CODEC.decode(value);
    }
}
