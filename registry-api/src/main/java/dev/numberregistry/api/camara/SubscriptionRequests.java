package dev.numberregistry.api.camara;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The bodies of the subscription operations, as CAMARA's subscription APIs shape them. */
final class SubscriptionRequests {

    private SubscriptionRequests() {
    }

    @Schema(name = "SubscriptionRequest", description = "A push subscription: where to send which events")
    record Create(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "HTTP") String protocol,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uri", description = "Where the events "
                    + "are posted: https, and a public address") String sink,
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) Credential sinkCredential,
            @ArraySchema(minItems = 1, schema = @Schema(description = "Event types, e.g. "
                    + "dev.numberregistry.number-recycling.v0.number-recycled")) List<String> types,
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) Config config) {
    }

    /**
     * CAMARA's {@code SinkCredential}: {@code ACCESSTOKEN} (sent as a bearer token) or, an
     * extension, {@code HMAC} (each delivery signed with {@code secret}, Standard Webhooks style).
     */
    @Serdeable
    @Schema(name = "SinkCredential")
    record Credential(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"ACCESSTOKEN", "HMAC"})
            String credentialType,
            @Nullable String accessToken,
            @Nullable @Schema(format = "date-time") String accessTokenExpiresUtc,
            @Nullable @Schema(allowableValues = "bearer") String accessTokenType,
            @Nullable @Schema(description = "HMAC: at least 32 characters, or a whsec_ base64 secret") String secret) {
    }

    @Serdeable
    @Schema(name = "SubscriptionConfig")
    record Config(
            @Nullable Detail subscriptionDetail,
            @Nullable @Schema(format = "date-time") String subscriptionExpireTime,
            @Nullable @Schema(minimum = "1") Long subscriptionMaxEvents) {
    }

    /** One number to watch from the start (more go in the watchlist). */
    @Serdeable
    @Schema(name = "SubscriptionDetail")
    record Detail(
            @Nullable @Schema(pattern = CamaraApis.PHONE_NUMBER_PATTERN) String phoneNumber,
            @Nullable @Schema(format = "date", description = "The day the bank last verified the number; "
                    + "default: today") String lastVerified) {
    }

    @Schema(name = "WatchlistPage", description = "Numbers to watch, each with the day the bank last verified it")
    record WatchPage(@ArraySchema(minItems = 1) List<Watched> numbers) {
    }

    @Schema(name = "WatchedNumber")
    record Watched(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = CamaraApis.PHONE_NUMBER_PATTERN)
            String phoneNumber,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date") String lastVerified) {
    }

    @Schema(name = "WatchlistRemovals", description = "Numbers to stop watching")
    record Removals(@ArraySchema(minItems = 1, schema = @Schema(pattern = CamaraApis.PHONE_NUMBER_PATTERN))
                    List<String> phoneNumbers) {
    }
}
