package dev.numberregistry.streams.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The trail's wire format, which auditors read with any Kafka tool for as long as it is kept. */
class AuditRecordSerdeTest {

    private static final Instant AT = Instant.parse("2030-04-02T10:00:00Z");

    @Test
    void aRecordIsTheJsonTheReadmeShows() {
        AuditRecord record = new AuditRecord(AT, "bank-a", "POST /number-recycling/v0.2/check", List.of("+14155552671"),
                200, "{\"phoneNumberRecycled\":true}", "abc-1");

        String json = new String(AuditRecordSerde.toJson(record), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("""
                {"v":1,"at":"2030-04-02T10:00:00Z","client":"bank-a","operation":"POST /number-recycling/v0.2/check",\
                "numbers":["+14155552671"],"status":200,"answer":{"phoneNumberRecycled":true},"correlator":"abc-1"}""");
        assertThat(AuditRecordSerde.fromJson(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(record);
    }

    @Test
    void withoutAnswerOrCorrelatorTheFieldsAreLeftOut() {
        AuditRecord record = new AuditRecord(AT, "bank-a", "DELETE /number-recycling/v0.2/subscriptions/{id}", List.of(),
                204, null, null);

        String json = new String(AuditRecordSerde.toJson(record), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("answer", "correlator");
        assertThat(AuditRecordSerde.fromJson(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(record);
    }

    @Test
    void aReaderIgnoresFieldsALaterVersionAdds() {
        String later = """
                {"v":1,"at":"2030-04-02T10:00:00Z","client":"bank-a","operation":"POST /sim-swap/v2/check",\
                "numbers":[],"status":400,"region":"eu"}""";

        assertThat(AuditRecordSerde.fromJson(later.getBytes(StandardCharsets.UTF_8)).operation())
                .isEqualTo("POST /sim-swap/v2/check");
    }

    @Test
    void whatIsNotAnAuditRecordIsSaidToBeSo() {
        assertThatThrownBy(() -> AuditRecordSerde.fromJson("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not an audit record");
        assertThatThrownBy(() -> AuditRecordSerde.fromJson("{\"at\":\"yesterday\",\"client\":\"a\",\"operation\":\"b\",\"status\":1}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(SerializationException.class);
    }
}
