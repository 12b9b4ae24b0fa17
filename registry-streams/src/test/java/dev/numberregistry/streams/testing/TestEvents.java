package dev.numberregistry.streams.testing;

import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Events about one number on a calendar counted in days from a fixed start, with ids that are
 * unique within one instance.
 */
public final class TestEvents {

    public static final Instant DAY_ZERO = Instant.parse("2026-01-01T00:00:00Z");

    private final PhoneNumber number;
    private final String idPrefix;
    private final AtomicInteger nextId = new AtomicInteger(1);

    private TestEvents(PhoneNumber number, String idPrefix) {
        this.number = number;
        this.idPrefix = idPrefix;
    }

    public static TestEvents about(String number) {
        PhoneNumber parsed = PhoneNumber.parse(number);
        return new TestEvents(parsed, parsed.e164().substring(1) + "-");
    }

    public static Instant day(int day) {
        return DAY_ZERO.plus(Duration.ofDays(day));
    }

    public PhoneNumber number() {
        return number;
    }

    public String e164() {
        return number.e164();
    }

    public NumberEvent on(int day, EventPayload payload) {
        return new NumberEvent(idPrefix + nextId.getAndIncrement(), number, day(day), day(day), "billing", payload);
    }
}
