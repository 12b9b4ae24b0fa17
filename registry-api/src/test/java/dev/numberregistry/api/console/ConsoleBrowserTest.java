package dev.numberregistry.api.console;

import static dev.numberregistry.api.EventJson.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.EventJson;
import dev.numberregistry.api.Exchanges;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebElement;

/**
 * The ops console in a real browser against the embedded registry, as ops use it: look a number
 * up and read its life on the timeline, follow the due list to a number, see why an event was
 * refused, watch the live counters move, and be refused without the ops scope. The pictures of
 * the README are taken here.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest implements EmbeddedRegistryTestProperties {

    /** The README's walk-through number, with its story as the README tells it. */
    private static final String WALK_THROUGH = "+14155552671";

    @Inject
    EmbeddedServer server;

    @Inject
    @Client("/")
    HttpClient http;

    private ConsoleBrowser browser;
    /** Requests a test expects the registry to refuse: the page logs each, and that is no fault of the page. */
    private String refusalsExpected = null;

    @BeforeAll
    void tellTheWalkThroughsStory() {
        posted(event("walk-1", WALK_THROUGH, "NumberAssigned", "2030-01-05T09:00:00Z", "billing",
                        "\"subscriberRef\":\"sub-1001\",\"planType\":\"PREPAID\",\"validUntil\":\"2030-02-04T00:00:00Z\""),
                event("walk-2", WALK_THROUGH, "TopUpMade", "2030-02-01T12:00:00Z", "billing",
                        "\"amountMinorUnits\":1500,\"currency\":\"USD\",\"validUntil\":\"2030-03-03T00:00:00Z\""),
                event("walk-3", WALK_THROUGH, "FlagRaised", "2030-02-02T08:00:00Z", "abuse-desk",
                        "\"flagId\":\"spam-77\",\"kind\":\"SPAM\",\"severity\":\"LOW\",\"raisedBy\":\"abuse-desk\""),
                event("walk-4", WALK_THROUGH, "ValidityLapsed", "2030-03-03T00:00:00Z", "billing", ""),
                event("walk-5", WALK_THROUGH, "GraceExpired", "2030-04-02T00:00:00Z", "billing", ""),
                event("walk-6", WALK_THROUGH, "NumberReassigned", "2030-04-03T00:00:00Z", "billing",
                        "\"subscriberRef\":\"sub-2002\",\"planType\":\"PREPAID\""));
    }

    @BeforeEach
    void openABrowser() {
        refusalsExpected = null;
        browser = new ConsoleBrowser(server.getURL());
    }

    @AfterEach
    void closeIt() {
        List<String> errors = browser.pageErrors().stream()
                .filter(error -> refusalsExpected == null || !error.contains(refusalsExpected)).toList();
        browser.close();
        assertThat(errors).as("errors the page wrote to its console").isEmpty();
    }

    @Test
    void aNumbersWholeLifeIsOnItsTimeline() {
        browser.open("#/number");
        browser.signInWithADevelopmentToken();

        browser.type("#number-search", "+1 (415) 555-2671");
        browser.click("#number-go");

        browser.until(() -> browser.text("#state-card [data-field=status]").equals("QUARANTINED"), "the state");
        assertThat(browser.hash()).isEqualTo("#/number/" + WALK_THROUGH);
        assertThat(browser.text("#state-card [data-field=quarantineEndsAt]")).contains("2030-05-17");
        assertThat(ids(".tl-event.tl-carrier")).containsExactly("walk-1", "walk-2", "walk-3", "walk-4", "walk-5");
        assertThat(ids(".tl-event.tl-registry")).as("the registry's own decisions, told apart")
                .containsExactly("walk-5/recycled", "walk-5/recycled/tenure-ended/spam-77");
        assertThat(browser.all(".tl-rejection")).singleElement().satisfies(rejection -> {
            assertThat(rejection.getAttribute("data-event-id")).isEqualTo("walk-6");
            assertThat(rejection.getAttribute("data-code")).isEqualTo("QUARANTINE_NOT_OVER");
        });
        assertThat(browser.all(".tl-deadline")).extracting(deadline -> deadline.getAttribute("data-kind"))
                .containsExactly("QUARANTINE_END");
        assertThat(browser.text("#deadlines-ahead li[data-kind=QUARANTINE_END]")).contains("2030-05-17");
        assertThat(browser.text("#number-rejections li[data-code=QUARANTINE_NOT_OVER]")).contains("walk-6");
        assertThat(browser.shown("#reminders-sent li.empty").getText()).isNotBlank();

        browser.click(".tl-event[data-event-id='walk-3']");
        browser.until(() -> browser.text("#event-detail").contains("spam-77"), "the flag's every field");
        assertThat(browser.text("#event-detail")).contains("FlagRaised").contains("abuse-desk").contains("SPAM");
        browser.screenshot("number");
    }

    @Test
    void aBankIsToldWhatTheCheckWouldAnswerForTheDayPicked() {
        posted(event("bank-1", "+14155550402", "NumberImported", "2025-07-01T00:00:00Z", "billing",
                "\"status\":\"ACTIVE\",\"holder\":{\"subscriberRef\":\"sub-402\",\"planType\":\"POSTPAID\","
                        + "\"tenureStart\":\"2025-06-01T00:00:00Z\",\"assignmentNumber\":2},"
                        + "\"coveredFrom\":\"2025-01-01T00:00:00Z\""));
        browser.open("#/number");
        browser.signInWithADevelopmentToken();
        browser.type("#number-search", "00 1 415 555 0402");
        browser.click("#number-go");
        browser.until(() -> browser.text("#state-card [data-field=status]").equals("ACTIVE"), "the state");
        assertThat(browser.hash()).isEqualTo("#/number/+14155550402");

        browser.set("#bank-answer-date", "2025-03-01");
        browser.click("#bank-answer-go");
        browser.until(() -> browser.text("#bank-answer-result").contains("2025-03-01"), "the answer for 2025-03-01");
        assertThat(browser.text("#bank-answer-result")).contains("phoneNumberRecycled").contains("true");

        browser.set("#bank-answer-date", "2025-07-01");
        browser.click("#bank-answer-go");
        browser.until(() -> browser.text("#bank-answer-result").contains("2025-07-01"), "the answer for 2025-07-01");
        assertThat(browser.text("#bank-answer-result")).contains("phoneNumberRecycled").contains("false");

        browser.set("#bank-answer-date", "2024-12-31");
        browser.click("#bank-answer-go");
        browser.until(() -> browser.text("#bank-answer-result").contains("OUT_OF_RANGE"), "the check's refusal");
    }

    @Test
    void theDueListLeadsToEachNumber() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        posted(event("due-1", "+14155550403", "NumberAssigned", now.toString(), "billing",
                "\"subscriberRef\":\"sub-403\",\"planType\":\"PREPAID\",\"validUntil\":\""
                        + now.plus(3, ChronoUnit.DAYS) + "\""));
        browser.open("#/number");
        browser.signInWithADevelopmentToken();
        browser.go("#/due");

        WebElement row = browser.shown("#due-table tbody tr[data-number='+14155550403']");
        assertThat(row.getText()).contains("ACTIVE").contains("VALIDITY_END");
        browser.shown("#due-chart canvas");
        assertThat(browser.text("#due-count")).matches("\\d+ numbers?");
        browser.screenshot("due");

        browser.click("#due-table tbody tr[data-number='+14155550403'] a");

        browser.until(() -> browser.hash().equals("#/number/+14155550403"), "the number's view");
        browser.until(() -> browser.text("#state-card [data-field=status]").equals("ACTIVE"), "the number's state");
        assertThat(browser.all(".tl-deadline")).extracting(deadline -> deadline.getAttribute("data-kind"))
                .contains("VALIDITY_END");
    }

    @Test
    void whatWasRefusedShowsWhyAndTheRecordAsItArrived() {
        browser.open("#/refused");
        browser.signInWithADevelopmentToken();

        WebElement count = browser.shown("#refused-counts [data-code=QUARANTINE_NOT_OVER]");
        assertThat(count.getText()).contains("1");
        browser.click("#refused-table tbody tr[data-code=QUARANTINE_NOT_OVER]");
        browser.until(() -> browser.text("#refused-raw").contains("walk-6"), "the refused record");
        assertThat(browser.text("#refused-raw")).contains("sub-2002").contains("the number is in quarantine until");
        browser.screenshot("refused");

        browser.type("#refused-code", "NO_SUCH_CODE");
        browser.click("#refused-refresh");
        browser.until(() -> browser.all("#refused-table tbody tr[data-code=QUARANTINE_NOT_OVER]").isEmpty(),
                "the filter applied");
    }

    @Test
    void theLiveCountersMoveAsEventsArrive() {
        browser.open("#/live");
        browser.until(() -> !browser.text("#live-updated").equals("–"), "a first poll");
        assertThat(browser.text("#live-applied-total")).isEqualTo("0");

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        posted(event("live-1", "+14155550404", "NumberAssigned", now.toString(), "billing",
                        "\"subscriberRef\":\"sub-404\",\"planType\":\"PREPAID\",\"validUntil\":\"" + now.plusSeconds(1) + "\""),
                event("live-2", "+14155550404", "NumberAssigned", now.toString(), "billing",
                        "\"subscriberRef\":\"sub-405\",\"planType\":\"PREPAID\""),
                event("live-3", "+14155550405", "NumberAssigned", now.toString(), "billing",
                        "\"subscriberRef\":\"sub-406\",\"planType\":\"POSTPAID\""));

        browser.until(() -> Long.parseLong(browser.text("#live-applied-total")) >= 1, "an event applied");
        browser.until(() -> Long.parseLong(browser.text("#live-rejected-total")) >= 1, "an event rejected");
        browser.until(() -> Long.parseLong(browser.text("#live-fired-total")) >= 1, "the validity end fired");
        assertThat(browser.text("#live-applied")).endsWith("/s");
        // More traffic, poll after poll, as the page keeps counting.
        for (int poll = 1; poll <= 4; poll++) {
            String lastPoll = browser.text("#live-updated");
            browser.until(() -> !browser.text("#live-updated").equals(lastPoll), "another poll");
            posted(topUps("+14155550405", poll * 10, 10));
        }
        browser.until(() -> Long.parseLong(browser.text("#live-applied-total")) >= 42, "every top-up applied");
        browser.screenshot("live");
    }

    @Test
    void aUserWithoutTheOpsScopeIsRefused() {
        String billingOnly = devToken("billing", "registry:events:write");
        refusalsExpected = "/numbers/%2B14155552671 - Failed to load resource: the server responded with a status of 403";
        browser.open("#/number");
        browser.signInWith(billingOnly);

        browser.type("#number-search", WALK_THROUGH);
        browser.click("#number-go");

        browser.until(() -> browser.text("#auth-error").contains("registry:read"), "the refusal");
        assertThat(browser.all("#state-card [data-field=status]")).isEmpty();
    }

    /** {@code count} top-ups of a number, the first numbered {@code first}. */
    private static String[] topUps(String number, int first, int count) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return java.util.stream.IntStream.range(first, first + count).mapToObj(i -> event("top-up-" + i, number,
                "TopUpMade", now.toString(), "billing", "\"amountMinorUnits\":100,\"currency\":\"USD\",\"validUntil\":\""
                        + now.plus(30, ChronoUnit.DAYS) + "\"")).toArray(String[]::new);
    }

    private List<String> ids(String css) {
        return browser.all(css).stream().map(element -> element.getAttribute("data-event-id")).toList();
    }


    /** Posts events as billing does, and waits until the registry applied or rejected each. */
    private void posted(String... events) {
        HttpResponse<String> answer = Exchanges.exchange(http,
                HttpRequest.POST("/events?await=true", EventJson.batch(events)), String.class);
        assertThat(answer.code()).as(answer.body()).isEqualTo(200);
    }

    private String devToken(String subject, String scope) {
        Map<?, ?> token = http.toBlocking().retrieve(HttpRequest.POST("/dev/tokens",
                "{\"subject\":\"" + subject + "\",\"scopes\":[\"" + scope + "\"]}"), Map.class);
        return (String) token.get("access_token");
    }
}
