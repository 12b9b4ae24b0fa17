package dev.numberregistry.streams.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For failures that escape the registry's own guard (which rejects any record it cannot work out,
 * see LifecycleEventProcessor): a store or the producer failing while the work is written. The
 * first time an input fails, the stream thread fails: under exactly-once the transaction is
 * aborted and the task's stores restored, so a passing fault heals and the input is processed
 * again, whole. If the same input fails again, the fault is in the input's processing, and
 * failing again would fail for ever: the input is rejected (to the rejected-events topic, with
 * the error) and the stream goes on. Kafka Streams does not undo what the processor wrote before
 * it failed, so that second time may leave a partial write of that one input: logged as such.
 */
public final class FailOnceProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FailOnceProcessingHandler.class);

    private FailureHandling handling;

    @Override
    public void configure(Map<String, ?> configs) {
        this.handling = FailureHandling.from(configs);
    }

    private static String inputOf(ErrorHandlerContext context, Exception exception) {
        if (context.topic() != null) {
            return context.taskId() + "/" + context.topic() + "-" + context.partition() + "@" + context.offset();
        }
        // A punctuation has no input record: the same kind of error thrown from the same place in
        // the same task is taken as the same input, whatever its message says (which may hold a
        // time or a count that differs from one try to the next).
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StackTraceElement[] frames = root.getStackTrace();
        return context.taskId() + "/punctuation/" + root.getClass().getName()
                + (frames.length > 0 ? " at " + frames[0] : "");
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String input = inputOf(context, exception);
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
