package dev.numberregistry.api.subscription;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.List;

/**
 * Which sinks the registry calls when it delivers a subscription's events. By default only https
 * to public addresses: the registry runs inside a carrier's network, and a subscriber must not be
 * able to point it at that network's own hosts.
 */
@ConfigurationProperties(SinkSettings.PREFIX)
public class SinkSettings {

    public static final String PREFIX = "registry.subscriptions.sinks";
    public static final String ALLOW_HTTP = PREFIX + ".allow-http";
    public static final String ALLOWED_NETWORKS = PREFIX + ".allowed-networks";

    private boolean allowHttp;
    private List<String> allowedNetworks = List.of();

    /** Whether a sink may be plain http; {@code false} requires https. */
    public boolean isAllowHttp() {
        return allowHttp;
    }

    public void setAllowHttp(boolean allowHttp) {
        this.allowHttp = allowHttp;
    }

    /**
     * Networks in CIDR notation (such as {@code 10.20.0.0/16} or {@code ::1/128}) whose addresses a
     * sink may resolve to although they are private, loopback or otherwise not public: a bank's
     * gateway inside the carrier's network, or a local receiver in development.
     */
    public List<String> getAllowedNetworks() {
        return allowedNetworks;
    }

    public void setAllowedNetworks(List<String> allowedNetworks) {
        this.allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    }

    /** @throws ConfigurationException naming the property and the network that is not one */
    List<Cidr> allowedRanges() {
        return allowedNetworks.stream().map(SinkSettings::range).toList();
    }

    private static Cidr range(String network) {
        try {
            return Cidr.parse(network);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(ALLOWED_NETWORKS + " lists '" + network + "', which is not a network in"
                    + " CIDR notation (such as 10.20.0.0/16 or fd00::/8): " + e.getMessage(), e);
        }
    }
}
