package dev.numberregistry.api.security;

import dev.numberregistry.api.config.SecuritySettings;
import dev.numberregistry.api.web.RegistryScopes;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where development tokens are on, prints a token for each of the carrier's roles when the server
 * starts, so that a newcomer can post events and read numbers at once; others come from
 * {@code POST /dev/tokens}.
 */
@Singleton
@Requires(condition = DevTokensCondition.class)
final class DevCredentialsAtStart {

    private static final Logger LOG = LoggerFactory.getLogger(DevCredentialsAtStart.class);

    private final RegistrySigningKey key;
    private final SecuritySettings settings;
    private final Clock clock;

    DevCredentialsAtStart(RegistrySigningKey key, SecuritySettings settings, Clock clock) {
        this.key = key;
        this.settings = settings;
        this.clock = clock;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant ends = now.plus(settings.getDevTokenMaxValidity());
        LOG.info("""
                Development tokens, valid until {} (send as Authorization: Bearer <token>; more from POST /dev/tokens):
                  billing ({}): {}
                  ops     ({}): {}""",
                ends,
                RegistryScopes.EVENTS_WRITE, key.mint("dev-billing", List.of(RegistryScopes.EVENTS_WRITE), now, ends),
                RegistryScopes.READ, key.mint("dev-ops", List.of(RegistryScopes.READ), now, ends));
    }
}
