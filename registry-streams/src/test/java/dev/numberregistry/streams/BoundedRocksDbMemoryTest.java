package dev.numberregistry.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** Real RocksDB databases, configured as Kafka Streams configures its stores, share one budget. */
class BoundedRocksDbMemoryTest {

    private static final long BUDGET = 64L << 20;

    @TempDir
    Path directory;

    @Test
    void everyStoreReadsAndWritesWithinOneSharedBudget() throws RocksDBException {
        RocksDB.loadLibrary();
        Properties streams = new Properties();
        BoundedRocksDbMemory.configure(streams, BUDGET);
        Map<String, Object> configs = Map.of(BoundedRocksDbMemory.TOTAL_BYTES, streams.get(BoundedRocksDbMemory.TOTAL_BYTES));

        try (Options stateOptions = storeOptions("number-state-store", configs);
             Options historyOptions = storeOptions("number-history-store", configs);
             RocksDB state = RocksDB.open(stateOptions, directory.resolve("state").toString());
             RocksDB history = RocksDB.open(historyOptions, directory.resolve("history").toString())) {
            assertThat(state.getLongProperty("rocksdb.block-cache-capacity")).isEqualTo(BUDGET);
            assertThat(history.getLongProperty("rocksdb.block-cache-capacity")).isEqualTo(BUDGET);
            long usageBefore = history.getLongProperty("rocksdb.block-cache-usage");

            byte[] value = new byte[1024];
            for (int i = 0; i < 4096; i++) {
                state.put(("+1415555" + i).getBytes(StandardCharsets.UTF_8), value);
            }

            assertThat(history.getLongProperty("rocksdb.block-cache-usage") - usageBefore)
                    .as("the other store's memtable is charged to the one cache")
                    .isGreaterThanOrEqualTo(2L << 20);
        }
        assertThat(streams.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbMemory.class);
    }

    @Test
    void aBudgetMustBePositive() {
        assertThatThrownBy(() -> BoundedRocksDbMemory.configure(new Properties(), 0))
                .hasMessageContaining("must be positive");
    }

    private static Options storeOptions(String storeName, Map<String, Object> configs) {
        Options options = new Options().setCreateIfMissing(true);
        options.setTableFormatConfig(new org.rocksdb.BlockBasedTableConfig());
        new BoundedRocksDbMemory().setConfig(storeName, options, configs);
        return options;
    }
}
