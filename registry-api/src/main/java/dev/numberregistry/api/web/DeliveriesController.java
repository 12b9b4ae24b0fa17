package dev.numberregistry.api.web;

import dev.numberregistry.api.Application;
import dev.numberregistry.api.subscription.DeliveryState;
import dev.numberregistry.api.subscription.DeliveryStatus;
import dev.numberregistry.api.subscription.Subscription;
import dev.numberregistry.api.subscription.SubscriptionDirectory;
import dev.numberregistry.api.subscription.SubscriptionLog;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;

/**
 * The ops view of push subscriptions: every bank's subscriptions and how their deliveries stand
 * (what waits, what failed and why), and the resuming of one whose sink failed for too long.
 */
@Controller("/subscriptions")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = Application.NUMBERS_TAG)
class DeliveriesController {

    private final SubscriptionDirectory directory;
    private final SubscriptionLog log;

    DeliveriesController(SubscriptionDirectory directory, SubscriptionLog log) {
        this.directory = directory;
        this.log = log;
    }

    @Get
    @Secured(RegistryScopes.READ)
    @SecurityRequirement(name = Application.BEARER_TOKEN, scopes = RegistryScopes.READ)
    @Operation(operationId = "listSubscriptionDeliveries", summary = "Every subscription and how its deliveries "
            + "stand", description = "Deleted ones too. The status is as the instance that delivers for the "
            + "subscription last wrote it (each second while there is traffic).")
    List<SubscriptionDeliveries> list() {
        return directory.all().stream().map(this::viewOf).toList();
    }

    @Get("/{subscriptionId}")
    @Secured(RegistryScopes.READ)
    @SecurityRequirement(name = Application.BEARER_TOKEN, scopes = RegistryScopes.READ)
    @Operation(operationId = "getSubscriptionDeliveries", summary = "A subscription and how its deliveries stand")
    @ApiResponse(responseCode = "200", description = "The subscription", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionDeliveries.class)))
    @ApiResponse(responseCode = "404", description = "UNKNOWN_SUBSCRIPTION", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    SubscriptionDeliveries get(@PathVariable String subscriptionId) {
        return viewOf(found(subscriptionId));
    }

    @Post("/{subscriptionId}/resume")
    @Secured(RegistryScopes.SUBSCRIPTIONS_MANAGE)
    @SecurityRequirement(name = Application.BEARER_TOKEN, scopes = RegistryScopes.SUBSCRIPTIONS_MANAGE)
    @Operation(operationId = "resumeSubscription", summary = "Resume a suspended subscription", description = """
            Its sink is sent again, in order, everything it missed while suspended (as long as the deliveries topic \
            still holds it: registry.subscriptions.deliveries-retention), then what comes. Taken in order with its \
            deliveries: the answer comes before the resume is done.""")
    @ApiResponse(responseCode = "202", description = "Ordered")
    @ApiResponse(responseCode = "404", description = "UNKNOWN_SUBSCRIPTION", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "NOT_SUSPENDED: only a suspended subscription is resumed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<SubscriptionDeliveries> resume(@PathVariable String subscriptionId) {
        Subscription subscription = found(subscriptionId);
        DeliveryState state = directory.statusOf(subscriptionId).map(DeliveryStatus::state).orElse(DeliveryState.ACTIVE);
        if (subscription.deleted() || state != DeliveryState.SUSPENDED) {
            throw new NotSuspendedException(subscriptionId, subscription.deleted() ? "deleted" : state.name());
        }
        log.resume(subscriptionId);
        return HttpResponse.accepted().body(viewOf(subscription));
    }

    private Subscription found(String id) {
        return directory.find(id).orElseThrow(() -> new SubscriptionNotFoundException(id));
    }

    private SubscriptionDeliveries viewOf(Subscription subscription) {
        DeliveryStatus status = directory.statusOf(subscription.id()).orElse(null);
        return new SubscriptionDeliveries(subscription.id(), subscription.owner(), subscription.sink(),
                subscription.types().stream().map(type -> type.type()).toList(), subscription.createdAt(),
                subscription.expiresAt(), subscription.maxEvents(), subscription.deletedAt(), status);
    }

    /** A subscription as ops see it: whose, where to, and how its deliveries stand (never its credential). */
    @Serdeable
    @Schema(name = "SubscriptionDeliveries")
    record SubscriptionDeliveries(String id, String owner, String sink, List<String> types, Instant createdAt,
                                  @Nullable Instant expiresAt, @Nullable Integer maxEvents, @Nullable Instant deletedAt,
                                  @Nullable DeliveryStatus deliveries) {
    }

    /** Only a suspended subscription is resumed. */
    static final class NotSuspendedException extends ApiProblemException {
        NotSuspendedException(String id, String state) {
            super(HttpStatus.CONFLICT, "NOT_SUSPENDED", "subscription " + id + " is " + state + ", not suspended");
        }
    }
}
