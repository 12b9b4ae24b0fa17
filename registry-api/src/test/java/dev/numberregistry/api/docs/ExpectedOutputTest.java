package dev.numberregistry.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link ReadmeExamplesIT} holds what an example printed against what the README says. */
class ExpectedOutputTest {

    private static ExpectedOutput json(String text) throws JsonProcessingException {
        return new ExpectedOutput.Json(ExpectedOutput.JSON.readTree(text));
    }

    private static List<ExpectedOutput> missing(String output, ExpectedOutput... expected) {
        return ExpectedOutput.missingFrom(output, List.of(expected));
    }

    @Test
    void anObjectShowsTheFieldsThatMatter() throws JsonProcessingException {
        ExpectedOutput state = json("{\"number\":\"+14155552671\",\"status\":\"ACTIVE\",\"flags\":[]}");

        assertThat(missing("{\"number\":\"+14155552671\",\"status\":\"ACTIVE\",\"flags\":[],\"appliedEvents\":3}", state))
                .isEmpty();
        assertThat(missing("{\"number\":\"+14155552671\",\"status\":\"IN_GRACE\",\"flags\":[]}", state)).hasSize(1);
        assertThat(missing("{\"number\":\"+14155552671\",\"flags\":[]}", state)).as("a field left out").hasSize(1);
        assertThat(missing("{\"number\":\"+14155552671\",\"status\":\"ACTIVE\",\"flags\":[{\"flagId\":\"f\"}]}", state))
                .as("an array has as many elements as shown").hasSize(1);
    }

    @Test
    void threeDotsStandForWhatDiffersFromRunToRun() throws JsonProcessingException {
        ExpectedOutput rejection = json("{\"origin\":\"number-events-4@...\",\"rejectedAt\":\"...\",\"count\":\"...\"}");

        assertThat(missing("{\"origin\":\"number-events-4@17\",\"rejectedAt\":\"2030-01-01T00:00:00Z\",\"count\":3}",
                rejection)).isEmpty();
        assertThat(missing("{\"origin\":\"number-events-2@17\",\"rejectedAt\":\"2030-01-01T00:00:00Z\",\"count\":3}",
                rejection)).hasSize(1);
        assertThat(missing("In the log: 3 numbers in 0.4 s (8 numbers/s).",
                new ExpectedOutput.Line("In the log: 3 numbers in ... s (... numbers/s).")))
                .isEmpty();
        assertThat(missing("In the log: 2 numbers in 0.4 s (8 numbers/s).",
                new ExpectedOutput.Line("In the log: 3 numbers in ... s (... numbers/s).")))
                .hasSize(1);
    }

    @Test
    void answersPrintedBackToBackAreReadOneByOneAndInOrder() throws JsonProcessingException {
        String printed = "{\"a\":1}{\"b\":2}\nHTTP/1.1 403 Forbidden\r\nx-correlator: try-1\r\n\r\n{\"c\":3}";

        assertThat(missing(printed, json("{\"a\":1}"), json("{\"b\":2}"), new ExpectedOutput.Line("HTTP/1.1 403 Forbidden"),
                json("{\"c\":3}"))).isEmpty();
        assertThat(missing(printed, json("{\"b\":2}"), json("{\"a\":1}"))).as("out of order")
                .containsExactly(json("{\"a\":1}"));
        assertThat(missing(printed, new ExpectedOutput.Line("403 Forbidden"))).as("a line is matched whole").hasSize(1);
        assertThat(missing(printed, json("{\"a\":1.0}"))).as("numbers by value").isEmpty();
    }
}
