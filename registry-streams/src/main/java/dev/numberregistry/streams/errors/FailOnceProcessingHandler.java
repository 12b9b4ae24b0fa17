package dev.numberregistry.streams.errors;

import dev.numberregistry.schema.SchemaSourceUnavailableException;
import dev.numberregistry.streams.RecordAddress;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For failures that escape the registry's own guard (which rejects any record it cannot work out,
 * see LifecycleEventProcessor) while the work is written. A store, the disk, the broker or the
 * schema registry failing
 * is not the input's fault: the stream thread fails, every time, until the fault passes (under
 * exactly-once the transaction is aborted and the task's stores restored). Any other failure
 * fails the thread the first time too, so that a passing fault heals and the input is processed
 * again, whole; if the same input fails again, the fault is in the input's processing, and
 * failing again would fail for ever: the input is rejected (to the rejected-events topic, with
 * the error; Kafka Streams counts it in its task metric dropped-records) and the stream goes on.
 * Kafka Streams does not undo what the processor wrote before it failed, so that second time may
 * leave a partial write of that one input: logged as such. The memory of failed inputs is the
 * process's: after a restart an input may fail once more.
 */
public final class FailOnceProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FailOnceProcessingHandler.class);

    private FailureHandling handling;

    @Override
    public void configure(Map<String, ?> configs) {
        this.handling = FailureHandling.from(configs);
    }

    /**
     * A store, the disk or the broker failing: not the input's fault, so rejecting it would lose
     * it, and during a lasting fault every input. The thread keeps failing instead, and health
     * says so, until the fault passes.
     */
    static boolean isEnvironmental(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SerializationException) {
                return false;
            }
            boolean clientFault = cause instanceof KafkaException && !(cause instanceof StreamsException);
            if (cause instanceof ProcessorStateException || cause instanceof RocksDBException
                    || cause instanceof IOException || cause instanceof SchemaSourceUnavailableException
                    || clientFault) {
                return true;
            }
        }
        return false;
    }

    private static String inputOf(ErrorHandlerContext context, Exception exception) {
        if (context.topic() != null) {
            return context.taskId() + "/" + new RecordAddress(context.topic(), context.partition(), context.offset()).text();
        }
        // A punctuation has no input record: the same kind of error thrown from the same place in
        // the same task is taken as the same input, whatever its message says (which may hold a
        // time or a count that differs from one try to the next).
        Throwable root = exception;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        StackTraceElement[] frames = root.getStackTrace();
        return context.taskId() + "/punctuation/" + root.getClass().getName()
                + (frames.length > 0 ? " at " + frames[0] : "");
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String input = inputOf(context, exception);
        if (isEnvironmental(exception)) {
            LOG.error("Processing {} failed for a reason outside the input; failing the stream thread until it "
                    + "passes", input, exception);
            return Response.fail();
        }
        if (handling.isFirstFailure(input)) {
            LOG.error("Processing {} failed; failing the stream thread once, so that its transaction is aborted "
                    + "and the input processed again", input, exception);
            return Response.fail();
        }
        LOG.error("Processing {} failed again; rejecting it and going on (what it wrote before failing, if "
                + "anything, is kept)", input, exception);
        return Response.resume(List.of(handling.rejection(context, "the registry failed twice on this input: "
                + exception)));
    }
}
