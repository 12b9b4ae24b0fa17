package dev.numberregistry.api.subscription;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import dev.numberregistry.streams.subscription.SubscriptionTopics;
import java.time.Duration;

/**
 * Push subscriptions: where they live on Kafka, and how the registry delivers to a sink (see
 * "Subscriptions" in the README). Which sinks are allowed is {@code registry.subscriptions.sinks}.
 */
@ConfigurationProperties(SubscriptionSettings.PREFIX)
public class SubscriptionSettings {

    public static final String PREFIX = "registry.subscriptions";

    /** Every subscription, compacted: its last record is the subscription (or that it was deleted). */
    @NotBlank
    private String subscriptionsTopic = "registry-subscriptions";
    /** Every watched number, compacted, partitioned as the recycle notifications. */
    @NotBlank
    private String watchlistTopic = "registry-watchlist";
    /** What each subscription is to be sent, keyed by subscription. */
    @NotBlank
    private String deliveriesTopic = "registry-deliveries";
    /** How each subscription's deliveries stand, compacted: written by the instance that delivers. */
    @NotBlank
    private String deliveryStatusTopic = "registry-delivery-status";
    /**
     * How long a delivery stays on Kafka: a subscription suspended for longer cannot be resumed
     * with everything it missed.
     */
    @NotNull
    private Duration deliveriesRetention = Duration.ofDays(14);
    @NotNull
    private Duration initialBackoff = Duration.ofSeconds(1);
    @NotNull
    private Duration maxBackoff = Duration.ofMinutes(5);
    /** A sink that fails for this long without one success is suspended. */
    @NotNull
    private Duration suspendAfter = Duration.ofHours(1);
    /** How long a sink has to answer a delivery. */
    @NotNull
    private Duration requestTimeout = Duration.ofSeconds(10);
    /** Deliveries of one subscription sent at once (never two of the same number). */
    @Min(1)
    private int maxInFlight = 4;
    /**
     * Deliveries under way at once from one instance, all subscriptions together: more at once
     * make each slower rather than all faster, and hold as many connections.
     */
    @Min(1)
    private int maxInFlightTotal = 256;
    /** Deliveries an instance holds per partition before it reads more. */
    @Min(1)
    private int maxBuffered = 10_000;
    /** Numbers in one page of a watchlist. */
    @Min(1)
    private int maxWatchlistPage = 10_000;
    /** Subscriptions one client may have. */
    @Min(1)
    private int maxPerClient = 100;

    public String getSubscriptionsTopic() {
        return subscriptionsTopic;
    }

    public void setSubscriptionsTopic(String subscriptionsTopic) {
        this.subscriptionsTopic = subscriptionsTopic;
    }

    public String getWatchlistTopic() {
        return watchlistTopic;
    }

    public void setWatchlistTopic(String watchlistTopic) {
        this.watchlistTopic = watchlistTopic;
    }

    public String getDeliveriesTopic() {
        return deliveriesTopic;
    }

    public void setDeliveriesTopic(String deliveriesTopic) {
        this.deliveriesTopic = deliveriesTopic;
    }

    public String getDeliveryStatusTopic() {
        return deliveryStatusTopic;
    }

    public void setDeliveryStatusTopic(String deliveryStatusTopic) {
        this.deliveryStatusTopic = deliveryStatusTopic;
    }

    public Duration getDeliveriesRetention() {
        return deliveriesRetention;
    }

    public void setDeliveriesRetention(Duration deliveriesRetention) {
        this.deliveriesRetention = deliveriesRetention;
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public Duration getSuspendAfter() {
        return suspendAfter;
    }

    public void setSuspendAfter(Duration suspendAfter) {
        this.suspendAfter = suspendAfter;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public int getMaxInFlightTotal() {
        return maxInFlightTotal;
    }

    public void setMaxInFlightTotal(int maxInFlightTotal) {
        this.maxInFlightTotal = maxInFlightTotal;
    }

    public int getMaxBuffered() {
        return maxBuffered;
    }

    public void setMaxBuffered(int maxBuffered) {
        this.maxBuffered = maxBuffered;
    }

    public int getMaxWatchlistPage() {
        return maxWatchlistPage;
    }

    public void setMaxWatchlistPage(int maxWatchlistPage) {
        this.maxWatchlistPage = maxWatchlistPage;
    }

    public int getMaxPerClient() {
        return maxPerClient;
    }

    public void setMaxPerClient(int maxPerClient) {
        this.maxPerClient = maxPerClient;
    }

    public SubscriptionTopics toTopics() {
        return new SubscriptionTopics(watchlistTopic, deliveriesTopic);
    }
}
