package dev.numberregistry.streams;

import dev.numberregistry.schema.NumberReminder;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The reminders each number was sent, so that ops can see them beside its history (the reminders
 * topic has them all, but in no order a number can be read by). Kept under
 * {@link RegistryStores#numberKey} with the time the reminder was due, oldest first: a reminder
 * sent again (a replay) lands on its own key. Only the latest {@value #KEPT} a number: a number
 * topped up every month for twenty years would otherwise pile up hundreds.
 */
final class SentReminders {

    static final int KEPT = 50;
    private static final StringSerializer KEY_SERIALIZER = new StringSerializer();

    private final KeyValueStore<String, NumberReminder> store;

    SentReminders(KeyValueStore<String, NumberReminder> store) {
        this.store = store;
    }

    void sent(NumberReminder reminder) {
        String number = reminder.getNumber();
        store.put(RegistryStores.numberKey(number, reminder.getRemindAt().toEpochMilli()), reminder);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, NumberReminder> kept =
                     store.prefixScan(RegistryStores.numberPrefix(number), KEY_SERIALIZER)) {
            kept.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.subList(0, Math.max(0, keys.size() - KEPT)).forEach(store::delete);
    }
}
