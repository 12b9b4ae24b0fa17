package dev.numberregistry.api.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1, made with the JDK's keytool: the server's key store
 * and a trust store holding only the certificate, both PKCS12, as a carrier's operators would make
 * them for a test registry.
 */
record ServerCertificate(Path keyStore, Path trustStore, String password) {

    static ServerCertificate create(Path directory) throws Exception {
        ServerCertificate certificate = new ServerCertificate(directory.resolve("server.p12"),
                directory.resolve("trust.p12"), "changeit-" + System.nanoTime());
        Path exported = directory.resolve("server.crt");
        keytool("-genkeypair", "-alias", "schema-registry", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", certificate.keyStore.toString(),
                "-storepass", certificate.password, "-keypass", certificate.password);
        keytool("-exportcert", "-alias", "schema-registry", "-keystore", certificate.keyStore.toString(),
                "-storepass", certificate.password, "-file", exported.toString());
        keytool("-importcert", "-noprompt", "-alias", "schema-registry", "-file", exported.toString(),
                "-storetype", "PKCS12", "-keystore", certificate.trustStore.toString(),
                "-storepass", certificate.password);
        return certificate;
    }

    /** A client context that trusts this certificate alone. */
    SSLContext trustingContext() {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the trust store " + trustStore, e);
        }
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
    }
}
