package dev.numberregistry.api.camara;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.utils.SecurityService;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-client limits on the CAMARA checks: a token bucket per client for its rate (checks per
 * second, a second's worth at once) and one for its day (checks per UTC day, all back at
 * midnight). Each of N instances grants a client 1/N of its limits, so that N instances together
 * grant about the limit without talking to each other: exact for a client whose requests are
 * spread over the instances (a load balancer's round robin), stricter for one that sticks to a
 * single instance (it gets 1/N there), and approximate for a moment while instances join or
 * leave (each instance learns the count within a second and keeps what a client has used so far,
 * in proportion). See "Quotas" in the README.
 */
@Singleton
public class CheckQuotas {

    private final QuotaLimits defaults;
    private final Map<String, QuotaLimits> byClient = new HashMap<>();
    private final boolean limited;
    private final SecurityService security;
    private final RegistryInstances instances;
    private final Clock clock;
    private final TimeMeter time;
    /** A client not heard from for two days starts afresh: by then its day has ended anyway. */
    private final Cache<String, ClientBuckets> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofDays(2)).build();

    CheckQuotas(QuotaSettings settings, List<ClientQuotaSettings> clients, SecurityService security,
                RegistryInstances instances, Clock clock) {
        this.defaults = settings.limits();
        clients.forEach(client -> byClient.put(client.getClient(), client.over(defaults)));
        this.limited = isLimit(defaults) || byClient.values().stream().anyMatch(CheckQuotas::isLimit);
        this.security = security;
        this.instances = instances;
        this.clock = clock;
        this.time = new ClockTime(clock);
    }

    /**
     * Takes {@code checks} from the calling client's quotas (the token's {@code sub}).
     *
     * @throws OverQuotaException when the client is over its rate or its day's quota; nothing is taken then
     */
    public void take(int checks) {
        if (!limited) {
            return; // no quota configured: a check pays nothing, not even finding out who asks
        }
        take(security.username().orElse(""), checks);
    }

    void take(String client, int checks) {
        QuotaLimits limits = byClient.getOrDefault(client, defaults);
        if (!isLimit(limits)) {
            return;
        }
        int sharing = instances.count();
        ClientBuckets held = buckets.get(client, key -> ClientBuckets.of(limits, sharing, time, clock));
        held.shareWith(sharing, limits, clock);
        held.take(client, checks, limits, sharing);
    }

    private static boolean isLimit(QuotaLimits limits) {
        return limits.checksPerSecond() > 0 || limits.checksPerDay() > 0;
    }

    /** Reads time from the application's clock, so that tests can move it. */
    private record ClockTime(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return ChronoUnit.NANOS.between(Instant.EPOCH, now);
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }

    /** One client's buckets on this instance, sized for a number of instances sharing its limits. */
    private static final class ClientBuckets {
        private final Bucket perSecond;
        private final Bucket perDay;
        private int sharing;

        private ClientBuckets(Bucket perSecond, Bucket perDay, int sharing) {
            this.perSecond = perSecond;
            this.perDay = perDay;
            this.sharing = sharing;
        }

        static ClientBuckets of(QuotaLimits limits, int sharing, TimeMeter time, Clock clock) {
            return new ClientBuckets(
                    limits.checksPerSecond() == 0 ? null : Bucket.builder().withCustomTimePrecision(time)
                            .addLimit(perSecond(limits, sharing)).build(),
                    limits.checksPerDay() == 0 ? null : Bucket.builder().withCustomTimePrecision(time)
                            .addLimit(perDay(limits, sharing, clock)).build(),
                    sharing);
        }

        synchronized void shareWith(int instances, QuotaLimits limits, Clock clock) {
            if (instances == sharing) {
                return;
            }
            if (perSecond != null) {
                perSecond.replaceConfiguration(BucketConfiguration.builder().addLimit(perSecond(limits, instances))
                        .build(), TokensInheritanceStrategy.PROPORTIONALLY);
            }
            if (perDay != null) {
                perDay.replaceConfiguration(BucketConfiguration.builder().addLimit(perDay(limits, instances, clock))
                        .build(), TokensInheritanceStrategy.PROPORTIONALLY);
            }
            sharing = instances;
        }

        void take(String client, int checks, QuotaLimits limits, int instances) {
            if (perSecond != null) {
                long burst = share(limits.checksPerSecond(), instances);
                if (checks > burst) {
                    throw new OverQuotaException(CamaraError.of(HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_REQUESTS",
                            "Rejected due to request rate limit overpassed: " + checks + " checks at once are more "
                                    + "than this client's rate allows (" + limits.checksPerSecond()
                                    + " checks per second" + sharedBy(instances) + "); send smaller batches."), null);
                }
                ConsumptionProbe rate = perSecond.tryConsumeAndReturnRemaining(checks);
                if (!rate.isConsumed()) {
                    throw new OverQuotaException(CamaraError.of(HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_REQUESTS",
                            "Rejected due to request rate limit overpassed: " + client + " may ask "
                                    + limits.checksPerSecond() + " checks per second" + sharedBy(instances) + "."),
                            wholeSeconds(rate.getNanosToWaitForRefill()));
                }
            }
            if (perDay != null) {
                ConsumptionProbe day = perDay.tryConsumeAndReturnRemaining(checks);
                if (!day.isConsumed()) {
                    if (perSecond != null) {
                        perSecond.addTokens(checks); // refused: the rate was not used either
                    }
                    throw new OverQuotaException(CamaraError.of(HttpStatus.TOO_MANY_REQUESTS, "QUOTA_EXCEEDED",
                            "Rejected due to exceeding a business quota limit: " + client + " may ask "
                                    + limits.checksPerDay() + " checks a day (UTC)" + sharedBy(instances)
                                    + "; " + day.getRemainingTokens() + " left today."),
                            wholeSeconds(day.getNanosToWaitForRefill()));
                }
            }
        }

        private static Bandwidth perSecond(QuotaLimits limits, int instances) {
            long share = share(limits.checksPerSecond(), instances);
            return Bandwidth.builder().capacity(share).refillGreedy(share, Duration.ofSeconds(1)).build();
        }

        /** All of a day's checks come back at once, at the next UTC midnight and every midnight after. */
        private static Bandwidth perDay(QuotaLimits limits, int instances, Clock clock) {
            long share = share(limits.checksPerDay(), instances);
            Instant midnight = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
            return Bandwidth.builder().capacity(share).refillIntervallyAligned(share, Duration.ofDays(1), midnight)
                    .build();
        }

        private static long share(long limit, int instances) {
            return Math.max(1, (limit + instances - 1) / instances);
        }

        private static String sharedBy(int instances) {
            return instances == 1 ? "" : ", shared by " + instances + " instances";
        }

        private static Duration wholeSeconds(long nanos) {
            return Duration.ofSeconds(Math.max(1, (nanos + 999_999_999) / 1_000_000_000));
        }
    }
}
