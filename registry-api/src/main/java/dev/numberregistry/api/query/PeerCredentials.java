package dev.numberregistry.api.query;

/**
 * How this instance proves to another that it is an instance of the registry, on every request to
 * the internal endpoints ({@link InternalApi}).
 */
public interface PeerCredentials {

    /** The {@code Authorization} header of a request to another instance. */
    String authorization();
}
