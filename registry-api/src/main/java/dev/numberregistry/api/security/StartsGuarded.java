package dev.numberregistry.api.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.value.PropertyResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start a registry that anyone who reaches its port could feed or read: one on a
 * cluster with no key for its callers' tokens or no secret between its instances, unless the
 * operator said it is open ({@link TokenKeys#refusal()}). First of the beans made at start-up, so
 * that nothing has started when it refuses.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
final class StartsGuarded {

    private static final Logger LOG = LoggerFactory.getLogger(StartsGuarded.class);

    StartsGuarded(PropertyResolver properties) {
        TokenKeys keys = TokenKeys.of(properties);
        keys.refusal().ifPresent(reason -> {
            LOG.error(reason);
            throw new ConfigurationException(reason);
        });
        if (keys.open()) {
            LOG.warn("registry.security.open=true: /events, /numbers and /internal answer whoever reaches the port, "
                    + "with no token. Only behind a gateway that authenticates the carrier's callers.");
        }
    }
}
