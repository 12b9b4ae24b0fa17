package dev.numberregistry.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.NumberStatus;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.RegistryStores;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one path of per-number queries, without a cluster: which records of a store are a number's,
 * and that they cross from the owner to the asker unchanged.
 */
class NumberRecordsTest {

    private static final PhoneNumber NUMBER = PhoneNumber.parse("+33612345678");
    /** Starts with {@link #NUMBER}'s digits: its records must never pass for the number's. */
    private static final String LONGER = "+336123456789";
    private static final PhoneNumber UNKNOWN = PhoneNumber.parse("+33612345679");

    @TempDir
    Path stateDir;

    @Test
    void aNumbersRecordsAreItsOwnInTheStoresOrder() {
        RejectedEvent first = rejection("first");
        RejectedEvent second = rejection("second");
        KeyValueStore<String, RejectedEvent> store = store(NumberRecords.REJECTIONS);
        store.put(RegistryStores.numberKey(NUMBER.e164(), 20), second);
        store.put(RegistryStores.numberKey(LONGER, 10), rejection("a longer number's"));
        store.put(RegistryStores.numberKey(NUMBER.e164(), 3), first);

        assertThat(NumberRecords.REJECTIONS.readFrom(store, NUMBER)).containsExactly(first, second);
        assertThat(NumberRecords.REJECTIONS.readFrom(store, UNKNOWN)).isEmpty();
        store.close();
    }

    @Test
    void aStateIsKeptUnderTheNumberItself() {
        // The store's serde first: it makes Avro trust the schemas' classes, which the builder's
        // defaults (an empty list of flags) need, whichever test of the run comes first.
        KeyValueStore<String, NumberState> store = store(NumberRecords.STATE);
        NumberState state = NumberState.newBuilder().setNumber(NUMBER.e164()).setStatus(NumberStatus.ACTIVE)
                .setAppliedEvents(1).setLastEventId("e-1").setLastEventAt(Instant.parse("2030-01-02T03:04:05Z"))
                .build();
        store.put(NUMBER.e164(), state);

        assertThat(NumberRecords.STATE.readFrom(store, NUMBER)).containsExactly(state);
        assertThat(NumberRecords.STATE.readFrom(store, UNKNOWN)).isEmpty();
        store.close();
    }

    @Test
    void theOwnersRecordsReachTheAskerUnchanged() throws IOException {
        List<RejectedEvent> records = List.of(rejection("first"), rejection("second"));
        JsonMapper json = JsonMapper.createDefault();

        byte[] sent = json.writeValueAsBytes(InternalApi.RecordsAnswer.of(NumberRecords.REJECTIONS, records));
        InternalApi.RecordsAnswer received = json.readValue(sent, InternalApi.RecordsAnswer.class);

        assertThat(received.decoded(NumberRecords.REJECTIONS)).isEqualTo(records);
    }

    @Test
    void theInternalEndpointKnowsEachPerNumberStoreByItsNameAndNoOther() {
        // Every constant, found as a newcomer adds one: one left out would answer only locally.
        List<NumberRecords<?>> kinds = Arrays.stream(NumberRecords.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == NumberRecords.class)
                .map(NumberRecordsTest::valueOf).toList();
        assertThat(kinds).hasSizeGreaterThanOrEqualTo(3);
        for (NumberRecords<?> kind : kinds) {
            assertThat(NumberRecords.inStore(kind.store())).as(kind.store()).containsSame(kind);
        }
        assertThat(NumberRecords.inStore(RegistryStores.APPLIED_EVENT_IDS)).isEmpty();
        assertThat(NumberRecords.inStore(RegistryStores.DEADLINES)).isEmpty();
    }

    private static NumberRecords<?> valueOf(Field field) {
        try {
            return (NumberRecords<?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private <R> KeyValueStore<String, R> store(NumberRecords<R> kind) {
        return InMemoryStores.keyValueStore(kind.store(), kind.serde(), stateDir);
    }

    private static RejectedEvent rejection(String reason) {
        return RejectedEvent.newBuilder().setReasonCode("NOT_SUSPENDED").setReason(reason)
                .setOrigin("number-events-0@1").setRejectedAt(Instant.parse("2030-01-02T03:04:05Z")).build();
    }
}
