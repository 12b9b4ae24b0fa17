package dev.numberregistry.api.subscription;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/** A network in CIDR notation, such as {@code 10.20.0.0/16} or {@code fd00::/8}. */
public record Cidr(InetAddress network, int prefixLength) {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int MAPPED_IPV4_PREFIX = 96;

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("the prefix length must be 0 to " + bits + ", was " + prefixLength);
        }
    }

    /**
     * @param text an address literal and a prefix length; an address alone is the network of that one address
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static Cidr parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress network = literal(address);
        int prefixLength = network.getAddress().length * 8;
        if (slash >= 0) {
            prefixLength = prefixLength(trimmed.substring(slash + 1));
            if (network instanceof Inet4Address && address.contains(":")) {
                // The JDK turns ::ffff:a.b.c.d into a.b.c.d, so the prefix counts the 96 bits before it.
                if (prefixLength < MAPPED_IPV4_PREFIX) {
                    throw new IllegalArgumentException("an IPv4-mapped network needs a prefix length of at least 96");
                }
                prefixLength -= MAPPED_IPV4_PREFIX;
            }
        }
        Cidr cidr = new Cidr(network, prefixLength);
        if (!cidr.network.equals(cidr.first())) {
            throw new IllegalArgumentException("it has bits set beyond its /" + prefixLength
                    + " prefix: did you mean " + cidr.first().getHostAddress() + "/" + prefixLength + "?");
        }
        return cidr;
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] own = network.getAddress();
        if (candidate.length != own.length) {
            return false;
        }
        int wholeBytes = prefixLength / 8;
        if (!Arrays.equals(candidate, 0, wholeBytes, own, 0, wholeBytes)) {
            return false;
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = 0xFF << (8 - remainingBits);
        return (candidate[wholeBytes] & mask) == (own[wholeBytes] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private InetAddress first() {
        byte[] bytes = network.getAddress();
        for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return byAddress(bytes);
    }

    /** Parsed here rather than by {@link InetAddress#getByName}, which asks DNS about whatever is no literal. */
    private static InetAddress literal(String address) {
        if (IPV4_LITERAL.matcher(address).matches()) {
            String[] octets = address.split("\\.");
            byte[] bytes = new byte[octets.length];
            for (int i = 0; i < octets.length; i++) {
                int octet = Integer.parseInt(octets[i]);
                if (octet > 255 || (octets[i].length() > 1 && octets[i].startsWith("0"))) {
                    throw notAnAddress(address, null);
                }
                bytes[i] = (byte) octet;
            }
            return byAddress(bytes);
        }
        if (!address.contains(":")) {
            throw notAnAddress(address, null);
        }
        try {
            // In brackets, the JDK takes the text for an IPv6 literal or refuses it, without DNS.
            return InetAddress.getByName("[" + address + "]");
        } catch (UnknownHostException e) {
            throw notAnAddress(address, e);
        }
    }

    private static IllegalArgumentException notAnAddress(String address, Exception cause) {
        return new IllegalArgumentException("'" + address + "' is not an IPv4 or IPv6 address", cause);
    }

    private static int prefixLength(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the prefix length '" + text + "' is not a number", e);
        }
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
