package dev.numberregistry.api.kafka;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Starts the topology once the HTTP server listens, when the address to advertise to the other
 * instances was neither configured nor a fixed port: it is then this host and the port the server
 * was given.
 */
@Singleton
final class AdvertisedPortListener implements ApplicationEventListener<ServerStartupEvent> {

    private final RunningStreams running;

    AdvertisedPortListener(RunningStreams running) {
        this.running = running;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (running.started().isEmpty()) {
            running.start(new HostInfo(KafkaStreamsFactory.DEFAULT_HOST, event.getSource().getPort()));
        }
    }
}
