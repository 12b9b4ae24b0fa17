package dev.numberregistry.api.query;

import dev.numberregistry.schema.NumberEvent;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.serde.RegistrySerdes;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * The internal query API between instances of the registry: each instance answers, from its own
 * stores only, for the numbers it owns, and never forwards. Its answers carry the stores' own
 * records in the registry's wire format (Avro single-object encoding, base64 in JSON), so that a
 * forwarded answer is exactly the local one, and an instance reads the answer of an instance
 * running an older or newer released schema.
 *
 * <p>An absent value is an answer ({@code state: null}: the owner never heard of the number), never
 * a 404. Every answer carries the header {@link #ANSWERED_BY}: a 200 without it is not an internal
 * answer (some other server at that address) and is not trusted.
 */
public final class InternalApi {

    /** The header on every internal answer: the address of the instance that gave it. */
    public static final String ANSWERED_BY = "X-Registry-Answered-By";
    /** Every internal path starts with it. */
    public static final String PREFIX = "/internal";

    private static final RegistrySerdes SERDES = RegistrySerdes.singleObjectAvro();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

    private InternalApi() {
    }

    /** A number's state as the owner keeps it; null if it has none. */
    @Serdeable
    public record StateAnswer(String state) {
        public static StateAnswer of(NumberState state) {
            return new StateAnswer(encode(SERDES.states(), state));
        }

        NumberState decoded() {
            return decode(SERDES.states(), state);
        }
    }

    /** A number's applied events, oldest first. */
    @Serdeable
    public record HistoryAnswer(List<String> events) {
        public HistoryAnswer {
            events = orEmpty(events);
        }

        public static HistoryAnswer of(List<NumberEvent> events) {
            return new HistoryAnswer(encodeAll(SERDES.events(), events));
        }

        List<NumberEvent> decoded() {
            return decodeAll(SERDES.events(), events);
        }
    }

    /** A number's refused events, oldest first. */
    @Serdeable
    public record RejectionsAnswer(List<String> rejections) {
        public RejectionsAnswer {
            rejections = orEmpty(rejections);
        }

        public static RejectionsAnswer of(List<RejectedEvent> rejections) {
            return new RejectionsAnswer(encodeAll(SERDES.rejections(), rejections));
        }

        List<RejectedEvent> decoded() {
            return decodeAll(SERDES.rejections(), rejections);
        }
    }

    /** What became of a record of the log: {@code processed} false while the owner has not processed it. */
    @Serdeable
    public record OutcomeAnswer(boolean processed, boolean applied, String code, String reason) {
        public static OutcomeAnswer of(Optional<EventOutcome> outcome) {
            return outcome.map(o -> new OutcomeAnswer(true, o.applied(), o.code(), o.reason()))
                    .orElse(new OutcomeAnswer(false, false, null, null));
        }

        Optional<EventOutcome> decoded() {
            return processed ? Optional.of(new EventOutcome(applied, code, reason))
                    : Optional.empty();
        }
    }

    /** One instance's first coming deadlines, from the partitions it owns (all listed). */
    @Serdeable
    public record DeadlinesAnswer(List<Integer> partitions, List<UpcomingDeadlines.Upcoming> items) {
        public DeadlinesAnswer {
            partitions = orEmpty(partitions);
            items = orEmpty(items);
        }
    }

    /** JSON leaves empty lists out: they come back as null. */
    private static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }

    private static <T> String encode(Serde<T> serde, T value) {
        return value == null ? null : BASE64.encodeToString(serde.serializer().serialize(null, value));
    }

    private static <T> T decode(Serde<T> serde, String value) {
        return value == null ? null : serde.deserializer().deserialize(null, BASE64_DECODER.decode(value));
    }

    private static <T> List<String> encodeAll(Serde<T> serde, List<T> values) {
        return values.stream().map(value -> encode(serde, value)).toList();
    }

    private static <T> List<T> decodeAll(Serde<T> serde, List<String> values) {
        return values.stream().map(value -> decode(serde, value)).toList();
    }
}
