package dev.numberregistry.api.query;

import dev.numberregistry.api.kafka.RunningStreams;
import dev.numberregistry.streams.audit.AuditStores;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Reads the audit trail's indexes ({@link AuditStores}) wherever they are kept, as
 * {@link NumberQueries} reads a number's records: from this instance's stores when it owns the key
 * (a client in the index by client, a number in the index by number), else from the instance that
 * does, over its internal endpoint, which never forwards further. While nobody can answer for sure
 * it throws {@link RegistryNotReadyException}: 503 with Retry-After.
 *
 * <p>The records come as the trail keeps them (JSON text, see AuditRecordSerde), oldest first.
 */
@Singleton
public class AuditQueries {

    private final KeyOwners owners;
    private final RunningStreams running;
    private final PeerClient peers;

    AuditQueries(KeyOwners owners, RunningStreams running, PeerClient peers) {
        this.owners = owners;
        this.running = running;
        this.peers = peers;
    }

    /**
     * A page of the records of a key in one index, answered from {@code from} to {@code to} (both
     * included), oldest first: the first {@code skip} left out, at most {@code limit}.
     *
     * @param store {@link AuditStores#BY_CLIENT} or {@link AuditStores#BY_NUMBER}
     */
    public List<String> records(String store, String key, Instant from, Instant to, int skip, int limit) {
        KeyOwners.Owner owner = owners.ownerOf(store, key);
        return owner.local()
                ? local(store, key, owner.partition(), from, to, skip, limit)
                : peers.auditRecords(owner.host(), store, key, from, to, skip, limit).records();
    }

    /**
     * The internal endpoint's answer to {@link #records}: from this instance's stores only.
     *
     * @throws RegistryNotReadyException if another instance owns the key (the assignment moved since the caller
     *                                   looked): the internal endpoints never forward
     */
    public InternalApi.RecordsAnswer recordsAsOwner(String store, String key, Instant from, Instant to, int skip,
                                                    int limit) {
        return new InternalApi.RecordsAnswer(local(store, key, owners.localPartitionOf(store, key), from, to, skip,
                limit));
    }

    /** Whether the name is one of the trail's indexes: the internal endpoint answers for no other store. */
    public static boolean isIndex(String store) {
        return AuditStores.BY_CLIENT.equals(store) || AuditStores.BY_NUMBER.equals(store);
    }

    private List<String> local(String store, String key, int partition, Instant from, Instant to, int skip, int limit) {
        KafkaStreams streams = KeyOwners.serving(running).streams();
        try {
            ReadOnlyWindowStore<String, byte[]> index = streams.store(StoreQueryParameters
                    .fromNameAndType(store, QueryableStoreTypes.<String, byte[]>windowStore()).withPartition(partition));
            return AuditStores.page(index, key, from, to, skip, limit).stream()
                    .map(json -> new String(json, StandardCharsets.UTF_8)).toList();
        } catch (InvalidStateStoreException e) {
            throw LocalStores.notReady(e);
        }
    }
}
