package dev.numberregistry.api.subscription;

import io.micronaut.context.annotation.Context;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which sinks the registry calls: https (unless {@link SinkSettings#ALLOW_HTTP}) to hosts whose
 * every address is public, unless it lies in {@link SinkSettings#ALLOWED_NETWORKS}. The registry
 * runs inside a carrier's network; without this, a subscriber could make it call that network's
 * own hosts, or a cloud's metadata service, and read or provoke what it should not (SSRF).
 *
 * <p>A sink is checked when it is subscribed and again at each delivery, since its name may
 * resolve elsewhere by then (DNS rebinding). A delivery must connect to the addresses
 * {@link #resolveForDelivery} vetted, not resolve the name again, and must not follow redirects,
 * which would lead anywhere unchecked.
 *
 * <p>Eager ({@link Context}) so that a malformed allowed network stops the registry at start, not
 * at the first subscription.
 */
@Context
public class SinkAddressPolicy {

    /** @param written the range as the table writes it, shorter than the JDK's IPv6 text */
    private record NotPublic(Cidr range, String written, String kind) {
    }

    /** An IPv6 range that carries an IPv4 address, which is where its packets end up. */
    private record Embedding(Cidr range, int ipv4Offset, String name) {
    }

    private static final List<NotPublic> NOT_PUBLIC = List.of(
            notPublic("0.0.0.0/8", "a \"this network\" address"),
            notPublic("10.0.0.0/8", "a private address"),
            notPublic("100.64.0.0/10", "a carrier-grade NAT address"),
            notPublic("127.0.0.0/8", "a loopback address"),
            notPublic("169.254.0.0/16", "a link-local address, where cloud metadata services answer"),
            notPublic("172.16.0.0/12", "a private address"),
            notPublic("192.0.0.0/24", "an IETF protocol address"),
            notPublic("192.168.0.0/16", "a private address"),
            notPublic("198.18.0.0/15", "a network benchmarking address"),
            notPublic("224.0.0.0/4", "a multicast address"),
            notPublic("255.255.255.255/32", "the broadcast address"),
            notPublic("240.0.0.0/4", "a reserved address"),
            notPublic("::/128", "the unspecified address"),
            notPublic("::1/128", "the loopback address"),
            notPublic("fc00::/7", "a unique local address"),
            notPublic("fe80::/10", "a link-local address"),
            notPublic("fec0::/10", "a site-local address"),
            notPublic("ff00::/8", "a multicast address"),
            notPublic("64:ff9b:1::/48", "a local-use NAT64 address"));

    /** The JDK reads ::ffff:a.b.c.d as a.b.c.d, so this range is built from its bytes. */
    private static final Cidr IPV4_MAPPED = new Cidr(ipv6(new byte[] {
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0}), 96);

    private static final List<Embedding> EMBEDDINGS = List.of(
            new Embedding(Cidr.parse("::/96"), 12, "an IPv4-compatible"),
            new Embedding(Cidr.parse("64:ff9b::/96"), 12, "a NAT64"),
            new Embedding(Cidr.parse("2002::/16"), 2, "a 6to4"));

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final boolean allowHttp;
    private final List<Cidr> allowedNetworks;
    private final HostResolver resolver;

    @Inject
    public SinkAddressPolicy(SinkSettings settings) {
        this(settings, HostResolver.SYSTEM);
    }

    /** @throws io.micronaut.context.exceptions.ConfigurationException when an allowed network is malformed */
    public SinkAddressPolicy(SinkSettings settings, HostResolver resolver) {
        this.allowHttp = settings.isAllowHttp();
        this.allowedNetworks = settings.allowedRanges();
        this.resolver = resolver;
    }

    /**
     * Checks a sink a subscriber gives, resolving its host.
     *
     * @return the sink as a URI
     * @throws RefusedSinkException saying why the registry will not call it
     */
    public URI checkUrl(String sink) {
        if (sink == null || sink.isBlank()) {
            throw new RefusedSinkException("No sink given: give the https URL the registry should POST events to, "
                    + "such as https://bank.example/events");
        }
        URI uri;
        try {
            uri = new URI(sink.strip());
        } catch (URISyntaxException e) {
            throw new RefusedSinkException("The sink is not a URL (" + e.getReason() + " at index " + e.getIndex()
                    + "): give an absolute https URL such as https://bank.example/events", e);
        }
        vet(uri);
        return uri;
    }

    /**
     * Checks a subscribed sink again just before a delivery, resolving its host anew.
     *
     * @return the addresses to connect to, all vetted; never empty
     * @throws RefusedSinkException when the sink is no longer acceptable
     */
    public InetAddress[] resolveForDelivery(URI sink) {
        return vet(sink);
    }

    private InetAddress[] vet(URI sink) {
        String scheme = sink.getScheme();
        boolean https = "https".equalsIgnoreCase(scheme);
        boolean http = "http".equalsIgnoreCase(scheme);
        if (!https && !http) {
            // The URL itself is not repeated: it may hold credentials, and messages end up in logs.
            throw new RefusedSinkException("The sink must be an absolute https URL, such as https://bank.example/events"
                    + (scheme == null ? "; it has no scheme" : "; its scheme is " + scheme));
        }
        if (http && !allowHttp) {
            throw new RefusedSinkException("The sink must use https, not http: the registry sends events only encrypted");
        }
        if (sink.getRawUserInfo() != null) {
            throw new RefusedSinkException("The sink must not carry a user name or password (user:password@host): "
                    + "a URL is stored, shown and logged; remove them from it");
        }
        String host = sink.getHost();
        if (host == null || host.isEmpty()) {
            throw new RefusedSinkException("The sink has no host the registry can call: give a host name of letters, "
                    + "digits, hyphens and dots (no underscores; internationalized names in their xn-- form), "
                    + "or an IP address, as in https://bank.example/events");
        }
        InetAddress[] addresses = resolve(host);
        for (InetAddress address : addresses) {
            refuseUnlessPublicOrAllowed(host, address, addresses.length);
        }
        return addresses;
    }

    private InetAddress[] resolve(String host) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(name);
        } catch (UnknownHostException e) {
            throw doesNotResolve(host, e);
        }
        if (addresses == null || addresses.length == 0) {
            throw doesNotResolve(host, null);
        }
        return addresses.clone();
    }

    private static RefusedSinkException doesNotResolve(String host, UnknownHostException cause) {
        return new RefusedSinkException("The sink's host " + host + " does not resolve: give a host name that has "
                + "public DNS records (A or AAAA)", cause);
    }

    private void refuseUnlessPublicOrAllowed(String host, InetAddress resolved, int addressCount) {
        boolean mapped = IPV4_MAPPED.contains(resolved);
        InetAddress address = mapped ? ipv4(resolved.getAddress(), 12) : resolved;
        if (allowedNetworks.stream().anyMatch(network -> network.contains(address))) {
            return;
        }
        String asMapped = mapped ? "an IPv4-mapped address of " + address.getHostAddress() + ", " : "";
        Optional<NotPublic> notPublic = notPublic(address);
        if (notPublic.isPresent()) {
            throw refused(host, resolved, addressCount, asMapped + describe(notPublic.get()));
        }
        for (Embedding embedding : EMBEDDINGS) {
            if (embedding.range().contains(address)) {
                InetAddress embedded = ipv4(address.getAddress(), embedding.ipv4Offset());
                Optional<NotPublic> embeddedNotPublic = notPublic(embedded);
                if (embeddedNotPublic.isPresent()) {
                    throw refused(host, resolved, addressCount, embedding.name() + " address that embeds "
                            + embedded.getHostAddress() + ", " + describe(embeddedNotPublic.get()));
                }
            }
        }
    }

    private static Optional<NotPublic> notPublic(InetAddress address) {
        return NOT_PUBLIC.stream().filter(range -> range.range().contains(address)).findFirst();
    }

    private static String describe(NotPublic notPublic) {
        return notPublic.kind() + " (" + notPublic.written() + ")";
    }

    private static RefusedSinkException refused(String host, InetAddress address, int addressCount, String what) {
        boolean literal = host.startsWith("[") || IPV4_LITERAL.matcher(host).matches();
        String which = addressCount > 1 ? " (one of its " + addressCount + " addresses)" : "";
        String subject = literal ? "The sink's address " + host + " is " : "The sink's host " + host
                + " resolves to " + address.getHostAddress() + which + ", ";
        return new RefusedSinkException(subject + what + ": the registry calls only public addresses, so that no "
                + "subscriber can make it call into the network it runs in. Give a host whose addresses are all public");
    }

    private static NotPublic notPublic(String cidr, String kind) {
        return new NotPublic(Cidr.parse(cidr), cidr, kind);
    }

    private static InetAddress ipv4(byte[] bytes, int offset) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(bytes, offset, offset + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }

    private static InetAddress ipv6(byte[] bytes) {
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
