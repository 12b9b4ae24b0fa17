package dev.numberregistry.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.api.MovableClock;
import dev.numberregistry.api.config.TokenCacheSettings;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.security.authentication.Authentication;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What the registry remembers of the tokens it validated, on a clock the test moves: an accepted
 * token until its {@code exp} and never longer than the maximum age, nothing it cannot date, and
 * never more tokens than it may keep.
 */
class ValidatedTokensTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    /** The clock, and the cache's ticker read from it, so that both move together. */
    private final MovableClock time = new MovableClock(START);

    private ValidatedTokens tokens(long maximumEntries, Duration maximumAge) {
        TokenCacheSettings settings = new TokenCacheSettings();
        settings.setMaximumEntries(maximumEntries);
        settings.setMaximumAge(maximumAge);
        // Evictions on the caller's thread: what the test asserts has happened when it asserts it.
        return new ValidatedTokens(settings, time, () -> Duration.between(START, time.instant()).toNanos(),
                Runnable::run);
    }

    private static Authentication expiringAt(Instant exp) {
        return Authentication.build("bank-a", List.of("number-recycling:check"), Map.of("exp", Date.from(exp)));
    }

    @Test
    void anAcceptedTokenIsRecalledUntilItsExpAndNotAtIt() {
        ValidatedTokens tokens = tokens(100, Duration.ofMinutes(5));
        Authentication bank = expiringAt(START.plusSeconds(60));
        tokens.remember("token-a", bank);

        assertThat(tokens.recall("token-a")).containsSame(bank);
        time.advance(Duration.ofSeconds(59));
        assertThat(tokens.recall("token-a")).containsSame(bank);
        time.advance(Duration.ofSeconds(1));
        assertThat(tokens.recall("token-a")).as("at its exp").isEmpty();
        time.advance(Duration.ofSeconds(1));
        assertThat(tokens.recall("token-a")).isEmpty();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aTokenIsForgottenAfterTheMaximumAgeHoweverFarItsExp() {
        ValidatedTokens tokens = tokens(100, Duration.ofMinutes(5));
        tokens.remember("token-a", expiringAt(START.plus(Duration.ofDays(30))));

        time.advance(Duration.ofMinutes(5).minusNanos(1));
        assertThat(tokens.recall("token-a")).isPresent();
        time.advance(Duration.ofNanos(1));
        assertThat(tokens.recall("token-a")).isEmpty();
    }

    @Test
    void onlyTheVeryTokenIsRecalled() {
        ValidatedTokens tokens = tokens(100, Duration.ofMinutes(5));
        tokens.remember("header.claims.signature", expiringAt(START.plusSeconds(60)));

        assertThat(tokens.recall("header.claims.signaturf")).isEmpty();
        assertThat(tokens.recall("header.claims.")).isEmpty();
        assertThat(tokens.recall("header.claims.signature ")).isEmpty();
    }

    @Test
    void aTokenWithoutAReadableExpOrPastItIsNotRemembered() {
        ValidatedTokens tokens = tokens(100, Duration.ofMinutes(5));
        tokens.remember("no-exp", Authentication.build("bank-a", List.of(), Map.of()));
        tokens.remember("text-exp", Authentication.build("bank-a", List.of(), Map.of("exp", "tomorrow")));
        tokens.remember("expired", expiringAt(START.minusSeconds(1)));
        tokens.remember("expiring-now", expiringAt(START));

        assertThat(List.of("no-exp", "text-exp", "expired", "expiring-now"))
                .allSatisfy(token -> assertThat(tokens.recall(token)).as(token).isEmpty());
        assertThat(tokens.size()).isZero();
    }

    @Test
    void anExpInSecondsSinceTheEpochIsReadToo() {
        ValidatedTokens tokens = tokens(100, Duration.ofMinutes(5));
        tokens.remember("token-a", Authentication.build("bank-a", List.of(),
                Map.of("exp", START.plusSeconds(60).getEpochSecond())));

        assertThat(tokens.recall("token-a")).isPresent();
        time.advance(Duration.ofSeconds(60));
        assertThat(tokens.recall("token-a")).isEmpty();
    }

    @Test
    void noMoreTokensAreKeptThanAllowed() {
        ValidatedTokens tokens = tokens(3, Duration.ofMinutes(5));
        IntStream.range(0, 50).forEach(i -> tokens.remember("token-" + i, expiringAt(START.plusSeconds(60))));

        assertThat(tokens.size()).isLessThanOrEqualTo(3);
        assertThat(IntStream.range(0, 50).filter(i -> tokens.recall("token-" + i).isPresent()).count())
                .isLessThanOrEqualTo(3);
    }

    @Test
    void aCacheThatWouldKeepNothingIsAConfigurationError() {
        assertThatThrownBy(() -> tokens(0, Duration.ofMinutes(5))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("registry.security.token-cache.maximum-entries");
        assertThatThrownBy(() -> tokens(10, Duration.ZERO)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("registry.security.token-cache.maximum-age");
    }
}
