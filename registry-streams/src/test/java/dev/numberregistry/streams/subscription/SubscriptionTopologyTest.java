package dev.numberregistry.streams.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.schema.NotificationKind;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.schema.NumberState;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Given watches, when a notification comes, then exactly the subscriptions that want it are sent it. */
class SubscriptionTopologyTest {

    private static final SubscriptionTopics TOPICS = new SubscriptionTopics("registry-watchlist", "registry-deliveries");
    private static final String NOTIFICATIONS = "number-recycle-notifications";
    private static final String STATES = "number-state";
    private static final String NUMBER = "+14155552671";

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> watchlist;
    private TestInputTopic<String, NumberRecycleNotification> notifications;
    private TestOutputTopic<String, NumberRecycleNotification> deliveries;
    private TestInputTopic<String, NumberState> states;
    private TestOutputTopic<String, String> simChanges;

    @BeforeEach
    void start() {
        RegistrySerdes serdes = RegistrySerdes.STORES;
        Topology topology = SubscriptionTopology.addTo(new Topology(), TOPICS, NOTIFICATIONS,
                serdes.notifications().deserializer(), STATES, serdes.states().deserializer(),
                serdes.notifications().serializer());
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "subscription-topology-test");
        driver = new TopologyTestDriver(topology, properties);
        watchlist = driver.createInputTopic(TOPICS.watchlist(), new StringSerializer(), new StringSerializer());
        notifications = driver.createInputTopic(NOTIFICATIONS, new StringSerializer(),
                serdes.notifications().serializer());
        deliveries = driver.createOutputTopic(TOPICS.deliveries(), new StringDeserializer(),
                serdes.notifications().deserializer());
        states = driver.createInputTopic(STATES, new StringSerializer(), serdes.states().serializer());
        simChanges = driver.createOutputTopic(TOPICS.deliveries(), new StringDeserializer(), new StringDeserializer());
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
    void aDeletedSubscriptionsWatchesAreAllTakenAway() {
        String other = "+14155552672";
        givenWatch(NUMBER, "bank-a", "2030-01-01;RECYCLED");
        givenWatch(other, "bank-a", "2030-01-01;RECYCLED,SIM_CHANGED");
        givenWatch(NUMBER, "bank-b", "2030-01-01;RECYCLED");
        givenWatch(other, "bank-ab", "2030-01-01;RECYCLED");

        watchlist.pipeInput(WatchlistKey.deletionOf("bank-a"), "");
        NumberRecycleNotification first = whenNotified(NUMBER, NotificationKind.RECYCLED, "2030-03-01T00:00:00Z");
        NumberRecycleNotification second = whenNotified(other, NotificationKind.RECYCLED, "2030-03-01T00:00:00Z");

        assertThat(deliveries.readKeyValuesToList()).containsExactly(KeyValue.pair("bank-b", first),
                KeyValue.pair("bank-ab", second));
        KeyValueStore<String, String> store = driver.getKeyValueStore(SubscriptionTopology.WATCHLIST_STORE);
        assertThat(store.get(new WatchlistKey(other, "bank-a").encoded())).isNull();
        assertThat(store.get(new WatchlistKey(other, "bank-ab").encoded())).isNotNull();
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
                RegistrySerdes.STORES.notifications().deserializer(), STATES, RegistrySerdes.STORES.states().deserializer(),
                RegistrySerdes.STORES.notifications().serializer()).describe().toString();

        assertThat(described).contains("Source: watchlist-source (topics: [registry-watchlist])",
                "Processor: keep-watchlist (stores: [sim-changes-told-store, watchlist-store])",
                "Source: number-state-source (topics: [number-state])",
                "Processor: match-sim-changes (stores: [sim-changes-told-store, watchlist-store])",
                "Sink: sim-change-deliveries-sink (topic: registry-deliveries)",
                "Source: recycle-notifications-source (topics: [number-recycle-notifications])",
                "Processor: match-watchlists (stores: [watchlist-store])",
                "Sink: deliveries-sink (topic: registry-deliveries)");
        assertThat(List.of(SubscriptionTopology.WATCHLIST_STORE, SubscriptionTopology.SIM_CHANGES_TOLD_STORE))
                .containsExactly("watchlist-store", "sim-changes-told-store");
    }

    @Test
    void aSimChangeOfAWatchedNumberIsSentOnceToTheSubscriptionsThatAskedForSimChanges() {
        givenWatch(NUMBER, "bank-sims", "2030-01-01;RECYCLED,SIM_CHANGED");
        givenWatch(NUMBER, "bank-hands", "2030-01-01;RECYCLED");

        whenStateHasSimChange(NUMBER, "2030-03-01T00:00:00Z");
        whenStateHasSimChange(NUMBER, "2030-03-01T00:00:00Z");
        whenStateHasSimChange(NUMBER, "2030-04-01T00:00:00Z");

        List<org.apache.kafka.streams.test.TestRecord<String, String>> sent = simChanges.readRecordsToList();
        assertThat(sent).extracting(r -> r.key() + " " + r.value()).containsExactly(
                "bank-sims " + NUMBER + " 2030-03-01T00:00:00Z", "bank-sims " + NUMBER + " 2030-04-01T00:00:00Z");
        assertThat(sent).allSatisfy(r -> assertThat(new String(r.headers().lastHeader(SimChange.HEADER).value()))
                .isEqualTo(SimChange.KIND));
    }

    @Test
    void aSimChangeBeforeTheVerificationDayIsNotSentAndAWatchTakenAwayForgetsWhatItWasTold() {
        givenWatch(NUMBER, "bank-sims", "2030-03-02;SIM_CHANGED");
        whenStateHasSimChange(NUMBER, "2030-03-01T00:00:00Z");
        assertThat(simChanges.isEmpty()).isTrue();

        whenStateHasSimChange(NUMBER, "2030-03-05T00:00:00Z");
        watchlist.pipeInput(new WatchlistKey(NUMBER, "bank-sims").encoded(), (String) null);
        givenWatch(NUMBER, "bank-sims", "2030-03-02;SIM_CHANGED");
        whenStateHasSimChange(NUMBER, "2030-03-05T00:00:00Z");

        assertThat(simChanges.readValuesToList()).containsExactly(NUMBER + " 2030-03-05T00:00:00Z",
                NUMBER + " 2030-03-05T00:00:00Z");
    }

    private void whenStateHasSimChange(String number, String at) {
        states.pipeInput(number, NumberState.newBuilder().setNumber(number)
                .setStatus(dev.numberregistry.schema.NumberStatus.ACTIVE).setLastSimChangeAt(Instant.parse(at))
                .setAppliedEvents(1).setLastEventId("e").setLastEventAt(Instant.parse(at)).build());
    }
}
