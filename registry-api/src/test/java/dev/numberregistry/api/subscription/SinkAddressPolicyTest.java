package dev.numberregistry.api.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which sinks the registry calls, with names resolved by the test instead of DNS; and, on the
 * application, its settings read and checked at start.
 */
class SinkAddressPolicyTest implements EmbeddedRegistryTestProperties {

    private final Map<String, InetAddress[]> dns = new HashMap<>();
    private final HostResolver resolver = host -> {
        InetAddress[] addresses = dns.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses;
    };

    private SinkAddressPolicy policy(boolean allowHttp, String... allowedNetworks) {
        SinkSettings settings = new SinkSettings();
        settings.setAllowHttp(allowHttp);
        settings.setAllowedNetworks(List.of(allowedNetworks));
        return new SinkAddressPolicy(settings, resolver);
    }

    private SinkAddressPolicy policy() {
        return policy(false);
    }

    private void resolve(String host, String... addresses) {
        dns.put(host, Arrays.stream(addresses).map(SinkAddressPolicyTest::address).toArray(InetAddress[]::new));
    }

    private static InetAddress address(String literal) {
        try {
            // A literal: the JDK parses it without asking DNS.
            return InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** The JDK turns ::ffff:a.b.c.d into an IPv4 address; a resolver need not. */
    private static InetAddress ipv4Mapped(int a, int b, int c, int d) throws UnknownHostException {
        byte[] bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) a, (byte) b, (byte) c, (byte) d};
        return Inet6Address.getByAddress(null, bytes, -1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1              | a loopback address (127.0.0.0/8)
            127.255.255.254        | a loopback address (127.0.0.0/8)
            0.0.0.0                | a "this network" address (0.0.0.0/8)
            ::                     | the unspecified address (::/128)
            ::1                    | the loopback address (::1/128)
            169.254.169.254        | a link-local address, where cloud metadata services answer (169.254.0.0/16)
            fe80::1                | a link-local address (fe80::/10)
            febf:ffff::1           | a link-local address (fe80::/10)
            10.1.2.3               | a private address (10.0.0.0/8)
            172.16.0.1             | a private address (172.16.0.0/12)
            172.31.255.255         | a private address (172.16.0.0/12)
            192.168.1.1            | a private address (192.168.0.0/16)
            fc00::1                | a unique local address (fc00::/7)
            fd12:3456::1           | a unique local address (fc00::/7)
            100.64.0.1             | a carrier-grade NAT address (100.64.0.0/10)
            100.127.255.254        | a carrier-grade NAT address (100.64.0.0/10)
            224.0.0.1              | a multicast address (224.0.0.0/4)
            ff02::1                | a multicast address (ff00::/8)
            255.255.255.255        | the broadcast address (255.255.255.255/32)
            ::10.0.0.1             | an IPv4-compatible address that embeds 10.0.0.1, a private address (10.0.0.0/8)
            64:ff9b::a9fe:a9fe     | a NAT64 address that embeds 169.254.169.254, a link-local address
            2002:c0a8:101::1       | a 6to4 address that embeds 192.168.1.1, a private address (192.168.0.0/16)
            """)
    void aHostResolvingToAnAddressThatIsNotPublicIsRefused(String refused, String why) {
        resolve("bank.example", refused);

        assertThatThrownBy(() -> policy().checkUrl("https://bank.example/events"))
                .isInstanceOf(RefusedSinkException.class)
                .hasMessageStartingWith("The sink's host bank.example resolves to " + address(refused).getHostAddress()
                        + ", " + why)
                .hasMessageContaining("Give a host whose addresses are all public");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            https://127.0.0.1/events          | The sink's address 127.0.0.1 is a loopback address
            https://[::1]:8443/events         | The sink's address [::1] is the loopback address
            https://169.254.169.254/latest    | The sink's address 169.254.169.254 is a link-local address
            https://[::ffff:127.0.0.1]/events | The sink's address [::ffff:127.0.0.1] is a loopback address
            """)
    void anAddressGivenAsTheHostIsCheckedAsItIs(String sink, String why) {
        dns.put("127.0.0.1", new InetAddress[] {address("127.0.0.1")});
        dns.put("::1", new InetAddress[] {address("::1")});
        dns.put("169.254.169.254", new InetAddress[] {address("169.254.169.254")});
        dns.put("::ffff:127.0.0.1", new InetAddress[] {address("::ffff:127.0.0.1")});

        assertThatThrownBy(() -> policy().checkUrl(sink)).isInstanceOf(RefusedSinkException.class)
                .hasMessageStartingWith(why);
    }

    @Test
    void anIpv4MappedIpv6LoopbackIsRefused() throws UnknownHostException {
        dns.put("bank.example", new InetAddress[] {ipv4Mapped(127, 0, 0, 1)});

        assertThatThrownBy(() -> policy().checkUrl("https://bank.example/events"))
                .isInstanceOf(RefusedSinkException.class)
                .hasMessageContaining("an IPv4-mapped address of 127.0.0.1, a loopback address (127.0.0.0/8)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "2606:2800:21f::1", "172.32.0.1", "172.15.255.255", "100.128.0.1",
            "100.63.255.255", "192.169.0.1", "2003::1", "64:ff9b::5db8:d70e", "2002:5db8:d70e::1", "fbff::1"})
    void aHostResolvingToPublicAddressesIsAcceptedAndDeliveredTo(String publicAddress) {
        resolve("bank.example", publicAddress);
        SinkAddressPolicy policy = policy();

        URI sink = policy.checkUrl("https://bank.example:8443/events?bank=a");

        assertThat(sink).isEqualTo(URI.create("https://bank.example:8443/events?bank=a"));
        assertThat(policy.resolveForDelivery(sink)).containsExactly(address(publicAddress));
    }

    @Test
    void aNameWithOnePublicAndOnePrivateAddressIsRefused() {
        resolve("bank.example", "93.184.215.14", "10.0.0.7");

        assertThatThrownBy(() -> policy().checkUrl("https://bank.example/events"))
                .isInstanceOf(RefusedSinkException.class)
                .hasMessageStartingWith("The sink's host bank.example resolves to 10.0.0.7 (one of its 2 addresses), "
                        + "a private address (10.0.0.0/8)");
    }

    @Test
    void aNameThatNowResolvesToAPrivateAddressIsRefusedAtDelivery() {
        resolve("bank.example", "93.184.215.14");
        SinkAddressPolicy policy = policy();
        URI sink = policy.checkUrl("https://bank.example/events");

        resolve("bank.example", "169.254.169.254");

        assertThatThrownBy(() -> policy.resolveForDelivery(sink)).isInstanceOf(RefusedSinkException.class)
                .hasMessageContaining("resolves to 169.254.169.254, a link-local address");
    }

    @Test
    void aNameThatDoesNotResolveIsRefused() {
        assertThatThrownBy(() -> policy().checkUrl("https://nowhere.bank.example/events"))
                .isInstanceOf(RefusedSinkException.class)
                .hasMessageStartingWith("The sink's host nowhere.bank.example does not resolve");
    }

    @Test
    void aResolverAnsweringNoAddressIsTakenForNoResolution() {
        dns.put("bank.example", new InetAddress[0]);

        assertThatThrownBy(() -> policy().checkUrl("https://bank.example/events"))
                .isInstanceOf(RefusedSinkException.class)
                .hasMessageStartingWith("The sink's host bank.example does not resolve");
    }

    @Test
    void allowedNetworksLetTheirAddressesThroughAndNoOthers() {
        SinkAddressPolicy policy = policy(true, "127.0.0.0/8", "::1/128", "10.20.0.0/16");
        resolve("receiver.local", "127.0.0.1", "::1");
        resolve("gateway.bank.internal", "10.20.255.255");
        resolve("elsewhere.internal", "10.21.0.0");

        assertThat(policy.resolveForDelivery(policy.checkUrl("http://receiver.local:8080/events")))
                .containsExactly(address("127.0.0.1"), address("::1"));
        assertThat(policy.checkUrl("https://gateway.bank.internal/events")).hasHost("gateway.bank.internal");
        assertThatThrownBy(() -> policy.checkUrl("https://elsewhere.internal/events"))
                .isInstanceOf(RefusedSinkException.class)
                .hasMessageContaining("resolves to 10.21.0.0, a private address (10.0.0.0/8)");
    }

    @Test
    void anAllowedIpv4NetworkCoversItsIpv4MappedAddresses() throws UnknownHostException {
        dns.put("receiver.local", new InetAddress[] {ipv4Mapped(127, 0, 0, 1)});

        assertThat(policy(false, "127.0.0.0/8").checkUrl("https://receiver.local/")).hasHost("receiver.local");
    }

    @Test
    void httpIsRefusedUnlessAllowed() {
        resolve("bank.example", "93.184.215.14");

        assertThatThrownBy(() -> policy().checkUrl("http://bank.example/events"))
                .isInstanceOf(RefusedSinkException.class)
                .hasMessageStartingWith("The sink must use https, not http");
        assertThat(policy(true).checkUrl("HTTP://bank.example/events")).hasHost("bank.example");
    }

    @Test
    void httpIsRefusedAtDeliveryOnceNoLongerAllowed() {
        resolve("bank.example", "93.184.215.14");
        URI sink = policy(true).checkUrl("http://bank.example/events");

        assertThatThrownBy(() -> policy(false).resolveForDelivery(sink)).isInstanceOf(RefusedSinkException.class)
                .hasMessageStartingWith("The sink must use https, not http");
    }

    @Test
    void userInfoIsRefusedWithoutRepeatingIt() {
        resolve("bank.example", "93.184.215.14");

        assertThatThrownBy(() -> policy().checkUrl("https://alice:s3cret@bank.example/events"))
                .isInstanceOf(RefusedSinkException.class)
                .hasMessageStartingWith("The sink must not carry a user name or password")
                .hasMessageNotContaining("s3cret");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            bank.example/events              | The sink must be an absolute https URL, such as https://bank.example/events; it has no scheme
            ftp://bank.example/events        | The sink must be an absolute https URL, such as https://bank.example/events; its scheme is ftp
            file:///etc/passwd               | The sink must be an absolute https URL, such as https://bank.example/events; its scheme is file
            https://bank example/events      | The sink is not a URL (Illegal character in authority at index 8)
            https:bank.example               | The sink has no host the registry can call
            https:///events                  | The sink has no host the registry can call
            https://bank_a.example/events    | The sink has no host the registry can call
            '   '                            | No sink given
            """)
    void whatIsNoAbsoluteHttpsUrlWithAHostIsRefused(String sink, String why) {
        assertThatThrownBy(() -> policy().checkUrl(sink)).isInstanceOf(RefusedSinkException.class)
                .hasMessageStartingWith(why);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/33     | the prefix length must be 0 to 32, was 33
            fd00::/129      | the prefix length must be 0 to 128, was 129
            10.20.1.0/16    | it has bits set beyond its /16 prefix: did you mean 10.20.0.0/16?
            300.1.1.0/24    | '300.1.1.0' is not an IPv4 or IPv6 address
            010.0.0.0/8     | '010.0.0.0' is not an IPv4 or IPv6 address
            bank.example/24 | 'bank.example' is not an IPv4 or IPv6 address
            fd00::g/64      | 'fd00::g' is not an IPv4 or IPv6 address
            10.0.0.0/x      | the prefix length 'x' is not a number
            """)
    void aMalformedAllowedNetworkStopsTheStartNamingTheProperty(String network, String why) {
        assertThatThrownBy(() -> policy(false, network)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("registry.subscriptions.sinks.allowed-networks lists '" + network
                        + "', which is not a network in CIDR notation")
                .hasMessageEndingWith(": " + why);
    }

    @Test
    void anAllowedNetworkMayBeOneAddressOrIpv4MappedOrEverything() {
        resolve("receiver.local", "127.0.0.1");
        resolve("gateway.internal", "10.9.8.7");
        resolve("ula.internal", "fd00::5");

        assertThat(policy(false, "127.0.0.1").checkUrl("https://receiver.local/")).hasHost("receiver.local");
        assertThat(policy(false, "::ffff:10.9.0.0/112").checkUrl("https://gateway.internal/")).hasHost("gateway.internal");
        assertThat(policy(false, "::/0").checkUrl("https://ula.internal/")).hasHost("ula.internal");
        assertThatThrownBy(() -> policy(false, "::/0").checkUrl("https://gateway.internal/"))
                .isInstanceOf(RefusedSinkException.class);
    }

    @Test
    void theApplicationReadsTheSettingsAsAnEnvironmentVariableGivesThem() {
        Map<String, Object> properties = new HashMap<>(getProperties());
        properties.put(SinkSettings.ALLOW_HTTP, "true");
        properties.put(SinkSettings.ALLOWED_NETWORKS, "127.0.0.0/8, ::1/128");

        try (ApplicationContext context = ApplicationContext.run(properties)) {
            SinkAddressPolicy policy = context.getBean(SinkAddressPolicy.class);

            assertThat(policy.checkUrl("http://127.0.0.1:8080/events")).hasPort(8080);
            assertThat(policy.checkUrl("http://[::1]:8080/events")).hasPort(8080);
        }
    }

    @Test
    void aMalformedAllowedNetworkStopsTheApplicationsStart() {
        Map<String, Object> properties = new HashMap<>(getProperties());
        properties.put(SinkSettings.ALLOWED_NETWORKS, "10.0.0.0/8,192.168.0.0/33");

        assertThatThrownBy(() -> ApplicationContext.run(properties).close())
                .hasStackTraceContaining("registry.subscriptions.sinks.allowed-networks lists '192.168.0.0/33'");
    }
}
