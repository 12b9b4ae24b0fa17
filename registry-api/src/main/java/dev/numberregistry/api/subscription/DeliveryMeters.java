package dev.numberregistry.api.subscription;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** What the deliveries to sinks do, for Prometheus: attempts by outcome and how long sinks take, suspensions. */
final class DeliveryMeters {

    private final Timer delivered;
    private final Timer failed;
    private final Counter suspended;

    DeliveryMeters(MeterRegistry registry) {
        this.delivered = Timer.builder("registry.deliveries").description("Deliveries to subscribers' sinks, by outcome")
                .tag("outcome", "delivered").register(registry);
        this.failed = Timer.builder("registry.deliveries").description("Deliveries to subscribers' sinks, by outcome")
                .tag("outcome", "failed").register(registry);
        this.suspended = Counter.builder("registry.subscriptions.suspended")
                .description("Subscriptions suspended because their sink kept failing").register(registry);
    }

    void attempt(boolean ok, long nanos) {
        (ok ? delivered : failed).record(nanos, TimeUnit.NANOSECONDS);
    }

    void suspended() {
        suspended.increment();
    }
}
