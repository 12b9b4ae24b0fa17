package dev.numberregistry.api.camara;

import dev.numberregistry.api.Application;
import dev.numberregistry.api.subscription.EventType;
import dev.numberregistry.api.subscription.RefusedSinkException;
import dev.numberregistry.api.subscription.SinkAddressPolicy;
import dev.numberregistry.api.subscription.SinkCredential;
import dev.numberregistry.api.subscription.Subscription;
import dev.numberregistry.api.subscription.SubscriptionDirectory;
import dev.numberregistry.api.subscription.SubscriptionLog;
import dev.numberregistry.api.subscription.SubscriptionSettings;
import dev.numberregistry.core.Quote;
import dev.numberregistry.core.notification.NotificationKind;
import dev.numberregistry.core.subscription.Watch;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.utils.SecurityService;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Push subscriptions to changes of hands, an extension of the registry's modelled on CAMARA's
 * subscription APIs: a bank names a sink, the event types and (in its watchlist) the numbers it
 * holds, and is sent a CloudEvent when one of them changes hands. A bank sees and changes only
 * its own subscriptions (the token's {@code sub}); another's is not found.
 */
@Controller("/number-recycling/v0.2/subscriptions")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = Application.NUMBER_RECYCLING_TAG)
@SecurityRequirement(name = Application.BEARER_TOKEN, scopes = CamaraApis.SUBSCRIPTIONS_WRITE)
class SubscriptionsController {

    private static final int MIN_SECRET = 32;
    private static final List<String> SIM_SWAP_SCOPES = List.of(CamaraApis.SIM_SWAP, CamaraApis.SIM_SWAP_CHECK);

    private final CamaraRequests requests;
    private final SubscriptionDirectory directory;
    private final SubscriptionLog log;
    private final SinkAddressPolicy sinks;
    private final SubscriptionSettings settings;
    private final SecurityService security;
    private final Clock clock;

    SubscriptionsController(CamaraRequests requests, SubscriptionDirectory directory, SubscriptionLog log,
                            SinkAddressPolicy sinks, SubscriptionSettings settings, SecurityService security,
                            Clock clock) {
        this.requests = requests;
        this.directory = directory;
        this.log = log;
        this.sinks = sinks;
        this.settings = settings;
        this.security = security;
        this.clock = clock;
    }

