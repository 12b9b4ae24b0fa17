package dev.numberregistry.streams.serde;

import dev.numberregistry.schema.ConfluentCodec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes one wire type in the Confluent wire format, under the id the schema registry gives its
 * current schema in the topic's subject. The id is asked once per topic and kept: after that a
 * registry outage does not stop the writing (the registry's output topics are resolved at start,
 * see {@link RegistrySerdes#resolveSchemaId}).
 */
final class ConfluentSerializer<T extends SpecificRecordBase> implements Serializer<T> {

    private final ConfluentCodec<T> codec;
    private final SchemaRegistry registry;
    private final SubjectNaming naming;
    private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();

    ConfluentSerializer(ConfluentCodec<T> codec, SchemaRegistry registry, SubjectNaming naming) {
        this.codec = codec;
        this.registry = registry;
        this.naming = naming;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        return record == null ? null : codec.encode(record, schemaIdFor(topic));
    }

    int schemaIdFor(String topic) {
        Integer known = idByTopic.get(topic);
        if (known != null) {
            return known;
        }
        int id = registry.idOf(naming.subjectOf(topic, codec.currentSchema()), codec.currentSchema());
        idByTopic.put(topic, id);
        return id;
    }
}
