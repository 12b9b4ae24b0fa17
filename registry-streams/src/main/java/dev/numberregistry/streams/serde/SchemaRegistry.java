package dev.numberregistry.streams.serde;

import dev.numberregistry.schema.SchemaSourceUnavailableException;
import dev.numberregistry.schema.SchemasById;
import org.apache.avro.Schema;

/** A Confluent-compatible schema registry, as the Confluent wire format needs one. */
public interface SchemaRegistry extends SchemasById {

    /**
     * The id of {@code schema} under {@code subject}: registered there if it is not yet and this
     * registry may register, else looked up.
     *
     * @throws IllegalStateException when it is not registered and may not be, or the registry
     *     refuses it (an incompatible change)
     * @throws SchemaSourceUnavailableException when the registry cannot be asked now
     */
    int idOf(String subject, Schema schema);
}
