package dev.numberregistry.streams.subscription;

import dev.numberregistry.core.notification.NotificationKind;
import dev.numberregistry.core.subscription.Watch;
import dev.numberregistry.schema.NumberRecycleNotification;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sends a recycle notification to every subscription that watches its number and wants its kind,
 * keyed by the subscription. The watches of the number are one prefix scan of the store: the cost
 * of a notification grows with how many subscriptions watch its number, not with their lists.
 */
final class WatchlistMatcher implements Processor<String, NumberRecycleNotification, String, NumberRecycleNotification> {

    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private ProcessorContext<String, NumberRecycleNotification> context;
    private KeyValueStore<String, String> watches;

    @Override
    public void init(ProcessorContext<String, NumberRecycleNotification> context) {
        this.context = context;
        watches = context.getStateStore(SubscriptionTopology.WATCHLIST_STORE);
    }

    @Override
    public void process(Record<String, NumberRecycleNotification> record) {
        NumberRecycleNotification notification = record.value();
        if (notification == null) {
            return;
        }
        NotificationKind kind = NotificationKind.valueOf(notification.getKind().name());
        String prefix = WatchlistKey.prefixOf(notification.getNumber());
        try (KeyValueIterator<String, String> watching = watches.prefixScan(prefix, PREFIX_SERIALIZER)) {
            while (watching.hasNext()) {
                KeyValue<String, String> entry = watching.next();
                Watch watch = WatchCodec.decode(entry.value);
                if (watch.wants(kind, notification.getOccurredAt())) {
                    context.forward(record.withKey(entry.key.substring(prefix.length())));
                }
            }
        }
    }
}
