package dev.numberregistry.api.query;

import dev.numberregistry.api.kafka.RunningStreams;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.streams.RegistryStores;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance of the registry owns a number: the one whose active task holds the number's
 * partition, named by the address it advertises ({@code application.server}). Every store of the
 * topology is partitioned by the number, so the number decides for all of them, also for the
 * stores keyed otherwise (the ledger of event ids).
 */
@Singleton
class KeyOwners {

    /** The stores' keys are the numbers in E.164 as UTF-8: the partitioner sees these bytes. */
    private static final StringSerializer KEY_SERIALIZER = new StringSerializer();

    private final RunningStreams running;

    KeyOwners(RunningStreams running) {
        this.running = running;
    }

    /** The owner of a number: its address, the number's partition, and whether it is this instance. */
    record Owner(HostInfo host, int partition, boolean local) {
    }

    /** @throws RegistryNotReadyException while the registry is not running or the owner is unknown (a rebalance) */
    Owner ownerOf(PhoneNumber number) {
        return ownerOf(RegistryStores.NUMBER_STATE, number.e164());
    }

    /**
     * The owner of a key of a store partitioned otherwise than by number (the audit trail's index
     * by client, say): the partition of the key in that store's own topic.
     *
     * @throws RegistryNotReadyException while the registry is not running or the owner is unknown (a rebalance)
     */
    Owner ownerOf(String store, String key) {
        RunningStreams.Started started = serving(running);
        KeyQueryMetadata metadata;
        try {
            metadata = started.streams().queryMetadataForKey(store, key, KEY_SERIALIZER);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new RegistryNotReadyException("the registry cannot tell who owns " + key + " right now: "
                    + e.getMessage(), e);
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata) || metadata.activeHost() == null
                || HostInfo.unavailable().equals(metadata.activeHost())) {
            throw new RegistryNotReadyException("no instance owns the partition of " + key
                    + " right now: the registry is rebalancing");
        }
        return new Owner(metadata.activeHost(), metadata.partition(), metadata.activeHost().equals(started.self()));
    }

    /**
     * The partition of a number this instance owns, for the internal endpoints, which answer only
     * for their own numbers and never forward.
     *
     * @throws RegistryNotReadyException if another instance owns it (the assignment moved since the caller looked)
     */
    int localPartitionOf(PhoneNumber number) {
        return localPartitionOf(RegistryStores.NUMBER_STATE, number.e164());
    }

    /** {@link #localPartitionOf(PhoneNumber)} for a key of a store partitioned otherwise than by number. */
    int localPartitionOf(String store, String key) {
        Owner owner = ownerOf(store, key);
        if (!owner.local()) {
            // Started, or ownerOf would have thrown; a topology never goes back to not started.
            HostInfo self = running.started().orElseThrow().self();
            throw new RegistryNotReadyException("this instance (" + self + ") does not own "
                    + key + ", " + owner.host() + " does: the assignment moved, ask again");
        }
        return owner.partition();
    }

    /** The event log's partitions each instance owns as active task, by instance; instances that own none are left out. */
    static Map<HostInfo, SortedSet<Integer>> assignment(KafkaStreams streams, String eventsTopic) {
        Map<HostInfo, SortedSet<Integer>> assignment = new HashMap<>();
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            for (TopicPartition partition : instance.topicPartitions()) {
                if (partition.topic().equals(eventsTopic)) {
                    assignment.computeIfAbsent(instance.hostInfo(), host -> new TreeSet<>()).add(partition.partition());
                }
            }
        }
        return assignment;
    }

    /** @throws RegistryNotReadyException unless the topology is RUNNING (not starting, rebalancing, stopping) */
    static RunningStreams.Started serving(RunningStreams running) {
        RunningStreams.Started started = running.started().orElseThrow(() ->
                new RegistryNotReadyException("the registry is starting: its topology is not running yet"));
        KafkaStreams.State state = started.streams().state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new RegistryNotReadyException("the registry is " + state + ", not yet serving queries");
        }
        return started;
    }
}
