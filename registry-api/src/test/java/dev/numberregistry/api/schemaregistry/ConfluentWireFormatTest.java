package dev.numberregistry.api.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import dev.numberregistry.api.kafka.StreamThreadFailures;
import dev.numberregistry.api.onboarding.NumberImport;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.schema.ReleasedSchemas;
import dev.numberregistry.streams.IntakeRejection;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.serde.WireDialect;
import dev.numberregistry.streams.testing.TopicReader;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.DataOutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A carrier on the Confluent wire format, against a real Confluent-compatible schema registry
 * (Apicurio Registry, a process of its own): its billing writes events as Confluent's serializers
 * do (00, the schema id the schema registry gave, the Avro body) with a non-Java client (kcat);
 * its consumers read the registry's topics with a plain Avro reader and the schema fetched by id.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfluentWireFormatTest implements EmbeddedRegistryTestProperties {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String EVENTS_SUBJECT = RegistryTopics.DEFAULT.events() + "-value";

    private ApicurioRegistry schemaRegistry;

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    KafkaClientProperties kafka;

    @Inject
    StreamThreadFailures failures;

    @Inject
    RegistrySerdes serdes;

    @Inject
    JsonMapper json;

    @TempDir
    Path files;

    @Override
    public Map<String, String> moreProperties() {
        try {
            schemaRegistry = ApicurioRegistry.start(Files.createTempDirectory("apicurio-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "registry.schema-registry.url", schemaRegistry.url().toString(),
                "registry.schema-registry.write-dialect", "CONFLUENT",
                "registry.schema-registry.lookup-patience", "1s",
                "registry.schema-registry.request-timeout", "2s");
    }

    @AfterAll
    void stopSchemaRegistry() {
        schemaRegistry.close();
    }

    @Test
    void confluentEventsInStatesAndNotificationsOutInConfluentFormat() throws Exception {
        PhoneNumber number = PhoneNumber.parse("+14155550401");
        int id = register(EVENTS_SUBJECT, dev.numberregistry.schema.NumberEvent.getClassSchema());

        kcat(number, confluent(id, event("cf-1", number, 0, assigned("sub-cf"))),
                confluent(id, event("cf-2", number, 1, new EventPayload.CancellationRequested())),
                confluent(id, event("cf-3", number, 2, new EventPayload.CancellationCompleted())));

        List<GenericRecord> states = readWithPlainAvro(RegistryTopics.DEFAULT.states(), number, 3);
        assertThat(states.get(0).get("status").toString()).isEqualTo("ACTIVE");
        assertThat(states.get(2).get("status").toString()).isEqualTo("CANCELLED");
        assertThat(states).extracting(state -> state.get("lastEventId").toString())
                .containsExactly("cf-1", "cf-2", "cf-3");
        assertThat(readWithPlainAvro(RegistryTopics.DEFAULT.notifications(), number, 1))
                .singleElement().satisfies(notification -> {
                    assertThat(notification.get("kind").toString()).isEqualTo("CANCELLED");
                    assertThat(notification.get("number").toString()).isEqualTo(number.e164());
                });
        assertThat(numberState(number)).containsEntry("status", "CANCELLED").containsEntry("appliedEvents", 3);
    }

    @Test
    void aNodeProducerAndConsumerWithTheirOwnConfluentLibrariesNeedNoAdapter() throws Exception {
        String number = "+14155550407";

        List<String> states = NodeConfluentClient.produceAndRead(bootstrapServers(), schemaRegistry.url().toString(),
                number);

        assertThat(states).hasSize(2);
        Map<String, Object> assigned = json.readValue(states.get(0), Argument.mapOf(String.class, Object.class));
        Map<String, Object> simChanged = json.readValue(states.get(1), Argument.mapOf(String.class, Object.class));
        assertThat(assigned).containsEntry("status", "ACTIVE").containsEntry("lastEventId", "node-1");
        assertThat(simChanged).containsEntry("lastEventId", "node-2");
        assertThat(((Number) simChanged.get("lastSimChangeAt")).longValue())
                .isEqualTo(Instant.parse("2030-01-02T00:00:00Z").toEpochMilli());
        assertThat(((Number) simChanged.get("appliedEvents")).intValue()).isEqualTo(2);
        assertThat(historyIds(PhoneNumber.parse(number))).containsExactly("node-1", "node-2");
    }

    @Test
    void aProducerSwitchingDialectMidStreamIsAppliedInOrder() throws Exception {
        PhoneNumber number = PhoneNumber.parse("+14155550402");
        int id = register(EVENTS_SUBJECT, dev.numberregistry.schema.NumberEvent.getClassSchema());

        kcat(number, singleObject(event("sw-1", number, 0, assigned("sub-sw"))),
                confluent(id, event("sw-2", number, 1, new EventPayload.SimChanged("eSIM"))),
                singleObject(event("sw-3", number, 2, new EventPayload.SimChanged("eSIM again"))));

        Awaitility.await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> ((Number) numberState(number).get("appliedEvents")).intValue() == 3);
        assertThat(historyIds(number)).containsExactly("sw-1", "sw-2", "sw-3");
    }

    @Test
    void aRecordInNeitherDialectOrWithAnUnknownSchemaIdIsRejectedWithTheReason() throws Exception {
        PhoneNumber neither = PhoneNumber.parse("+14155550403");
        PhoneNumber unknownId = PhoneNumber.parse("+14155550404");

        kcat(neither, Files.write(files.resolve("neither.bin"), new byte[] {0x7B, 0x22, 0x65, 0x76, 0x22}));
        kcat(unknownId, confluent(987_654, event("unknown-id", unknownId, 0, assigned("sub-x"))));

        assertThat(rejectionOf(neither)).satisfies(rejection -> {
            assertThat(rejection.getReasonCode()).isEqualTo(IntakeRejection.UNDECODABLE.name());
            assertThat(rejection.getReason()).contains("either Avro dialect").contains("starts 7B 22 65 76");
        });
        assertThat(rejectionOf(unknownId)).satisfies(rejection -> {
            assertThat(rejection.getReasonCode()).isEqualTo(IntakeRejection.UNDECODABLE.name());
            assertThat(rejection.getReason()).contains("schema id 987654").contains("has no schema with that id");
        });
    }

    @Test
    void whileTheSchemaRegistryIsDownKnownSchemasWorkAndANewOneWaitsUntilItIsBack() throws Exception {
        PhoneNumber known = PhoneNumber.parse("+14155550405");
        PhoneNumber waiting = PhoneNumber.parse("+14155550406");
        int knownId = register(EVENTS_SUBJECT, dev.numberregistry.schema.NumberEvent.getClassSchema());
        kcat(known, confluent(knownId, event("known-1", known, 0, assigned("sub-k"))));
        Awaitility.await().atMost(PATIENCE).ignoreExceptions().dontCatchUncaughtExceptions()
                .until(() -> ((Number) numberState(known).get("appliedEvents")).intValue() == 1);
        // A producer still on the first released schema: its own id, which the registry has not met yet.
        Schema firstRelease = ReleasedSchemas.of(dev.numberregistry.schema.NumberEvent.class).get(0);
        int newId = register(EVENTS_SUBJECT, firstRelease);
        assertThat(newId).isNotEqualTo(knownId);

        schemaRegistry.stop();
        try {
            kcat(known, confluent(knownId, event("known-2", known, 1, new EventPayload.SimChanged("eSIM"))));
            Awaitility.await().atMost(PATIENCE).ignoreExceptions().dontCatchUncaughtExceptions()
                    .until(() -> ((Number) numberState(known).get("appliedEvents")).intValue() == 2);

            long failedBefore = failures.count();
            kcat(waiting, confluent(newId, firstRelease, event("waiting-1", waiting, 0, assigned("sub-w"))));
            Awaitility.await("the stream thread failing on the unknown schema id, and trying again")
                    .atMost(PATIENCE).dontCatchUncaughtExceptions().until(() -> failures.count() >= failedBefore + 2);
            assertThat(failures.lastSince(Instant.EPOCH)).get().extracting(StreamThreadFailures.Failure::error)
                    .asString().contains("schema registry").contains("could not be reached");
        } finally {
            schemaRegistry.startAgain();
        }

        Awaitility.await().atMost(PATIENCE).ignoreExceptions().dontCatchUncaughtExceptions()
                .until(() -> ((Number) numberState(waiting).get("appliedEvents")).intValue() == 1);
        assertThat(historyIds(waiting)).containsExactly("waiting-1");
        assertThat(TopicReader.readAtLeast(bootstrapServers(), RegistryTopics.DEFAULT.rejected(),
                serdes.rejections().deserializer(), 0)).extracting(RejectedEvent::getNumber)
                .as("nothing rejected for the outage").doesNotContain(known.e164(), waiting.e164());
    }

    @Test
    void anIncompatibleSchemaIsRefusedByTheSchemaRegistrysCompatibilityCheck() throws Exception {
        String subject = RegistryTopics.DEFAULT.states() + "-value";
        HttpResponse<String> config = schemaRegistry.send("PUT", "config/" + subject, "{\"compatibility\":\"BACKWARD\"}");
        assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
        Schema current = NumberState.getClassSchema();
        Schema withNewRequiredField = withField(current, "contractRef");

        HttpResponse<String> refused = schemaRegistry.send("POST", "subjects/" + subject + "/versions",
                schemaBody(withNewRequiredField));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);

        ConfluentRegistryClient client = new ConfluentRegistryClient(settingsFor(schemaRegistry), json);
        assertThatThrownBy(() -> client.idOf(subject, withNewRequiredField))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused registering dev.numberregistry.schema.NumberState under subject " + subject)
                .hasMessageContaining("incompatible");
        assertThat(client.idOf(subject, current)).as("the registry's own schema, already registered there")
                .isEqualTo(register(subject, current));
    }

    @Test
    void theImportToolWritesTheConfluentFormatAndReadsTheRegistrysOutcomesInIt() throws Exception {
        Path file = files.resolve("base.jsonl");
        Files.write(file, List.of(importLine("+14155550408"), importLine("+14155550409")));
        SchemaRegistrySettings settings = settingsFor(schemaRegistry);
        settings.setWriteDialect(WireDialect.CONFLUENT);
        RegistrySerdes asTheRegistryWrites = WireFormats.forImport(settings, RegistryTopics.DEFAULT.events(), json);

        String first = importFile(file, asTheRegistryWrites);
        String second = importFile(file, asTheRegistryWrites);

        assertThat(first).contains("Imported: 2\n");
        assertThat(second).as("told from the registry's rejections, written in the Confluent format")
                .contains("Imported: 0\n", "Already there: 2 (imported before: 2; registered through their own events: 0)");
        assertThat(TopicReader.readAtLeast(bootstrapServers(), RegistryTopics.DEFAULT.events(),
                new ByteArrayDeserializer(), "+14155550408", 2)).as("both runs' events, in the Confluent format")
                .allSatisfy(value -> assertThat(value[0]).isZero());
        assertThat(numberState(PhoneNumber.parse("+14155550409"))).containsEntry("status", "ACTIVE")
                .containsEntry("appliedEvents", 1);
    }

    // --- the carrier's side -------------------------------------------------------------------

    /** As Confluent's serializer writes a record: 00, the schema id big-endian, the Avro binary body. */
    private Path confluent(int schemaId, NumberEvent event) throws Exception {
        return confluent(schemaId, dev.numberregistry.schema.NumberEvent.getClassSchema(), event);
    }

    /** The same, by a producer whose schema is {@code writer}: the event as that schema holds it. */
    private Path confluent(int schemaId, Schema writer, NumberEvent event) throws Exception {
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        BinaryEncoder currentBody = EncoderFactory.get().binaryEncoder(current, null);
        new SpecificDatumWriter<>(dev.numberregistry.schema.NumberEvent.class).write(EventMapping.toWire(event), currentBody);
        currentBody.flush();
        GenericRecord asWritten = new GenericDatumReader<GenericRecord>(
                dev.numberregistry.schema.NumberEvent.getClassSchema(), writer)
                .read(null, DecoderFactory.get().binaryDecoder(current.toByteArray(), null));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(bytes);
        header.writeByte(0);
        header.writeInt(schemaId);
        BinaryEncoder body = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(writer).write(asWritten, body);
        body.flush();
        return Files.write(files.resolve(event.eventId() + ".confluent"), bytes.toByteArray());
    }

    private Path singleObject(NumberEvent event) throws Exception {
        byte[] value = RegistrySerdes.singleObjectAvro().events().serializer()
                .serialize(RegistryTopics.DEFAULT.events(), EventMapping.toWire(event));
        return Files.write(files.resolve(event.eventId() + ".avro"), value);
    }

    private int register(String subject, Schema schema) throws Exception {
        HttpResponse<String> response = schemaRegistry.send("POST", "subjects/" + subject + "/versions",
                schemaBody(schema));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ((Number) json.readValue(response.body(), Map.class).get("id")).intValue();
    }

    private String schemaBody(Schema schema) throws Exception {
        return json.writeValueAsString(Map.of("schema", schema.toString()));
    }

    /** Each file one record, in order, keyed by the number, partitioned as Java clients do. */
    private void kcat(PhoneNumber number, Path... records) throws Exception {
        List<String> command = new ArrayList<>(List.of("kcat", "-P", "-b", bootstrapServers(),
                "-t", RegistryTopics.DEFAULT.events(), "-k", number.e164(),
                "-X", "enable.idempotence=true", "-X", "partitioner=murmur2_random"));
        for (Path record : records) {
            command.add(record.toString());
        }
        Process kcat = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        assertThat(kcat.exitValue()).as(new String(kcat.getInputStream().readAllBytes())).isZero();
    }

    /** What a run of the import tool printed. */
    private String importFile(Path file, RegistrySerdes serdes) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        NumberImport.Settings settings = new NumberImport.Settings(file, bootstrapServers(), "onboarding",
                Instant.parse("2026-11-30T00:00:00Z"), null, "number-registry", RegistryTopics.DEFAULT.events(),
                RegistryTopics.DEFAULT.rejected(), true);
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new NumberImport(settings, serdes, out, out, false).run();
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    private static String importLine(String number) {
        return """
                {"number":"%s","status":"ACTIVE","coveredFrom":"2018-01-01T00:00:00Z",\
                "holder":{"subscriberRef":"sub-1","planType":"PREPAID","tenureStart":"2018-01-01T00:00:00Z"},\
                "validUntil":"2027-01-01T00:00:00Z"}""".formatted(number);
    }

    // --- the consumers' side ------------------------------------------------------------------

    /** The number's records on the topic, each read with the schema its id names, fetched from the schema registry. */
    private List<GenericRecord> readWithPlainAvro(String topic, PhoneNumber number, int atLeast) throws Exception {
        List<GenericRecord> records = new ArrayList<>();
        for (byte[] value : TopicReader.readAtLeast(bootstrapServers(), topic, new ByteArrayDeserializer(),
                number.e164(), atLeast)) {
            assertThat(value[0]).as("the Confluent magic byte").isZero();
            int id = ((value[1] & 0xFF) << 24) | ((value[2] & 0xFF) << 16) | ((value[3] & 0xFF) << 8) | (value[4] & 0xFF);
            HttpResponse<String> response = schemaRegistry.send("GET", "schemas/ids/" + id, null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            Schema writer = new Schema.Parser().parse((String) json.readValue(response.body(), Map.class).get("schema"));
            records.add(new GenericDatumReader<GenericRecord>(writer)
                    .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null)));
        }
        return records;
    }

    private RejectedEvent rejectionOf(PhoneNumber number) {
        return TopicReader.readAtLeast(bootstrapServers(), RegistryTopics.DEFAULT.rejected(),
                serdes.rejections().deserializer(), number.e164(), 1).get(0);
    }

    private Map<String, Object> numberState(PhoneNumber number) {
        return http.toBlocking().retrieve(HttpRequest.GET("/numbers/" + number.e164().replace("+", "%2B")),
                Argument.mapOf(String.class, Object.class));
    }

    @SuppressWarnings("unchecked")
    private List<Object> historyIds(PhoneNumber number) {
        Map<String, Object> history = http.toBlocking().retrieve(HttpRequest.GET("/numbers/"
                + number.e164().replace("+", "%2B") + "/history"), Argument.mapOf(String.class, Object.class));
        return ((List<Map<String, Object>>) history.get("events")).stream().map(e -> e.get("eventId")).toList();
    }

    // --- fixtures -----------------------------------------------------------------------------

    private static NumberEvent event(String id, PhoneNumber number, int day, EventPayload payload) {
        Instant at = Instant.parse("2030-01-01T00:00:00Z").plus(Duration.ofDays(day));
        return new NumberEvent(id, number, at, at, "billing-c", payload);
    }

    private static EventPayload assigned(String subscriber) {
        return new EventPayload.NumberAssigned(subscriber, PlanType.POSTPAID, null);
    }

    /** The record with one more string field and no default: readers of the old schema cannot read old data with it. */
    @SuppressWarnings("unchecked")
    private Schema withField(Schema schema, String name) {
        Map<String, Object> parsed = parse(schema);
        List<Object> fields = new ArrayList<>((List<Object>) parsed.get("fields"));
        fields.add(Map.of("name", name, "type", "string"));
        parsed.put("fields", fields);
        return new Schema.Parser().parse(write(parsed));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(Schema schema) {
        try {
            return new LinkedHashMap<>(json.readValue(schema.toString(), Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Map<String, Object> schema) {
        try {
            return json.writeValueAsString(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SchemaRegistrySettings settingsFor(ApicurioRegistry registry) {
        SchemaRegistrySettings settings = new SchemaRegistrySettings();
        settings.setUrl(registry.url());
        return settings;
    }

    private String bootstrapServers() {
        return (String) kafka.common().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }
}
