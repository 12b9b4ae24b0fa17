package dev.numberregistry.api.schemaregistry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The schema registry client's credentials and TLS, read from settings named as Confluent's
 * clients name them, so that a carrier copies them from its producers' configuration. A name not
 * listed here stops the start (a misspelt setting would otherwise be ignored in silence).
 */
record ClientSettings(Optional<String> authorization, Optional<SSLContext> ssl) {

    static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    static final String USER_INFO = "basic.auth.user.info";
    private static final String SSL = "schema.registry.ssl.";
    static final String TRUSTSTORE_LOCATION = SSL + "truststore.location";
    static final String TRUSTSTORE_PASSWORD = SSL + "truststore.password";
    static final String TRUSTSTORE_TYPE = SSL + "truststore.type";
    static final String KEYSTORE_LOCATION = SSL + "keystore.location";
    static final String KEYSTORE_PASSWORD = SSL + "keystore.password";
    static final String KEYSTORE_TYPE = SSL + "keystore.type";
    static final String KEY_PASSWORD = SSL + "key.password";
    static final String ENDPOINT_IDENTIFICATION = SSL + "endpoint.identification.algorithm";
    static final Set<String> KNOWN = new TreeSet<>(Set.of(CREDENTIALS_SOURCE, USER_INFO, TRUSTSTORE_LOCATION,
            TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE, KEYSTORE_LOCATION, KEYSTORE_PASSWORD, KEYSTORE_TYPE, KEY_PASSWORD,
            ENDPOINT_IDENTIFICATION));

    /** @throws IllegalArgumentException naming the setting that is wrong, and why */
    static ClientSettings of(URI url, Map<String, String> settings) {
        for (String name : settings.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException(SchemaRegistrySettings.PREFIX + ".client." + name
                        + " is not a schema registry client setting the registry knows; known: " + KNOWN);
            }
        }
        String identification = settings.getOrDefault(ENDPOINT_IDENTIFICATION, "https");
        if (!identification.equalsIgnoreCase("https")) {
            throw new IllegalArgumentException(ENDPOINT_IDENTIFICATION + " is " + identification
                    + "; only https (the server's name checked against its certificate) is supported");
        }
        return new ClientSettings(authorization(url, settings), sslContext(settings));
    }

    private static Optional<String> authorization(URI url, Map<String, String> settings) {
        String source = settings.get(CREDENTIALS_SOURCE);
        if (source == null) {
            if (settings.containsKey(USER_INFO)) {
                throw new IllegalArgumentException(USER_INFO + " is set but " + CREDENTIALS_SOURCE
                        + " is not: set it to USER_INFO to send those credentials");
            }
            return Optional.empty();
        }
        String userInfo = switch (source) {
            case "USER_INFO" -> Optional.ofNullable(settings.get(USER_INFO)).orElseThrow(() ->
                    new IllegalArgumentException(CREDENTIALS_SOURCE + " is USER_INFO but " + USER_INFO + " is not set"));
            case "URL" -> Optional.ofNullable(url.getRawUserInfo()).orElseThrow(() ->
                    new IllegalArgumentException(CREDENTIALS_SOURCE + " is URL but the URL " + withoutUserInfo(url)
                            + " holds no user:password@"));
            default -> throw new IllegalArgumentException(CREDENTIALS_SOURCE + " is " + source
                    + "; the registry supports USER_INFO and URL");
        };
        if (!userInfo.contains(":")) {
            throw new IllegalArgumentException("The basic-auth credentials must read user:password");
        }
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }

    private static Optional<SSLContext> sslContext(Map<String, String> settings) {
        String truststore = settings.get(TRUSTSTORE_LOCATION);
        String keystore = settings.get(KEYSTORE_LOCATION);
        if (truststore == null && keystore == null) {
            return Optional.empty(); // https with the JVM's own trusted authorities
        }
        try {
            TrustManagerFactory trust = null;
            if (truststore != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(truststore, settings.get(TRUSTSTORE_PASSWORD), settings.get(TRUSTSTORE_TYPE)));
            }
            KeyManagerFactory keys = null;
            if (keystore != null) {
                String storePassword = settings.get(KEYSTORE_PASSWORD);
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String keyPassword = settings.getOrDefault(KEY_PASSWORD, storePassword);
                keys.init(load(keystore, storePassword, settings.get(KEYSTORE_TYPE)),
                        keyPassword == null ? null : keyPassword.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return Optional.of(context);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot set up TLS for the schema registry: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String location, String password, String type)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type == null ? "JKS" : type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }

    /** The URL without credentials, for messages and logs. */
    static String withoutUserInfo(URI url) {
        return url.getRawUserInfo() == null ? url.toString() : url.toString().replace(url.getRawUserInfo() + "@", "");
    }
}
