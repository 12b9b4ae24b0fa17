package dev.numberregistry.streams.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.schema.NotificationKind;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Given watches, when a notification comes, then exactly the subscriptions that want it are sent it. */
class SubscriptionTopologyTest {

    private static final SubscriptionTopics TOPICS = new SubscriptionTopics("registry-watchlist", "registry-deliveries");
    private static final String NOTIFICATIONS = "number-recycle-notifications";
    private static final String NUMBER = "+14155552671";

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> watchlist;
    private TestInputTopic<String, NumberRecycleNotification> notifications;
    private TestOutputTopic<String, NumberRecycleNotification> deliveries;

    @BeforeEach
    void start() {
        RegistrySerdes serdes = RegistrySerdes.STORES;
        Topology topology = SubscriptionTopology.addTo(new Topology(), TOPICS, NOTIFICATIONS,
                serdes.notifications().deserializer(), serdes.notifications().serializer());
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "subscription-topology-test");
        driver = new TopologyTestDriver(topology, properties);
        watchlist = driver.createInputTopic(TOPICS.watchlist(), new StringSerializer(), new StringSerializer());
        notifications = driver.createInputTopic(NOTIFICATIONS, new StringSerializer(),
                serdes.notifications().serializer());
        deliveries = driver.createOutputTopic(TOPICS.deliveries(), new StringDeserializer(),
                serdes.notifications().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void everySubscriptionWatchingTheNumberForTheKindIsSentTheNotification() {
        givenWatch(NUMBER, "bank-a", "2030-01-01;RECYCLED,REASSIGNED");
        givenWatch(NUMBER, "bank-b", "2030-01-01;RECYCLED");
        givenWatch(NUMBER, "bank-c", "2030-01-01;CANCELLED");

        NumberRecycleNotification recycled = whenNotified(NUMBER, NotificationKind.RECYCLED, "2030-03-01T00:00:00Z");

        assertThat(deliveries.readKeyValuesToList()).containsExactly(
                KeyValue.pair("bank-a", recycled), KeyValue.pair("bank-b", recycled));
    }

    @Test
    void aNumberWhosePrefixIsWatchedIsNotMistakenForIt() {
        givenWatch("+1415555267", "bank-a", "2030-01-01;RECYCLED");
        givenWatch("+141555526712", "bank-b", "2030-01-01;RECYCLED");

        whenNotified(NUMBER, NotificationKind.RECYCLED, "2030-03-01T00:00:00Z");

        assertThat(deliveries.isEmpty()).isTrue();
    }

    @Test
    void aChangeBeforeTheDayTheBankVerifiedTheNumberIsNotSent() {
        givenWatch(NUMBER, "bank-a", "2030-03-02;RECYCLED");

        whenNotified(NUMBER, NotificationKind.RECYCLED, "2030-03-01T23:00:00Z");

        assertThat(deliveries.isEmpty()).isTrue();
    }

    @Test
    void aWatchTakenAwayIsNoLongerMatched() {
        givenWatch(NUMBER, "bank-a", "2030-01-01;RECYCLED");
        givenWatch(NUMBER, "bank-b", "2030-01-01;RECYCLED");
        watchlist.pipeInput(new WatchlistKey(NUMBER, "bank-a").encoded(), (String) null);

        NumberRecycleNotification recycled = whenNotified(NUMBER, NotificationKind.RECYCLED, "2030-03-01T00:00:00Z");

        assertThat(deliveries.readKeyValuesToList()).containsExactly(KeyValue.pair("bank-b", recycled));
    }

    @Test
    void aRecordThatIsNoWatchIsLeftOutAndTheOthersStillMatch() {
        watchlist.pipeInput("no-separator", "2030-01-01;RECYCLED");
        watchlist.pipeInput(new WatchlistKey(NUMBER, "bank-x").encoded(), "yesterday;RECYCLED");
        givenWatch(NUMBER, "bank-a", "2030-01-01;RECYCLED");

        NumberRecycleNotification recycled = whenNotified(NUMBER, NotificationKind.RECYCLED, "2030-03-01T00:00:00Z");

        assertThat(deliveries.readKeyValuesToList()).containsExactly(KeyValue.pair("bank-a", recycled));
    }

    @Test
    void notificationsOfTheSameNumberReachASubscriptionInTheirOrder() {
        givenWatch(NUMBER, "bank-a", "2030-01-01;RECYCLED,RECYCLING_REVERSED");

        NumberRecycleNotification recycled = whenNotified(NUMBER, NotificationKind.RECYCLED, "2030-03-01T00:00:00Z");
        NumberRecycleNotification reversed = whenNotified(NUMBER, NotificationKind.RECYCLING_REVERSED,
                "2030-03-02T00:00:00Z");

        assertThat(deliveries.readValuesToList()).containsExactly(recycled, reversed);
    }

    private void givenWatch(String number, String subscription, String watch) {
        watchlist.pipeInput(new WatchlistKey(number, subscription).encoded(), watch);
    }

    private NumberRecycleNotification whenNotified(String number, NotificationKind kind, String at) {
        NumberRecycleNotification notification = new NumberRecycleNotification(kind + "-" + at, number, kind,
                Instant.parse(at), null, null);
        notifications.pipeInput(number, notification);
        return notification;
    }

    @Test
    void theSubTopologyKeepsItsNames() {
        String described = SubscriptionTopology.addTo(new Topology(), TOPICS, NOTIFICATIONS,
                RegistrySerdes.STORES.notifications().deserializer(),
                RegistrySerdes.STORES.notifications().serializer()).describe().toString();

        assertThat(described).contains("Source: watchlist-source (topics: [registry-watchlist])",
                "Processor: keep-watchlist (stores: [watchlist-store])",
                "Source: recycle-notifications-source (topics: [number-recycle-notifications])",
                "Processor: match-watchlists (stores: [watchlist-store])",
                "Sink: deliveries-sink (topic: registry-deliveries)");
        assertThat(List.of(SubscriptionTopology.WATCHLIST_STORE)).containsExactly("watchlist-store");
    }
}
