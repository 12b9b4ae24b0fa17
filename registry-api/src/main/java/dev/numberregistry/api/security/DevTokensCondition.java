package dev.numberregistry.api.security;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

/** {@code POST /dev/tokens} exists only when the registry mints development tokens: see {@link TokenKeys}. */
public final class DevTokensCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        if (context.getBeanContext() instanceof PropertyResolver properties && TokenKeys.of(properties).devTokens()) {
            return true;
        }
        context.fail("development tokens are off (registry.security.dev-tokens, a cluster or a signing key is configured)");
        return false;
    }
}
