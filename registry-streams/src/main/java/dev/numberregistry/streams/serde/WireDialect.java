package dev.numberregistry.streams.serde;

/** The two Avro dialects the registry speaks on its topics. */
public enum WireDialect {
    /** Avro single-object encoding: {@code C3 01}, the schema's 8-byte fingerprint, the body. No registry needed. */
    SINGLE_OBJECT,
    /** The Confluent wire format: {@code 00}, the schema's 4-byte id in a schema registry, the body. */
    CONFLUENT
}
