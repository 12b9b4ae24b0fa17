package dev.numberregistry.streams.serde;

import org.apache.avro.Schema;

/**
 * Under which subject of the schema registry a topic's value schema is registered: Confluent's
 * three strategies, by the names Confluent's clients give them.
 */
public enum SubjectNaming {
    /** {@code <topic>-value}: Confluent's default, one schema per topic. */
    TOPIC_NAME,
    /** The record's full name, whatever the topic. */
    RECORD_NAME,
    /** {@code <topic>-<record's full name>}. */
    TOPIC_RECORD_NAME;

    public String subjectOf(String topic, Schema valueSchema) {
        return switch (this) {
            case TOPIC_NAME -> topic + "-value";
            case RECORD_NAME -> valueSchema.getFullName();
            case TOPIC_RECORD_NAME -> topic + "-" + valueSchema.getFullName();
        };
    }
}
