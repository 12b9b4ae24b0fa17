package dev.numberregistry.api.schemaregistry;

import dev.numberregistry.schema.SchemaSourceUnavailableException;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.serde.WireDialect;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.json.JsonMapper;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the registry's topics are written and read, for the application and for the import tool:
 * see "Speaking the Confluent wire format" in the README.
 */
public final class WireFormats {

    private static final Logger LOG = LoggerFactory.getLogger(WireFormats.class);

    private WireFormats() {
    }

    /**
     * The application's serdes: single-object without a schema registry; with one, both dialects
     * read and the configured one written, the ids of the schemas of every topic it writes
     * resolved before this returns.
     *
     * @throws ConfigurationException naming what is wrong, when the settings or the schema
     *     registry's answers do not allow a start
     */
    public static RegistrySerdes forSettings(SchemaRegistrySettings settings, RegistryTopics topics, JsonMapper json) {
        RegistrySerdes serdes = unresolved(settings, json);
        resolveAtStart(settings.getStartupPatience(), () -> {
            RegistrySerdes.resolveSchemaId(serdes.events(), topics.events());
            RegistrySerdes.resolveSchemaId(serdes.states(), topics.states());
            RegistrySerdes.resolveSchemaId(serdes.rejections(), topics.rejected());
            RegistrySerdes.resolveSchemaId(serdes.reminders(), topics.reminders());
            RegistrySerdes.resolveSchemaId(serdes.notifications(), topics.notifications());
        });
        return serdes;
    }

    /**
     * The import tool's serdes: as the application's, but it writes events only, so only the
     * event topic's schema is registered or looked up (not the schemas of topics it never writes,
     * under names it does not know).
     */
    public static RegistrySerdes forImport(SchemaRegistrySettings settings, String eventsTopic, JsonMapper json) {
        RegistrySerdes serdes = unresolved(settings, json);
        resolveAtStart(settings.getStartupPatience(), () -> RegistrySerdes.resolveSchemaId(serdes.events(), eventsTopic));
        return serdes;
    }

    private static RegistrySerdes unresolved(SchemaRegistrySettings settings, JsonMapper json) {
        if (settings.getUrl().isEmpty()) {
            if (settings.getWriteDialect() == WireDialect.CONFLUENT) {
                throw new ConfigurationException(SchemaRegistrySettings.PREFIX + ".write-dialect is CONFLUENT, which "
                        + "needs a schema registry: set " + SchemaRegistrySettings.PREFIX + ".url");
            }
            return RegistrySerdes.singleObjectAvro();
        }
        try {
            return RegistrySerdes.writing(settings.getWriteDialect(), new ConfluentRegistryClient(settings, json),
                    settings.getSubjectNaming());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    /** Waits out a schema registry that is still starting; a refusal (incompatible, not registered) stops the start at once. */
    private static void resolveAtStart(Duration patience, Runnable resolution) {
        long giveUpAt = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                resolution.run();
                return;
            } catch (SchemaSourceUnavailableException e) {
                if (System.nanoTime() > giveUpAt) {
                    throw new ConfigurationException("The schema registry did not answer for the registry's schemas within "
                            + patience + " (" + SchemaRegistrySettings.PREFIX + ".startup-patience): " + e.getMessage(), e);
                }
                LOG.warn("Waiting for the schema registry: {}", e.getMessage());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            } catch (IllegalStateException e) {
                throw new ConfigurationException(e.getMessage(), e);
            }
        }
    }
}
