package dev.numberregistry.streams.subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the watchlist store as the watchlist topic says: a watch put, or taken away by a tombstone,
 * or all of a subscription's taken away when it is deleted.
 * Only the registry writes that topic, and checks every watch before it does; a record that is no
 * watch is left out, with its key and why in the log, rather than stop the matching of everyone's.
 */
final class WatchlistKeeper implements Processor<String, String, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(WatchlistKeeper.class);

    private KeyValueStore<String, String> watches;
    private KeyValueStore<String, Long> simChangesTold;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        watches = context.getStateStore(SubscriptionTopology.WATCHLIST_STORE);
        simChangesTold = context.getStateStore(SubscriptionTopology.SIM_CHANGES_TOLD_STORE);
    }

    @Override
    public void process(Record<String, String> record) {
        Optional<String> deleted = WatchlistKey.deletedSubscription(record.key());
        if (deleted.isPresent()) {
            forget(deleted.get());
            return;
        }
        try {
            WatchlistKey.parse(record.key());
            if (record.value() == null) {
                watches.delete(record.key());
                simChangesTold.delete(record.key());
            } else {
                WatchCodec.decode(record.value());
                watches.put(record.key(), record.value());
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Left out a watchlist record that is not a watch: {}", e.getMessage());
        }
    }

    /**
     * Takes away every watch of a deleted subscription in this partition, so that its numbers'
     * changes are no longer matched to it. The store is keyed by number first: the whole of this
     * task's part is read, once per deletion.
     */
    private void forget(String subscriptionId) {
        String suffix = "/" + subscriptionId;
        List<String> watchesOfIt = new ArrayList<>();
        try (KeyValueIterator<String, String> all = watches.all()) {
            while (all.hasNext()) {
                String key = all.next().key;
                if (key.endsWith(suffix)) {
                    watchesOfIt.add(key);
                }
            }
        }
        for (String key : watchesOfIt) {
            watches.delete(key);
            simChangesTold.delete(key);
        }
        LOG.info("Took away the {} watches of deleted subscription {} in this partition", watchesOfIt.size(),
                subscriptionId);
    }
}
