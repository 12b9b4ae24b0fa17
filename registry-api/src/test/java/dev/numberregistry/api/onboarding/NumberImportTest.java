package dev.numberregistry.api.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A carrier onboards its existing numbers with the import tool, into a running registry on a real broker. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NumberImportTest implements EmbeddedRegistryTestProperties {

    private static final Instant AS_OF = Instant.parse("2026-11-30T00:00:00Z");

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    KafkaClientProperties kafka;

    @TempDir
    Path directory;

    /** What a run printed, and how it ended. */
    private record Run(int status, String output) {
    }

    private Run importFile(Path file) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        NumberImport.Settings settings = new NumberImport.Settings(file,
                (String) kafka.common().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG), "onboarding", AS_OF,
                null, "number-registry", "number-events", "number-events-rejected", true);
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            int status = new NumberImport(settings, out, out, false).run();
            return new Run(status, output.toString(StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> state(String number) {
        return http.toBlocking().retrieve(HttpRequest.GET("/numbers/" + number), Map.class);
    }

    private static String csvLine(String number, String status, String holderTenure) {
        return number + "," + status + ",2015-01-01T00:00:00Z,sub-" + number.substring(number.length() - 3)
                + ",POSTPAID," + holderTenure;
    }

    @Test
    void aCsvFileIsImportedAndEveryRefusedLineIsNamedWithItsReason() throws Exception {
        Path file = directory.resolve("base.csv");
        Files.write(file, List.of(
                "number,status,coveredFrom,holder.subscriberRef,holder.planType,holder.tenureStart",
                csvLine("+14155550201", "ACTIVE", "2015-03-01T00:00:00Z"),
                csvLine("+14155550202", "ACTIVE", "2016-03-01T00:00:00Z"),
                "+1415555,ACTIVE,2015-01-01T00:00:00Z,sub-x,POSTPAID,2015-03-01T00:00:00Z",
                csvLine("+14155550204", "IN_GRACE", "2017-03-01T00:00:00Z"),
                "+14155550205,ACTIVE,2015-01-01T00:00:00Z,sub-205,POSTPAID",
                csvLine("+14155550206", "ACTIVE", "2027-01-01T00:00:00Z"),
                csvLine("+1 415 555 0201", "ACTIVE", "2015-03-01T00:00:00Z")));

        Run run = importFile(file);

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.output()).contains("Imported: 2\n", "Refused: 5\n",
                "line 4: '+1415555' is not a valid phone number",
                "line 5: a number that is IN_GRACE needs graceEndsAt",
                "line 6: the row has 5 cells and the header 6 columns",
                "line 7: holder.tenureStart 2027-01-01T00:00:00Z is after occurredAt " + AS_OF,
                "line 8: +14155550201 is also on line 2, which was imported: one line a number");
        assertThat(state("+14155550201")).containsEntry("status", "ACTIVE")
                .containsEntry("coveredFrom", "2015-01-01T00:00:00Z");
        assertThat((Map<String, Object>) state("+14155550202").get("holder"))
                .containsEntry("tenureStart", "2016-03-01T00:00:00Z");
        assertThat(Files.readAllLines(directory.resolve("base.csv.import-refused.tsv")))
                .extracting(line -> line.split("\t")[0]).containsExactly("4", "5", "6", "7", "8");
        assertThat(directory.resolve("base.csv.import-progress")).as("a finished run leaves no checkpoint")
                .doesNotExist();
    }

    @Test
    void aRerunAddsNothingTwiceAndSaysWhatWasThereAlready() throws Exception {
        Path file = directory.resolve("again.jsonl");
        Files.write(file, List.of(
                jsonLine("+14155550301"),
                jsonLine("+14155550302")));
        http.toBlocking().exchange(HttpRequest.POST("/events?await=true", """
                {"eventId":"a-303","number":"+14155550303","type":"NumberAssigned","occurredAt":"2026-11-01T00:00:00Z",
                 "source":"billing","subscriberRef":"sub-303","planType":"PREPAID"}"""));
        Files.writeString(file, jsonLine("+14155550303") + "\n", java.nio.file.StandardOpenOption.APPEND);

        Run first = importFile(file);
        Run second = importFile(file);

        assertThat(first.status()).isEqualTo(0);
        assertThat(first.output()).contains("Imported: 2\n",
                "Already there: 1 (imported before: 0; registered through their own events: 1)");
        assertThat(second.output()).contains("Imported: 0\n",
                "Already there: 3 (imported before: 2; registered through their own events: 1)");
        assertThat(state("+14155550301")).containsEntry("appliedEvents", 1);
        assertThat(state("+14155550303")).containsEntry("lastEventId", "a-303");
    }

    @Test
    void aRunStoppedAfterItsLastCheckpointResumesThereAndAddsNothingTwice() throws Exception {
        Path file = directory.resolve("resumed.jsonl");
        List<String> lines = List.of(jsonLine("+14155550401"), jsonLine("+14155550402"), jsonLine("+14155550403"),
                jsonLine("+14155550404"));
        Files.write(file, lines);
        // The stopped run: it wrote the first three lines, but its last checkpoint was after line 1.
        Path written = directory.resolve("written-before-the-stop.jsonl");
        Files.write(written, lines.subList(0, 3));
        assertThat(importFile(written).status()).isZero();
        long afterLine1 = lines.get(0).getBytes(StandardCharsets.UTF_8).length + 1;
        new ImportCheckpoint(Files.size(file), AS_OF, null, 1, afterLine1, 1, 0, Map.of(), Map.of(), Map.of(), false)
                .write(ImportCheckpoint.pathFor(file));

        Run resumed = importFile(file);

        assertThat(resumed.output()).contains("after line 1", "In the log: 4 numbers",
                "Imported: 2\n", "Already there: 2 (imported before: 2;");
        assertThat(state("+14155550404")).containsEntry("appliedEvents", 1);
        assertThat(state("+14155550402")).containsEntry("appliedEvents", 1);
    }

    private static String jsonLine(String number) {
        return """
                {"number":"%s","status":"ACTIVE","coveredFrom":"2018-01-01T00:00:00Z",\
                "holder":{"subscriberRef":"sub-1","planType":"PREPAID","tenureStart":"2018-01-01T00:00:00Z"},\
                "validUntil":"2027-01-01T00:00:00Z"}""".formatted(number);
    }
}