    @Post
    @Operation(operationId = "createNumberRecyclingSubscription", summary = "Subscribe to changes of hands "
            + "(the registry's extension)", description = """
            The events of the numbers in the subscription's watchlist (and of subscriptionDetail.phoneNumber) are \
            posted to the sink as CloudEvents 1.0 (structured JSON), at least once, in order per number: deduplicate \
            on id. The sink must be https on a public address.""")
    @CamaraDocumentation.CamaraOperation
    @ApiResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SubscriptionInfo.class)))
    @ApiResponse(responseCode = "400", description = "INVALID_ARGUMENT, INVALID_PROTOCOL, INVALID_SINK or "
            + "INVALID_CREDENTIAL", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CamaraError.class)))
    @ApiResponse(responseCode = "422", description = "SUBSCRIPTION_LIMIT_REACHED: the client has as many "
            + "subscriptions as it may", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CamaraError.class)))
    HttpResponse<SubscriptionInfo> create(@RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionRequests.Create.class)))
                                          @Body @Nullable byte[] body) {
        SubscriptionRequests.Create request = requests.read(body, SubscriptionRequests.Create.class);
        String owner = caller();
        if (!"HTTP".equals(request.protocol())) {
            throw error(HttpStatus.BAD_REQUEST, "INVALID_PROTOCOL", "protocol must be HTTP.");
        }
        if (request.sink() == null) {
            throw new CamaraException(CamaraError.invalidArgument("sink is required."));
        }
        try {
            sinks.checkUrl(request.sink());
        } catch (RefusedSinkException e) {
            throw error(HttpStatus.BAD_REQUEST, "INVALID_SINK", e.getMessage());
        }
        List<EventType> types = typesOf(request.types());
        requireSimSwapScopeFor(types);
        SubscriptionRequests.Config config = request.config() == null
                ? new SubscriptionRequests.Config(null, null, null) : request.config();
        Instant expiresAt = config.subscriptionExpireTime() == null ? null : instantOf(config.subscriptionExpireTime(),
                "config.subscriptionExpireTime");
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw new CamaraException(CamaraError.invalidArgument("config.subscriptionExpireTime is in the past."));
        }
        Long maxEvents = config.subscriptionMaxEvents();
        if (maxEvents != null && (maxEvents < 1 || maxEvents > Integer.MAX_VALUE)) {
            throw new CamaraException(CamaraError.invalidArgument("config.subscriptionMaxEvents must be 1 or more."));
        }
        Map<String, Watch> first = new LinkedHashMap<>();
        SubscriptionRequests.Detail detail = config.subscriptionDetail();
        if (detail != null && detail.phoneNumber() != null) {
            String number = CamaraRequests.phoneNumberOf(detail.phoneNumber()).e164();
            LocalDate verified = detail.lastVerified() == null ? today()
                    : dateOf(detail.lastVerified(), "config.subscriptionDetail.lastVerified");
            first.put(number, watchOf(verified, types));
        }
        if (directory.ownedBy(owner).size() >= settings.getMaxPerClient()) {
            throw error(HttpStatus.UNPROCESSABLE_ENTITY, "SUBSCRIPTION_LIMIT_REACHED", "A client may have "
                    + settings.getMaxPerClient() + " subscriptions; delete one first.");
        }
        Subscription subscription = new Subscription(UUID.randomUUID().toString(), owner, request.sink(),
                credentialOf(request.sinkCredential()), types, expiresAt,
                maxEvents == null ? null : maxEvents.intValue(), clock.instant(), null);
        log.create(subscription);
        log.watch(subscription, first);
        return HttpResponse.created(SubscriptionInfo.of(subscription, null));
    }

    @Get
    @Operation(operationId = "listNumberRecyclingSubscriptions", summary = "The caller's subscriptions")
    @SecurityRequirement(name = Application.BEARER_TOKEN, scopes = CamaraApis.SUBSCRIPTIONS_READ)
    @CamaraDocumentation.CamaraOperation
    List<SubscriptionInfo> list() {
        return directory.ownedBy(caller()).stream()
                .map(subscription -> SubscriptionInfo.of(subscription, directory.statusOf(subscription.id()).orElse(null)))
                .toList();
    }

    @Get("/{subscriptionId}")
    @Operation(operationId = "getNumberRecyclingSubscription", summary = "One of the caller's subscriptions")
    @SecurityRequirement(name = Application.BEARER_TOKEN, scopes = CamaraApis.SUBSCRIPTIONS_READ)
    @CamaraDocumentation.CamaraOperation
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such subscription of the caller's",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CamaraError.class)))
    SubscriptionInfo get(@PathVariable String subscriptionId) {
        Subscription subscription = owned(subscriptionId);
        return SubscriptionInfo.of(subscription, directory.statusOf(subscription.id()).orElse(null));
    }

    @Delete("/{subscriptionId}")
    @Operation(operationId = "deleteNumberRecyclingSubscription", summary = "End one of the caller's subscriptions",
            description = "Nothing more is sent to its sink but the subscription-ends event (SUBSCRIPTION_DELETED), "
                    + "after whatever was on its way.")
    @CamaraDocumentation.CamaraOperation
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such subscription of the caller's",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CamaraError.class)))
    HttpResponse<Void> delete(@PathVariable String subscriptionId) {
        log.delete(owned(subscriptionId));
        return HttpResponse.noContent();
    }

    @Post("/{subscriptionId}/watchlist")
    @Operation(operationId = "watchNumbers", summary = "Add numbers to a subscription's watchlist, or change the day "
            + "they were last verified", description = "A page of up to 10,000 numbers (registry.subscriptions."
            + "max-watchlist-page); a watchlist of a million is uploaded in pages. Taken whole or not at all.")
    @CamaraDocumentation.CamaraOperation
    @ApiResponse(responseCode = "200", description = "How many numbers the page watched",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PageResult.class)))
    PageResult watch(@PathVariable String subscriptionId, @RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionRequests.WatchPage.class)))
                     @Body @Nullable byte[] body) {
        Subscription subscription = owned(subscriptionId);
        SubscriptionRequests.WatchPage page = requests.read(body, SubscriptionRequests.WatchPage.class);
        List<SubscriptionRequests.Watched> numbers = pageOf(page.numbers(), "numbers");
        Map<String, Watch> watches = new LinkedHashMap<>();
        for (int i = 0; i < numbers.size(); i++) {
            SubscriptionRequests.Watched watched = numbers.get(i);
            String number = numberAt(watched.phoneNumber(), "numbers[" + i + "].phoneNumber");
            if (watched.lastVerified() == null) {
                throw new CamaraException(CamaraError.invalidArgument("numbers[" + i + "].lastVerified is required "
                        + "(YYYY-MM-DD)."));
            }
            watches.put(number, watchOf(dateOf(watched.lastVerified(), "numbers[" + i + "].lastVerified"),
                    subscription.types()));
        }
        log.watch(subscription, watches);
        return new PageResult(watches.size());
    }

    @Post("/{subscriptionId}/watchlist/removals")
    @Operation(operationId = "unwatchNumbers", summary = "Take numbers off a subscription's watchlist",
            description = "A page of up to 10,000 numbers; a number that was not watched is no error.")
    @CamaraDocumentation.CamaraOperation
    @ApiResponse(responseCode = "200", description = "How many numbers the page took off",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PageResult.class)))
    PageResult unwatch(@PathVariable String subscriptionId, @RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionRequests.Removals.class)))
                       @Body @Nullable byte[] body) {
        Subscription subscription = owned(subscriptionId);
        SubscriptionRequests.Removals removals = requests.read(body, SubscriptionRequests.Removals.class);
        List<String> numbers = pageOf(removals.phoneNumbers(), "phoneNumbers");
        List<String> parsed = new ArrayList<>(numbers.size());
        for (int i = 0; i < numbers.size(); i++) {
            parsed.add(numberAt(numbers.get(i), "phoneNumbers[" + i + "]"));
        }
        log.unwatch(subscription, parsed);
        return new PageResult(parsed.size());
    }

    /** How many numbers a watchlist page changed. */
    @Serdeable
    @Schema(name = "WatchlistPageResult")
    record PageResult(int numbers) {
    }

    private Subscription owned(String id) {
        return directory.find(id).filter(subscription -> !subscription.deleted())
                .filter(subscription -> subscription.owner().equals(caller()))
                .orElseThrow(() -> error(HttpStatus.NOT_FOUND, "NOT_FOUND", "The subscription does not exist."));
    }

    private String caller() {
        return security.username().orElseThrow(() -> new CamaraException(CamaraError.unauthenticated()));
    }

    private <T> List<T> pageOf(List<T> page, String field) {
        if (page == null || page.isEmpty()) {
            throw new CamaraException(CamaraError.invalidArgument(field + " must hold 1 to "
                    + settings.getMaxWatchlistPage() + " numbers."));
        }
        if (page.size() > settings.getMaxWatchlistPage()) {
            throw new CamaraException(CamaraError.invalidArgument(field + " holds " + page.size() + " numbers; at most "
                    + settings.getMaxWatchlistPage() + " are taken at once: send the list in pages."));
        }
        return page;
    }

    private static String numberAt(String phoneNumber, String field) {
        try {
            return CamaraRequests.phoneNumberOf(phoneNumber).e164();
        } catch (CamaraException e) {
            // The message names the field phoneNumber: it is named as the page has it.
            String message = e.error().message();
            throw new CamaraException(CamaraError.invalidArgument(message.startsWith("phoneNumber")
                    ? field + message.substring("phoneNumber".length()) : field + ": " + message));
        }
    }

    private static List<EventType> typesOf(List<String> types) {
        if (types == null || types.isEmpty()) {
            throw new CamaraException(CamaraError.invalidArgument("types must name at least one event type."));
        }
        List<EventType> known = new ArrayList<>();
        for (String type : types) {
            known.add(EventType.ofType(type).orElseThrow(() -> new CamaraException(CamaraError.invalidArgument(
                    "types: " + Quote.of(type) + " is not an event type of this API; these are: "
                            + List.of(EventType.values()).stream().map(EventType::type).toList() + "."))));
        }
        return known.stream().distinct().toList();
    }

    private static Watch watchOf(LocalDate lastVerified, List<EventType> types) {
        Set<NotificationKind> kinds = EnumSet.noneOf(NotificationKind.class);
        types.forEach(type -> type.kind().ifPresent(kinds::add));
        return new Watch(lastVerified, kinds, types.stream().anyMatch(EventType::isSimChange));
    }

    /** SIM changes are what CAMARA SIM Swap tells: only a client that may ask it may be pushed them. */
    private void requireSimSwapScopeFor(List<EventType> types) {
        if (types.stream().anyMatch(EventType::isSimChange) && security.getAuthentication()
                .map(authentication -> authentication.getRoles().stream().noneMatch(SIM_SWAP_SCOPES::contains))
                .orElse(true)) {
            throw new CamaraException(CamaraError.permissionDenied("Subscribing to " + EventType.SIM_SWAPPED.type()
                    + " needs a token with a scope of CAMARA SIM Swap as well (" + String.join(" or ", SIM_SWAP_SCOPES)
                    + ")."));
        }
    }

    private static SinkCredential credentialOf(SubscriptionRequests.Credential credential) {
        if (credential == null) {
            return null;
        }
        if (SinkCredential.ACCESS_TOKEN.equals(credential.credentialType())) {
            if (credential.accessToken() == null || credential.accessToken().isBlank()
                    || !"bearer".equalsIgnoreCase(credential.accessTokenType())) {
                throw invalidCredential("ACCESSTOKEN needs accessToken and accessTokenType bearer.");
            }
            Instant expires = credential.accessTokenExpiresUtc() == null ? null
                    : instantOf(credential.accessTokenExpiresUtc(), "sinkCredential.accessTokenExpiresUtc");
            return SinkCredential.bearer(credential.accessToken(), expires);
        }
        if (SinkCredential.HMAC.equals(credential.credentialType())) {
            if (credential.secret() == null || credential.secret().length() < MIN_SECRET) {
                throw invalidCredential("HMAC needs a secret of at least " + MIN_SECRET + " characters.");
            }
            return SinkCredential.hmac(credential.secret());
        }
        throw invalidCredential("credentialType must be ACCESSTOKEN or HMAC, not "
                + Quote.of(String.valueOf(credential.credentialType())) + ".");
    }

    private static CamaraException invalidCredential(String message) {
        return error(HttpStatus.BAD_REQUEST, "INVALID_CREDENTIAL", message);
    }

    private static CamaraException error(HttpStatus status, String code, String message) {
        return new CamaraException(CamaraError.of(status, code, message));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    private LocalDate dateOf(String text, String field) {
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new CamaraException(CamaraError.invalidArgument(field + " must be a date (YYYY-MM-DD), was "
                    + Quote.of(text) + "."));
        }
        if (date.isAfter(today())) {
            throw new CamaraException(CamaraError.invalidArgument(field + " " + date + " is in the future."));
        }
        return date;
    }

    private static Instant instantOf(String text, String field) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CamaraException(CamaraError.invalidArgument(field + " must be an RFC 3339 date-time in UTC "
                    + "(2031-01-01T00:00:00Z), was " + Quote.of(text) + "."));
        }
    }
}
