package dev.numberregistry.streams.audit;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-keys each record of the trail by every number it names, narrowed to that number
 * ({@link AuditRecord#about}), at the same time. A record that is not an audit record (something
 * else wrote to the topic) names no number the registry can read: it stays in the index by client,
 * and is logged here rather than stopping the stream.
 */
final class AuditByNumber implements Processor<String, byte[], String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(AuditByNumber.class);

    private ProcessorContext<String, byte[]> context;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        AuditRecord audited;
        try {
            audited = AuditRecordSerde.fromJson(record.value());
        } catch (SerializationException e) {
            LOG.warn("A record of the audit trail (client {}) cannot be indexed by number: {}", record.key(),
                    e.getMessage());
            return;
        }
        for (String number : audited.numbers()) {
            context.forward(record.withKey(number).withValue(AuditRecordSerde.toJson(audited.about(number))));
        }
    }
}
