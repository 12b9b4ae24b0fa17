package dev.numberregistry.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.config.StreamsSettings;
import dev.numberregistry.streams.BoundedRocksDbMemory;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** What the registry's settings become in Kafka Streams' configuration. */
class StreamsPropertiesTest {

    private static final String STATIC_MEMBER = StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);

    @Test
    void anInstanceIsADynamicMemberUnlessItIsNamed() {
        StreamsSettings settings = new StreamsSettings();

        assertThat(properties(settings)).doesNotContainKey(STATIC_MEMBER);

        settings.setStaticMemberId("registry-eu-1");
        assertThat(properties(settings)).containsEntry(STATIC_MEMBER, "registry-eu-1");
        Map<String, Object> firstThread = new StreamsConfig(properties(settings))
                .getMainConsumerConfigs("group", "client", 1);
        assertThat(firstThread).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "registry-eu-1-1");
    }

    @Test
    void theStoresShareTheConfiguredMemory() {
        StreamsSettings settings = new StreamsSettings();
        settings.setRocksdbMemory(512L << 20);

        assertThat(properties(settings))
                .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class)
                .containsEntry(BoundedRocksDbMemory.TOTAL_BYTES, 512L << 20);
    }

    private static Properties properties(StreamsSettings settings) {
        return KafkaStreamsFactory.streamsProperties(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"),
                settings, (short) 1);
    }
}
