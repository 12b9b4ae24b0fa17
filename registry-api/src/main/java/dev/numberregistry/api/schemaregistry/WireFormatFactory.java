package dev.numberregistry.api.schemaregistry;

import dev.numberregistry.api.config.TopicSettings;
import dev.numberregistry.streams.serde.RegistrySerdes;
import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/** The application's serdes of its topics, as {@link WireFormats} makes them from its settings. */
@Factory
class WireFormatFactory {

    @Singleton
    RegistrySerdes topicSerdes(SchemaRegistrySettings settings, TopicSettings topics, JsonMapper json) {
        return WireFormats.forSettings(settings, topics.toTopics(), json);
    }
}
