package dev.numberregistry.api.subscription;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The addresses a sink's host name stands for; tests give their own answers instead of asking DNS. */
@FunctionalInterface
public interface HostResolver {

    /** The system's resolver, as the JDK's HTTP clients use it. */
    HostResolver SYSTEM = InetAddress::getAllByName;

    /**
     * @param host a name or an address literal, IPv6 without brackets
     * @throws UnknownHostException when the host does not resolve
     */
    InetAddress[] resolve(String host) throws UnknownHostException;
}
