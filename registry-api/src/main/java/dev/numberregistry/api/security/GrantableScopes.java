package dev.numberregistry.api.security;

import dev.numberregistry.api.camara.CamaraApis;
import dev.numberregistry.api.web.RegistryScopes;
import java.util.List;
import java.util.stream.Stream;

/**
 * The scopes a token issued to a caller may carry: the CAMARA ones for banks, the registry's own
 * for the carrier's systems. Never {@link RegistryScopes#INTERNAL}, which only instances mint.
 */
final class GrantableScopes {

    static final List<String> ALL = Stream.concat(CamaraApis.SCOPES.stream(), RegistryScopes.CARRIER.stream()).toList();

    private GrantableScopes() {
    }
}
