package dev.numberregistry.streams.audit;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Puts each record into an index under its key, at the time it was answered (the record's
 * timestamp, which the registry sets to the answer's time), as it came: the index keeps the
 * trail's own bytes.
 */
final class AuditIndexer implements Processor<String, byte[], Void, Void> {

    private final String storeName;
    private WindowStore<String, byte[]> index;

    AuditIndexer(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        index = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() != null && record.value() != null) {
            index.put(record.key(), record.value(), record.timestamp());
        }
    }
}
