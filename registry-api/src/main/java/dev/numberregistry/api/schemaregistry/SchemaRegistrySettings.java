package dev.numberregistry.api.schemaregistry;

import dev.numberregistry.streams.serde.SubjectNaming;
import dev.numberregistry.streams.serde.WireDialect;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.convert.format.MapFormat;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Confluent-compatible schema registry the registry's topics may be written against: see
 * "Speaking the Confluent wire format" in the README. Without a URL the registry reads and writes
 * Avro single-object encoding only, and needs no schema registry.
 */
@ConfigurationProperties(SchemaRegistrySettings.PREFIX)
public class SchemaRegistrySettings {

    public static final String PREFIX = "registry.schema-registry";

    private URI url;
    private WireDialect writeDialect = WireDialect.SINGLE_OBJECT;
    private SubjectNaming subjectNaming = SubjectNaming.TOPIC_NAME;
    private boolean autoRegister = true;
    private Duration requestTimeout = Duration.ofSeconds(5);
    private Duration lookupPatience = Duration.ofSeconds(5);
    private Duration startupPatience = Duration.ofMinutes(2);
    private Map<String, String> client = new HashMap<>();

    /** The registry's base URL, e.g. {@code http://schema-registry:8081} or Apicurio's {@code .../apis/ccompat/v7}. */
    public Optional<URI> getUrl() {
        return Optional.ofNullable(url);
    }

    public void setUrl(URI url) {
        this.url = url;
    }

    /** The dialect of every record the registry writes to its topics; both are always read. */
    public WireDialect getWriteDialect() {
        return writeDialect;
    }

    public void setWriteDialect(WireDialect writeDialect) {
        this.writeDialect = writeDialect;
    }

    /** The subject of a topic's value schema: TOPIC_NAME ({@code <topic>-value}), RECORD_NAME or TOPIC_RECORD_NAME. */
    public SubjectNaming getSubjectNaming() {
        return subjectNaming;
    }

    public void setSubjectNaming(SubjectNaming subjectNaming) {
        this.subjectNaming = subjectNaming;
    }

    /** Register the registry's schemas at start; {@code false} only checks that they are registered. */
    public boolean isAutoRegister() {
        return autoRegister;
    }

    public void setAutoRegister(boolean autoRegister) {
        this.autoRegister = autoRegister;
    }

    /** How long one request to the schema registry may take. */
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /**
     * How long a record with a schema id not seen before waits for the schema registry, retrying,
     * before its stream thread gives up this try (the record is then tried again, never rejected
     * for the outage).
     */
    public Duration getLookupPatience() {
        return lookupPatience;
    }

    public void setLookupPatience(Duration lookupPatience) {
        this.lookupPatience = lookupPatience;
    }

    /** How long the start waits for the schema registry to answer for the registry's own schemas. */
    public Duration getStartupPatience() {
        return startupPatience;
    }

    public void setStartupPatience(Duration startupPatience) {
        this.startupPatience = startupPatience;
    }

    /**
     * The client's settings, by the names Confluent's clients give them: {@code basic.auth.credentials.source},
     * {@code basic.auth.user.info}, {@code schema.registry.ssl.truststore.location} and the rest of that family.
     */
    public Map<String, String> getClient() {
        return client;
    }

    public void setClient(@MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> client) {
        this.client = client;
    }
}
