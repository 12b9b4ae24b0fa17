package dev.numberregistry.api.query;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The internal query API between instances of the registry: each instance answers, from its own
 * stores only, for the numbers it owns, and never forwards. A number's records in a store
 * ({@link NumberRecords}) are asked at {@code /internal/stores/{store}/numbers/{number}}, and come
 * back as the stores' own records in the registry's wire format (Avro single-object encoding,
 * base64 in JSON), so that a forwarded answer is exactly the local one, and an instance reads the
 * answer of an instance running an older or newer released schema.
 *
 * <p>The numbers of a batch that another instance owns are asked of it at once, with their
 * store: {@code POST /internal/stores/{store}/numbers} with a {@link NumbersQuestion}, answered
 * with a {@link RecordsOfEachAnswer}.
 *
 * <p>An absent value is an answer (no records: the owner never heard of the number), never a 404.
 * Every answer carries the header {@link #ANSWERED_BY}: a 200 without it is not an internal answer
 * (some other server at that address) and is not trusted.
 */
public final class InternalApi {

    /** The header on every internal answer: the address of the instance that gave it. */
    public static final String ANSWERED_BY = "X-Registry-Answered-By";
    /** Every internal path starts with it. */
    public static final String PREFIX = "/internal";
    /** The most numbers one {@link NumbersQuestion} may hold: a CAMARA batch's most. */
    public static final int MAX_NUMBERS_ASKED = 1000;

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

    private InternalApi() {
    }

    /** A number's records in one store, in the store's order; none if it has none there. */
    @Serdeable
    public record RecordsAnswer(List<String> records) {
        public RecordsAnswer {
            records = orEmpty(records);
        }

        static <R> RecordsAnswer of(NumberRecords<R> kind, List<R> records) {
            Serializer<R> serializer = kind.serde().serializer();
            return new RecordsAnswer(records.stream()
                    .map(record -> BASE64.encodeToString(serializer.serialize(null, record))).toList());
        }

        <R> List<R> decoded(NumberRecords<R> kind) {
            Deserializer<R> deserializer = kind.serde().deserializer();
            return records.stream().map(record -> deserializer.deserialize(null, BASE64_DECODER.decode(record)))
                    .toList();
        }
    }

    /**
     * The numbers whose records in one store an instance is asked for at once, at
     * {@code POST /internal/stores/{store}/numbers}: a batch's numbers that instance owns, at most
     * {@link #MAX_NUMBERS_ASKED}.
     */
    @Serdeable
    public record NumbersQuestion(List<String> numbers) {
        public NumbersQuestion {
            numbers = orEmpty(numbers);
        }
    }

    /** The records of each number of a {@link NumbersQuestion}, in the order the numbers were asked. */
    @Serdeable
    public record RecordsOfEachAnswer(List<RecordsAnswer> answers) {
        public RecordsOfEachAnswer {
            answers = orEmpty(answers);
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

    /** One instance's count of ends per day, from the partitions it owns (all listed). */
    @Serdeable
    public record DuePerDayAnswer(List<Integer> partitions, List<UpcomingDeadlines.DayCount> days,
                                  @Nullable Instant completeUntil) {
        public DuePerDayAnswer {
            partitions = orEmpty(partitions);
            days = orEmpty(days);
        }
    }

    /** An instance of a build before empty lists were sent as [] leaves them out: they come back as null. */
    private static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }
}
