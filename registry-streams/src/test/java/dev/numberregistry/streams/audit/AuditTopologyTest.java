package dev.numberregistry.streams.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The audit trail's indexes: what lands on the trail is found by client and by number, for the retention. */
class AuditTopologyTest {

    private static final Duration RETENTION = Duration.ofDays(2);
    private static final Instant NOON = Instant.parse("2030-04-02T12:00:00Z");
    private static final String ALICE = "+14155552671";
    private static final String BOB = "+14155552672";

    private final TopologyTestDriver driver = new TopologyTestDriver(
            AuditTopology.addTo(new Topology(), new AuditLog("audit", "audit-by-number", RETENTION)), properties());
    private final TestInputTopic<String, byte[]> trail = driver.createInputTopic("audit", new StringSerializer(),
            new ByteArraySerializer());

    @AfterEach
    void close() {
        driver.close();
    }

    private static Properties properties() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "audit-topology-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return properties;
    }

    private void given(AuditRecord... records) {
        for (AuditRecord record : records) {
            trail.pipeInput(record.client(), AuditRecordSerde.toJson(record), record.at());
        }
    }

    private static AuditRecord check(String client, Instant at, String number, boolean recycled, String correlator) {
        return new AuditRecord(at, client, "POST /number-recycling/v0.2/check", List.of(number), 200,
                "{\"phoneNumberRecycled\":" + recycled + "}", correlator);
    }

    private List<AuditRecord> thenFound(String store, String key, Instant from, Instant to) {
        WindowStore<String, byte[]> index = driver.getWindowStore(store);
        return AuditStores.page(index, key, from, to, 0, 1000).stream().map(AuditRecordSerde::fromJson).toList();
    }

    private List<AuditRecord> thenFound(String store, String key) {
        return thenFound(store, key, NOON.minus(RETENTION), NOON.plus(RETENTION));
    }

    @Test
    void eachClientFindsItsOwnRequestsOldestFirst() {
        AuditRecord first = check("bank-a", NOON, ALICE, false, "a-1");
        AuditRecord other = check("bank-b", NOON.plusSeconds(1), ALICE, true, "b-1");
        AuditRecord second = check("bank-a", NOON.plusSeconds(2), BOB, true, null);

        given(first, other, second);

        assertThat(thenFound(AuditStores.BY_CLIENT, "bank-a")).containsExactly(first, second);
        assertThat(thenFound(AuditStores.BY_CLIENT, "bank-b")).containsExactly(other);
        assertThat(thenFound(AuditStores.BY_CLIENT, "bank-c")).isEmpty();
    }

    @Test
    void aNumberFindsWhoAskedAboutItAndWhatTheyWereTold() {
        AuditRecord fromA = check("bank-a", NOON, ALICE, false, "a-1");
        AuditRecord fromB = check("bank-b", NOON.plusSeconds(1), ALICE, true, "b-1");
        AuditRecord aboutBob = check("bank-a", NOON.plusSeconds(2), BOB, true, "a-2");

        given(fromA, fromB, aboutBob);

        assertThat(thenFound(AuditStores.BY_NUMBER, ALICE)).containsExactly(fromA, fromB);
        assertThat(thenFound(AuditStores.BY_NUMBER, BOB)).containsExactly(aboutBob);
    }

    @Test
    void aBatchIsFoundUnderEachOfItsNumbersWithThatNumbersResultOnly() {
        String answer = """
                {"results":[{"phoneNumber":"%s","specifiedDate":"2024-01-01","result":"NOT_RECYCLED"},\
                {"phoneNumber":"%s","specifiedDate":"2024-01-01","result":"RECYCLED"}]}""".formatted(ALICE, BOB);
        AuditRecord batch = new AuditRecord(NOON, "bank-a", "POST /number-recycling/v0.2/check-batch",
                List.of(ALICE, BOB), 200, answer, "batch-1");

        given(batch);

        assertThat(thenFound(AuditStores.BY_CLIENT, "bank-a")).containsExactly(batch);
        AuditRecord aboutBob = thenFound(AuditStores.BY_NUMBER, BOB).get(0);
        assertThat(aboutBob.numbers()).containsExactly(BOB);
        assertThat(aboutBob.answer()).isEqualTo("""
                {"results":[{"phoneNumber":"%s","specifiedDate":"2024-01-01","result":"RECYCLED"}]}""".formatted(BOB));
        assertThat(aboutBob.correlator()).isEqualTo("batch-1");
        assertThat(thenFound(AuditStores.BY_NUMBER, ALICE).get(0).answer()).contains("NOT_RECYCLED")
                .doesNotContain(BOB);
    }

    @Test
    void anErrorAnswerIsKeptWithItsCode() {
        AuditRecord refused = new AuditRecord(NOON, "bank-a", "POST /number-recycling/v0.2/check", List.of(ALICE),
                404, "{\"status\":404,\"code\":\"IDENTIFIER_NOT_FOUND\",\"message\":\"Phone number not found.\"}", "e-1");

        given(refused);

        assertThat(thenFound(AuditStores.BY_NUMBER, ALICE)).containsExactly(refused);
    }

    @Test
    void theSameQuestionTwiceInOneMillisecondIsKeptTwice() {
        AuditRecord once = check("bank-a", NOON, ALICE, false, "same-1");
        AuditRecord again = check("bank-a", NOON, ALICE, false, "same-2");

        given(once, again);

        assertThat(thenFound(AuditStores.BY_CLIENT, "bank-a")).containsExactly(once, again);
        assertThat(thenFound(AuditStores.BY_NUMBER, ALICE)).containsExactly(once, again);
    }

    @Test
    void aTimeRangeFindsWhatWasAnsweredWithinItBothEndsIncluded() {
        AuditRecord before = check("bank-a", NOON.minusMillis(1), ALICE, false, "1");
        AuditRecord atStart = check("bank-a", NOON, ALICE, false, "2");
        AuditRecord atEnd = check("bank-a", NOON.plusSeconds(60), ALICE, false, "3");
        AuditRecord after = check("bank-a", NOON.plusSeconds(60).plusMillis(1), ALICE, false, "4");

        given(before, atStart, atEnd, after);

        assertThat(thenFound(AuditStores.BY_CLIENT, "bank-a", NOON, NOON.plusSeconds(60))).containsExactly(atStart, atEnd);
        assertThat(thenFound(AuditStores.BY_NUMBER, ALICE, NOON, NOON.plusSeconds(60))).containsExactly(atStart, atEnd);
    }

    @Test
    void aPageSkipsWhatThePreviousPagesGave() {
        AuditRecord first = check("bank-a", NOON, ALICE, false, "1");
        AuditRecord second = check("bank-a", NOON, BOB, false, "2");
        AuditRecord third = check("bank-a", NOON.plusSeconds(1), ALICE, false, "3");
        given(first, second, third);

        WindowStore<String, byte[]> index = driver.getWindowStore(AuditStores.BY_CLIENT);
        List<AuditRecord> page = AuditStores.page(index, "bank-a", NOON, NOON.plusSeconds(1), 1, 1).stream()
                .map(AuditRecordSerde::fromJson).toList();

        assertThat(page).containsExactly(second);
    }

    @Test
    void pastTheRetentionARecordIsGoneFromBothIndexes() {
        AuditRecord old = check("bank-a", NOON, ALICE, false, "old");
        given(old);

        // Stream time moves on with later requests: a segment is dropped once it lies wholly past the retention.
        Instant later = NOON.plus(RETENTION.multipliedBy(2));
        given(check("bank-b", later, BOB, false, "new"));

        assertThat(thenFound(AuditStores.BY_CLIENT, "bank-a", NOON, NOON)).isEmpty();
        assertThat(thenFound(AuditStores.BY_NUMBER, ALICE, NOON, NOON)).isEmpty();
        assertThat(thenFound(AuditStores.BY_CLIENT, "bank-b", later, later)).hasSize(1);
    }

    @Test
    void aRecordThatIsNotAnAuditRecordStaysFoundByClientAndStopsNothing() {
        trail.pipeInput("intruder", "not json".getBytes(StandardCharsets.UTF_8), NOON);
        AuditRecord next = check("bank-a", NOON.plusSeconds(1), ALICE, false, "after");

        given(next);

        WindowStore<String, byte[]> byClient = driver.getWindowStore(AuditStores.BY_CLIENT);
        assertThat(AuditStores.page(byClient, "intruder", NOON, NOON, 0, 10)).hasSize(1);
        assertThat(thenFound(AuditStores.BY_NUMBER, ALICE)).containsExactly(next);
    }
}
