package dev.numberregistry.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.schema.SchemaSourceUnavailableException;
import dev.numberregistry.streams.IntakeRejection;
import dev.numberregistry.streams.codec.RejectionRecords;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;

class FailureHandlersTest {

    private static final String REJECTED_TOPIC = "number-events-rejected";
    private static final RegistrySerdes SERDES = RegistrySerdes.singleObjectAvro();
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final TaskId TASK = new TaskId(0, 3);
    private static final byte[] KEY = "+14155552671".getBytes(StandardCharsets.UTF_8);

    private final FailureHandling handling = new FailureHandling(REJECTED_TOPIC, SERDES.rejections().serializer(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final Deserializer<RejectedEvent> rejections = SERDES.rejections().deserializer();

    /** What Kafka Streams tells a handler about the input that failed. */
    private record Context(String topic, int partition, long offset, String processorNodeId, TaskId taskId,
                           long timestamp, byte[] sourceRawKey, byte[] sourceRawValue) implements ErrorHandlerContext {

        static Context ofRecord(long offset, byte[] rawValue) {
            return new Context("number-events", 3, offset, "apply-lifecycle-event", TASK, 1_700_000_000_000L, KEY,
                    rawValue);
        }

        static Context ofPunctuation() {
            return new Context(null, -1, -1, "apply-lifecycle-event", TASK, -1, null, null);
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }
    }

    private FailOnceProcessingHandler processingHandler() {
        FailOnceProcessingHandler handler = new FailOnceProcessingHandler();
        handler.configure(Map.of(FailureHandling.CONFIG_KEY, handling));
        return handler;
    }

    private RegistryProductionHandler productionHandler() {
        RegistryProductionHandler handler = new RegistryProductionHandler();
        handler.configure(Map.of(FailureHandling.CONFIG_KEY, handling));
        return handler;
    }

    private static Record<byte[], byte[]> recordOf(ErrorHandlerContext context) {
        return new Record<>(context.sourceRawKey(), context.sourceRawValue(), context.timestamp());
    }

    private RejectedEvent onlyRejectionIn(List<ProducerRecord<byte[], byte[]>> deadLetters) {
        assertThat(deadLetters).hasSize(1);
        ProducerRecord<byte[], byte[]> deadLetter = deadLetters.get(0);
        assertThat(deadLetter.topic()).isEqualTo(REJECTED_TOPIC);
        return rejections.deserialize(REJECTED_TOPIC, deadLetter.value());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    @Test
    void theFirstFailureOfAnInputFailsTheStreamThreadWithoutDeadLetters() {
        FailOnceProcessingHandler handler = processingHandler();
        Context context = Context.ofRecord(42, new byte[] {1, 2, 3});

        ProcessingExceptionHandler.Response response = handler.handleError(context, recordOf(context),
                new IllegalStateException("store closed"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void theSameInputFailingAgainIsRejectedToTheRejectedTopicAndTheStreamGoesOn() {
        FailOnceProcessingHandler handler = processingHandler();
        byte[] huge = new byte[RejectionRecords.MAX_RAW_VALUE_BYTES * 4 + 7];
        new Random(5).nextBytes(huge);
        Context context = Context.ofRecord(42, huge);
        IllegalStateException failure = new IllegalStateException("store closed");
        handler.handleError(context, recordOf(context), failure);

        ProcessingExceptionHandler.Response response = handler.handleError(context, recordOf(context), failure);

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        RejectedEvent rejection = onlyRejectionIn(response.deadLetterQueueRecords());
        assertThat(rejection.getReasonCode()).isEqualTo(IntakeRejection.PROCESSING_ERROR.name());
        assertThat(rejection.getReason()).contains("java.lang.IllegalStateException: store closed");
        assertThat(rejection.getOrigin()).isEqualTo("number-events-3@42");
        assertThat(bytes(rejection.getRawValue()))
                .isEqualTo(Arrays.copyOf(huge, RejectionRecords.MAX_RAW_VALUE_BYTES));
        assertThat(rejection.getRawValueLength()).isEqualTo((long) huge.length);
        assertThat(bytes(rejection.getRawKey())).isEqualTo(KEY);
        assertThat(rejection.getRawKeyLength()).isEqualTo((long) KEY.length);
        assertThat(rejection.getRejectedAt()).isEqualTo(NOW);
        ProducerRecord<byte[], byte[]> deadLetter = response.deadLetterQueueRecords().get(0);
        assertThat(deadLetter.key()).isEqualTo(KEY);
        assertThat(deadLetter.timestamp()).isEqualTo(context.timestamp());
    }

    @Test
    void aStoreThatFailsIsNotTheInputsFaultAndFailsTheThreadEveryTime() {
        FailOnceProcessingHandler handler = processingHandler();
        Context context = Context.ofRecord(43, new byte[] {1});
        ProcessorStateException diskFull = new ProcessorStateException("Error while putting",
                new RocksDBException("No space left on device"));

        List<ProcessingExceptionHandler.Result> results = List.of(
                handler.handleError(context, recordOf(context), diskFull).result(),
                handler.handleError(context, recordOf(context), diskFull).result(),
                handler.handleError(context, recordOf(context), new StreamsException(diskFull)).result());

        assertThat(results).containsOnly(ProcessingExceptionHandler.Result.FAIL);
    }

    @Test
    void aSchemaRegistryOutOfReachIsNotTheInputsFaultAndFailsTheThreadEveryTime() {
        FailOnceProcessingHandler handler = processingHandler();
        Context context = Context.ofRecord(44, new byte[] {0, 0, 0, 0, 9});
        StreamsException caught = new StreamsException("Exception caught in process",
                new SchemaSourceUnavailableException("the schema registry could not be reached", null));

        List<ProcessingExceptionHandler.Result> results = List.of(
                handler.handleError(context, recordOf(context), caught).result(),
                handler.handleError(context, recordOf(context), caught).result(),
                handler.handleError(context, recordOf(context), caught).result());

        assertThat(results).as("never rejected for the outage").containsOnly(ProcessingExceptionHandler.Result.FAIL);
    }

    @Test
    void aFailureAtAnotherOffsetIsAnotherInputAndFailsOnceAgain() {
        FailOnceProcessingHandler handler = processingHandler();
        Context first = Context.ofRecord(42, new byte[] {1});
        Context next = Context.ofRecord(43, new byte[] {1});
        RuntimeException failure = new RuntimeException("boom");
        handler.handleError(first, recordOf(first), failure);
        handler.handleError(first, recordOf(first), failure);

        ProcessingExceptionHandler.Response response = handler.handleError(next, recordOf(next), failure);

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void handlersConfiguredWithTheSameFailureHandlingRememberWhatTheOtherSaw() {
        // A replaced stream thread gets new handlers; they must not fail on the same input for ever.
        Context context = Context.ofRecord(42, new byte[] {1});
        RuntimeException failure = new RuntimeException("boom");
        processingHandler().handleError(context, recordOf(context), failure);

        ProcessingExceptionHandler.Response response = processingHandler().handleError(context, recordOf(context),
                failure);

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    }

    /** The same kind of fault from the same place each time, whatever its message. */
    private static IllegalStateException sweepFault(String message) {
        return new IllegalStateException(message);
    }

    @Test
    void aPunctuationFailureIsKeyedByTaskAndWhereItFailedAndRejectedWithoutARecord() {
        FailOnceProcessingHandler handler = processingHandler();
        Context punctuation = Context.ofPunctuation();
        IllegalStateException failure = sweepFault("index corrupt at 12:00:00");

        ProcessingExceptionHandler.Response first = handler.handleError(punctuation, null, failure);
        ProcessingExceptionHandler.Response otherError = handler.handleError(punctuation, null,
                new IllegalArgumentException("another fault"));
        ProcessingExceptionHandler.Response again = handler.handleError(punctuation, null,
                sweepFault("index corrupt at 12:00:01"));
        ProcessingExceptionHandler.Response otherTask = handler.handleError(
                new Context(null, -1, -1, "apply-lifecycle-event", new TaskId(0, 4), -1, null, null), null, failure);

        assertThat(first.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(otherError.result()).as("another fault is another input")
                .isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(otherTask.result()).as("another task is another input")
                .isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(again.result()).as("the same fault of the same task is the same input, whatever its message")
                .isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        RejectedEvent rejection = onlyRejectionIn(again.deadLetterQueueRecords());
        assertThat(rejection.getReasonCode()).isEqualTo(IntakeRejection.PROCESSING_ERROR.name());
        assertThat(rejection.getReason()).contains("java.lang.IllegalStateException: index corrupt at 12:00:01");
        assertThat(rejection.getOrigin()).isEqualTo("registry apply-lifecycle-event (task 0_3)");
        assertThat(rejection.getRawKey()).isNull();
        assertThat(rejection.getRawValue()).isNull();
        assertThat(rejection.getRawValueLength()).isNull();
        assertThat(again.deadLetterQueueRecords().get(0).key()).isNull();
        assertThat(again.deadLetterQueueRecords().get(0).timestamp()).isNull();
    }

    @Test
    void anOutputThatCannotBeSerializedIsLeftOutAndItsInputRejected() {
        RegistryProductionHandler handler = productionHandler();
        Context context = Context.ofRecord(7, new byte[] {9, 9});
        ProducerRecord<String, Object> output = new ProducerRecord<>("number-state", "+14155552671", new Object());

        ProductionExceptionHandler.Response response = handler.handleSerializationError(context, output,
                new SerializationException("cannot encode state"), SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        RejectedEvent rejection = onlyRejectionIn(response.deadLetterQueueRecords());
        assertThat(rejection.getReasonCode()).isEqualTo(IntakeRejection.PROCESSING_ERROR.name());
        assertThat(rejection.getReason()).contains("number-state")
                .contains("org.apache.kafka.common.errors.SerializationException: cannot encode state");
        assertThat(rejection.getOrigin()).isEqualTo("number-events-3@7");
        assertThat(bytes(rejection.getRawValue())).isEqualTo(new byte[] {9, 9});
        assertThat(rejection.getRawValueLength()).isEqualTo(2L);
    }

    @Test
    void aPassingRefusalOfTheBrokerIsRetried() {
        RegistryProductionHandler handler = productionHandler();
        Context context = Context.ofRecord(7, new byte[] {9});

        ProductionExceptionHandler.Response response = handler.handleError(context,
                new ProducerRecord<>("number-state", new byte[] {1}, new byte[] {2}),
                new TimeoutException("broker slow"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void aRecordTheBrokerRefusesForGoodFailsTheStreamThread() {
        RegistryProductionHandler handler = productionHandler();
        Context context = Context.ofRecord(7, new byte[] {9});

        ProductionExceptionHandler.Response response = handler.handleError(context,
                new ProducerRecord<>("number-state", new byte[] {1}, new byte[2_000_000]),
                new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void aHandlerConfiguredWithoutFailureHandlingRefusesToStartNamingTheKey() {
        FailOnceProcessingHandler processing = new FailOnceProcessingHandler();
        RegistryProductionHandler production = new RegistryProductionHandler();

        assertThatThrownBy(() -> processing.configure(Map.of("application.id", "registry")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(FailureHandling.CONFIG_KEY);
        assertThatThrownBy(() -> production.configure(Map.of(FailureHandling.CONFIG_KEY, "not a FailureHandling")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(FailureHandling.CONFIG_KEY);
    }
}
