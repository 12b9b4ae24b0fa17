package dev.numberregistry.streams.subscription;

import dev.numberregistry.core.subscription.Watch;
import dev.numberregistry.schema.NumberState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sends a SIM change of a number to every subscription that watches the number for SIM changes,
 * once each. SIM changes are not recycle notifications: they are read from the numbers' states,
 * whose latest SIM change each subscription was last told of is kept per watch.
 */
final class SimChangeMatcher implements Processor<String, NumberState, String, String> {

    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> watches;
    private KeyValueStore<String, Long> told;

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        watches = context.getStateStore(SubscriptionTopology.WATCHLIST_STORE);
        told = context.getStateStore(SubscriptionTopology.SIM_CHANGES_TOLD_STORE);
    }

    @Override
    public void process(Record<String, NumberState> record) {
        NumberState state = record.value();
        if (state == null || state.getLastSimChangeAt() == null) {
            return;
        }
        Instant changedAt = state.getLastSimChangeAt();
        String prefix = WatchlistKey.prefixOf(state.getNumber());
        try (KeyValueIterator<String, String> watching = watches.prefixScan(prefix, PREFIX_SERIALIZER)) {
            while (watching.hasNext()) {
                KeyValue<String, String> entry = watching.next();
                Watch watch = WatchCodec.decode(entry.value);
                Long previous = told.get(entry.key);
                if (watch.wantsSimChange(changedAt, previous == null ? null : Instant.ofEpochMilli(previous))) {
                    told.put(entry.key, changedAt.toEpochMilli());
                    Record<String, String> delivery = record.withKey(entry.key.substring(prefix.length()))
                            .withValue(SimChange.encode(state.getNumber(), changedAt));
                    delivery.headers().add(SimChange.HEADER, SimChange.KIND.getBytes(StandardCharsets.UTF_8));
                    context.forward(delivery);
                }
            }
        }
    }
}
