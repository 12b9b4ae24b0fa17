package dev.numberregistry.benchmarks.harness;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The least a Kafka Streams fold does per record: read the key's value from one persistent store,
 * put the record's value there, and forward it to one output topic. Any application that keeps
 * state per key and publishes it pays at least this: the registry's throughput is measured
 * against it (issue 13), beside the raw broker pipe.
 */
public final class MinimalFold {

    static final String SOURCE = "floor-source";
    static final String FOLD = "floor-fold";
    static final String STORE = "floor-store";
    static final String SINK = "floor-sink";

    private MinimalFold() {
    }

    public static Topology build(String input, String output) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), input);
        topology.addProcessor(FOLD, Fold::new, SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()), FOLD);
        topology.addSink(SINK, output, Serdes.String().serializer(), Serdes.ByteArray().serializer(), FOLD);
        return topology;
    }

    private static final class Fold implements Processor<String, byte[], String, byte[]> {
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> store;
        private long folded;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            byte[] before = store.get(record.key());
            // Uses what it read, as a fold does, so that the read is not a formality.
            folded += before == null ? 0 : before.length;
            store.put(record.key(), record.value());
            context.forward(record);
        }
    }
}
