package dev.numberregistry.api.web;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ops console's pages tell the browser to run nothing but the registry's own scripts and to
 * talk to nothing but the registry (a Content-Security-Policy), and never to be framed by another
 * site: what a token pasted into the page can reach stays the registry. The page's one inline
 * script, its import map, is allowed by its hash, worked out from the page the jar serves.
 */
@ServerFilter("/console/**")
final class ConsolePageHeaders {

    private static final String PAGE = "console/index.html";
    private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);

    private final String policy;

    ConsolePageHeaders() {
        this.policy = "default-src 'self'; script-src 'self' '" + importMapHash() + "'; style-src 'self'; "
                + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
                + "frame-ancestors 'none'";
    }

    @ResponseFilter
    void secure(MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", policy);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
    }

    private static String importMapHash() {
        try (InputStream page = Objects.requireNonNull(
                ConsolePageHeaders.class.getClassLoader().getResourceAsStream(PAGE), PAGE)) {
            Matcher importMap = IMPORT_MAP.matcher(new String(page.readAllBytes(), StandardCharsets.UTF_8));
            if (!importMap.find()) {
                throw new IllegalStateException(PAGE + " has no import map");
            }
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(importMap.group(1).getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
