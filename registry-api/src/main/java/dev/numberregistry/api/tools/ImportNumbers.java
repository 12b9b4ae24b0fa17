package dev.numberregistry.api.tools;

import dev.numberregistry.api.onboarding.ImportFailedException;
import dev.numberregistry.api.onboarding.NumberImport;
import dev.numberregistry.api.onboarding.NumberImport.Settings;
import dev.numberregistry.api.schemaregistry.SchemaRegistrySettings;
import dev.numberregistry.api.schemaregistry.WireFormats;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.serde.SubjectNaming;
import dev.numberregistry.streams.serde.WireDialect;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Onboards a carrier's existing numbers: {@code java -cp number-registry.jar
 * dev.numberregistry.api.tools.ImportNumbers numbers.csv}. See "Onboarding an existing base" in
 * the README for the file's columns and the steps.
 */
@Command(name = "import-numbers", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes one NumberImported event per line of FILE (JSON lines, or CSV with a header when the "
                + "name ends in .csv) to the registry's event log, waits until the registry has applied them, and "
                + "reports what was imported, what was already there and what was refused, with line numbers.",
                "A rerun, or a run resumed after a stop, adds nothing twice."})
public final class ImportNumbers implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The numbers, one a line.")
    Path file;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:${env:REGISTRY_KAFKA_EMBEDDED_PORT:-9092}",
            description = "The registry's Kafka cluster (default: ${DEFAULT-VALUE}, the embedded broker, on the port "
                    + "REGISTRY_KAFKA_EMBEDDED_PORT names if set).")
    String bootstrapServers;

    @Option(names = "--covered-from", description = "Coverage date of lines that give none (ISO-8601, "
            + "e.g. 2015-01-01T00:00:00Z): from when your records of those numbers are complete.")
    Instant coveredFrom;

    @Option(names = "--as-of", description = "When the file's truth was taken, for lines that give no "
            + "occurredAt (default: now).")
    Instant asOf;

    @Option(names = "--source", defaultValue = "onboarding",
            description = "The sending system named in the events (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--application-id", defaultValue = "number-registry",
            description = "The registry's registry.streams.application-id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--events-topic", defaultValue = "number-events", description = "Default: ${DEFAULT-VALUE}.")
    String eventsTopic;

    @Option(names = "--rejected-topic", defaultValue = "number-events-rejected",
            description = "Default: ${DEFAULT-VALUE}.")
    String rejectedTopic;

    @Option(names = "--schema-registry-url", description = "The Schema Registry of the registry's "
            + "registry.schema-registry.url, when it has one: the import then reads the registry's topics in either "
            + "Avro dialect.")
    URI schemaRegistryUrl;

    @Option(names = "--write-dialect", defaultValue = "SINGLE_OBJECT", description = "How the events are written: "
            + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; CONFLUENT needs --schema-registry-url).")
    WireDialect writeDialect;

    @Option(names = "--subject-naming", defaultValue = "TOPIC_NAME", description = "The subjects' naming, as the "
            + "registry's registry.schema-registry.subject-naming: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SubjectNaming subjectNaming;

    @Option(names = "--schema-registry-client", paramLabel = "NAME=VALUE", description = "A Schema Registry client "
            + "setting by Confluent's name, as registry.schema-registry.client.* (basic.auth.credentials.source, "
            + "basic.auth.user.info, schema.registry.ssl.truststore.location, ...); repeat for each.")
    Map<String, String> schemaRegistryClient = new HashMap<>();

    @Option(names = "--no-wait", description = "Stop once the file is in the log, without waiting for the "
            + "registry's outcomes.")
    boolean noWait;

    private ImportNumbers() {
    }

    /** @return 0 every line imported or already there, 2 some lines refused, 1 the import could not go on */
    @Override
    public Integer call() throws InterruptedException {
        for (Instant option : new Instant[] {asOf, coveredFrom}) {
            if (option != null && option.getNano() % 1_000_000 != 0) {
                System.err.println("--as-of and --covered-from are kept to the millisecond; " + option + " is finer");
                return 1;
            }
        }
        Settings settings = new Settings(file, bootstrapServers, source,
                asOf != null ? asOf : Instant.now().truncatedTo(ChronoUnit.MILLIS), coveredFrom, applicationId,
                eventsTopic, rejectedTopic, !noWait);
        try {
            RegistrySerdes serdes = WireFormats.forImport(schemaRegistrySettings(), eventsTopic,
                    JsonMapper.createDefault());
            return new NumberImport(settings, serdes, System.out, System.err, System.console() != null).run();
        } catch (ConfigurationException e) {
            System.err.println("The import cannot start: " + e.getMessage());
            return 1;
        } catch (ImportFailedException | IOException e) {
            System.err.println("The import stopped: " + e.getMessage());
            return 1;
        }
    }

    private SchemaRegistrySettings schemaRegistrySettings() {
        SchemaRegistrySettings schemaRegistry = new SchemaRegistrySettings();
        schemaRegistry.setUrl(schemaRegistryUrl);
        schemaRegistry.setWriteDialect(writeDialect);
        schemaRegistry.setSubjectNaming(subjectNaming);
        schemaRegistry.setClient(schemaRegistryClient);
        return schemaRegistry;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ImportNumbers()).execute(args));
    }
}
