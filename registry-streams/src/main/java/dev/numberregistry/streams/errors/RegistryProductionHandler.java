package dev.numberregistry.streams.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a record the registry writes cannot be produced.
 *
 * <ul>
 *   <li>It cannot be serialized (a defect): that one output is left out, the input that caused it
 *       is recorded on the rejected-events topic with the error, and the stream goes on. Failing
 *       instead would fail on the same input for ever.</li>
 *   <li>The broker refuses it for a passing reason: retried.</li>
 *   <li>The broker refuses it for good (a record too large for the topic): the stream thread fails.
 *       Under exactly-once the producer's transaction cannot commit after such an error, so going
 *       on is not possible; the registry's record limits are there so that this does not happen
 *       on topics that accept 1 MB records, Kafka's default.</li>
 * </ul>
 */
public final class RegistryProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryProductionHandler.class);

    private FailureHandling handling;

    @Override
    public void configure(Map<String, ?> configs) {
        this.handling = FailureHandling.from(configs);
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        LOG.error("The registry's output to {} could not be serialized ({}); left out, the input is rejected",
                record.topic(), origin, exception);
        return Response.resume(List.of(handling.rejection(context, "the registry could not serialize its output to "
                + record.topic() + ", which was left out: " + exception)));
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        LOG.error("The broker refused the registry's output to {} ({} bytes) for good", record.topic(),
                record.value() == null ? 0 : record.value().length, exception);
        return Response.fail();
    }
}
