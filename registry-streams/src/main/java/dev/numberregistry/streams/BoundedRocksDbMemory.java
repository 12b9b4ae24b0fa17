package dev.numberregistry.streams;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Puts every RocksDB store of the process under one memory budget: one block cache shared by all
 * of them, which also holds their index and filter blocks and is charged for their memtables. Left
 * to Kafka Streams, each store has a block cache of its own and up to three memtables of 16 MiB,
 * and there is a store per task and per store name (and per segment of a window store): dozens of
 * them, whose native memory grows with the partitions and is seen by no heap limit.
 *
 * <p>The budget is the configuration's {@link #TOTAL_BYTES}; the memtables may take
 * {@link #MEMTABLE_SHARE} of it before RocksDB flushes them. RocksDB may go over it briefly (the
 * limit is not strict, so that a read never fails for want of cache).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** The Streams property naming the budget, in bytes, of all the process's stores together. */
    public static final String TOTAL_BYTES = "registry.rocksdb.total-bytes";
    /** Of the budget, what the memtables (writes not yet flushed to disk) may take. */
    static final double MEMTABLE_SHARE = 0.5;
    /** Of the cache, what is kept for index and filter blocks, which every read needs. */
    private static final double INDEX_AND_FILTER_SHARE = 0.1;
    /** One budget per size for the whole process, as every store of one application shares it. */
    private static final Map<Long, Budget> BUDGETS = new ConcurrentHashMap<>();

    private record Budget(Cache cache, WriteBufferManager memtables) {

        static Budget of(long totalBytes) {
            Cache cache = new LRUCache(totalBytes, -1, false, INDEX_AND_FILTER_SHARE);
            return new Budget(cache, new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache));
        }
    }

    /** Sets the bounded memory up in a Streams configuration. */
    public static void configure(Properties streamsProperties, long totalBytes) {
        if (totalBytes <= 0) {
            throw new IllegalArgumentException("the RocksDB memory budget must be positive, not " + totalBytes);
        }
        streamsProperties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        streamsProperties.put(TOTAL_BYTES, totalBytes);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(TOTAL_BYTES);
        if (configured == null) {
            throw new IllegalStateException(TOTAL_BYTES + " is not set: configure the stores' memory with "
                    + "BoundedRocksDbMemory.configure");
        }
        long totalBytes = Long.parseLong(configured.toString());
        Budget budget = BUDGETS.computeIfAbsent(totalBytes, Budget::of);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(budget.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(budget.memtables());
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store, for the process's
        // life: closing them with one store would pull them from under the others.
    }
}
