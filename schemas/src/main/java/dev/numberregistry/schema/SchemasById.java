package dev.numberregistry.schema;

import org.apache.avro.Schema;

/**
 * Where the Confluent wire format's schema ids are resolved: a Confluent-compatible schema
 * registry, or anything that answers as one. Ids never change meaning, so an answer may be kept
 * for ever.
 */
public interface SchemasById {

    /**
     * The schema registered under {@code id}.
     *
     * @throws UndecodableRecordException when the registry answers that no schema has that id
     * @throws SchemaSourceUnavailableException when it cannot be asked now
     */
    Schema schemaOf(int id);
}
