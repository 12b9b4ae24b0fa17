package dev.numberregistry.api.camara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.api.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each client's rate and day, on a clock the test moves, and their share among instances. */
class CheckQuotasTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T22:00:00Z"));
    private int instances = 1;

    private CheckQuotas quotas(long perSecond, long perDay, ClientQuotaSettings... clients) {
        QuotaSettings settings = new QuotaSettings();
        settings.setChecksPerSecond(perSecond);
        settings.setChecksPerDay(perDay);
        RegistryInstances sharing = new RegistryInstances(null, clock) {
            @Override
            int count() {
                return instances;
            }
        };
        return new CheckQuotas(settings, List.of(clients), null, sharing, clock);
    }

    private static ClientQuotaSettings client(String sub, Long perSecond, Long perDay) {
        ClientQuotaSettings client = new ClientQuotaSettings(sub);
        client.setChecksPerSecond(perSecond);
        client.setChecksPerDay(perDay);
        return client;
    }

    @Test
    void noLimitsByDefault() {
        CheckQuotas quotas = quotas(0, 0);

        for (int i = 0; i < 10_000; i++) {
            quotas.take("bank-a", 1_000);
        }
    }

    @Test
    void overTheRateTheClientIsToldToWaitForTheNextSecond() {
        CheckQuotas quotas = quotas(3, 0);
        quotas.take("bank-a", 2);
        quotas.take("bank-a", 1);

        assertThatThrownBy(() -> quotas.take("bank-a", 1)).isInstanceOfSatisfying(OverQuotaException.class, e -> {
            assertThat(e.error().status()).isEqualTo(429);
            assertThat(e.error().code()).isEqualTo("TOO_MANY_REQUESTS");
            assertThat(e.error().message()).contains("bank-a may ask 3 checks per second");
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        });
        quotas.take("bank-b", 3); // another client's rate is its own

        clock.advance(Duration.ofSeconds(1));
        quotas.take("bank-a", 3);
    }

    @Test
    void aBatchLargerThanTheRateAllowsAtOnceIsRefusedWithoutRetryAfter() {
        CheckQuotas quotas = quotas(100, 0);

        assertThatThrownBy(() -> quotas.take("bank-a", 101)).isInstanceOfSatisfying(OverQuotaException.class, e -> {
            assertThat(e.error().code()).isEqualTo("TOO_MANY_REQUESTS");
            assertThat(e.error().message()).contains("101 checks at once", "send smaller batches");
            assertThat(e.retryAfter()).isEmpty();
        });
        quotas.take("bank-a", 100);
    }

    @Test
    void theDaysQuotaComesBackAtUtcMidnight() {
        CheckQuotas quotas = quotas(0, 5);
        quotas.take("bank-a", 5);

        assertThatThrownBy(() -> quotas.take("bank-a", 1)).isInstanceOfSatisfying(OverQuotaException.class, e -> {
            assertThat(e.error().code()).isEqualTo("QUOTA_EXCEEDED");
            assertThat(e.error().message()).contains("bank-a may ask 5 checks a day (UTC)", "0 left today");
            assertThat(e.retryAfter()).as("until midnight, two hours away").contains(Duration.ofHours(2));
        });
        clock.advance(Duration.ofHours(2).minusSeconds(1));
        assertThatThrownBy(() -> quotas.take("bank-a", 1)).isInstanceOf(OverQuotaException.class);

        clock.advance(Duration.ofSeconds(1));
        quotas.take("bank-a", 5);
    }

    @Test
    void aRefusalOverTheDayTakesNothingFromTheRate() {
        CheckQuotas quotas = quotas(2, 3);
        quotas.take("bank-a", 2);
        clock.advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> quotas.take("bank-a", 2)).isInstanceOfSatisfying(OverQuotaException.class,
                e -> assertThat(e.error().code()).isEqualTo("QUOTA_EXCEEDED"));
        quotas.take("bank-a", 1);
    }

    @Test
    void aClientsOwnLimitsReplaceTheDefaultsItSets() {
        CheckQuotas quotas = quotas(2, 10, client("bank-big", 50L, null));

        quotas.take("bank-big", 10);
        assertThatThrownBy(() -> quotas.take("bank-big", 1)).as("the default day still applies")
                .isInstanceOfSatisfying(OverQuotaException.class, e -> assertThat(e.error().code()).isEqualTo("QUOTA_EXCEEDED"));
        assertThatThrownBy(() -> quotas.take("bank-small", 3)).isInstanceOf(OverQuotaException.class);
    }

    @Test
    void eachOfSeveralInstancesGrantsItsShare() {
        instances = 3;
        CheckQuotas quotas = quotas(10, 0);

        quotas.take("bank-a", 4);
        assertThatThrownBy(() -> quotas.take("bank-a", 1)).isInstanceOfSatisfying(OverQuotaException.class,
                e -> assertThat(e.error().message()).contains("10 checks per second, shared by 3 instances"));

        instances = 1;
        clock.advance(Duration.ofSeconds(1));
        quotas.take("bank-a", 10);
    }
}
