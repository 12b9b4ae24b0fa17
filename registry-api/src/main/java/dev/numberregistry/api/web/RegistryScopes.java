package dev.numberregistry.api.web;

import java.util.List;

/**
 * The scopes of the registry's own API, beside the CAMARA ones: OAuth 2.0 scopes in the token's
 * {@code scope} claim, which Micronaut Security reads as roles. Each stands for one kind of caller.
 */
public final class RegistryScopes {

    /** A billing system: may send events ({@code POST /events}). */
    public static final String EVENTS_WRITE = "registry:events:write";
    /** Ops: may read states, histories, rejections and what comes due ({@code GET /numbers...}). */
    public static final String READ = "registry:read";
    /** Ops: may resume a subscription suspended because its sink kept failing. */
    public static final String SUBSCRIPTIONS_MANAGE = "registry:subscriptions:manage";
    /**
     * Ops, or an auditor: may read the audit trail of the CAMARA requests, who asked about a
     * number and what each client asked ({@code GET /audit/...}). Apart from {@link #READ}: the
     * trail says which numbers each bank's customers have, which reading a number's state does not.
     */
    public static final String AUDIT_READ = "registry:audit:read";
    /**
     * Another instance of the registry: may ask the internal endpoints. Only instances mint tokens
     * with it, signed with the secret they share; an identity provider must never grant it.
     */
    public static final String INTERNAL = "registry:internal";

    /** The scopes a carrier's callers are given (and a development token may carry). */
    public static final List<String> CARRIER = List.of(EVENTS_WRITE, READ, SUBSCRIPTIONS_MANAGE, AUDIT_READ);
    /** Every scope of the registry's own API. */
    public static final List<String> ALL = List.of(EVENTS_WRITE, READ, SUBSCRIPTIONS_MANAGE, AUDIT_READ, INTERNAL);

    private RegistryScopes() {
    }
}
