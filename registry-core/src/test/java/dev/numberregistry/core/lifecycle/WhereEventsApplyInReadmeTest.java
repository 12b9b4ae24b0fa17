package dev.numberregistry.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.state.NumberStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's table of where each event applies is {@link WhereEventsApply} written out: a
 * change to the table in code fails here until the README says the same.
 */
class WhereEventsApplyInReadmeTest {

    private static final Path README = Path.of("..", "README.md");
    private static final String START = "<!-- where-events-apply: written from WhereEventsApply, checked by "
            + "WhereEventsApplyInReadmeTest -->";
    private static final String END = "<!-- /where-events-apply -->";

    @Test
    void theReadmeShowsTheTableInCode() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("the README marks where the table is").isNotNegative();
        assertThat(end).as("the README marks where the table ends").isGreaterThan(start);
        String inReadme = readme.substring(start + START.length(), end).strip();
        String written = markdownTable();
        if (!inReadme.equals(written)) {
            Files.writeString(Path.of("target", "where-events-apply.md"), written + "\n");
        }

        assertThat(inReadme).as("the README's table differs from WhereEventsApply: paste "
                + "registry-core/target/where-events-apply.md between the README's markers").isEqualTo(written);
    }

    private static String markdownTable() {
        // In the order of a number's life, as the README tells it.
        List<NumberStatus> statuses = List.of(NumberStatus.ACTIVE, NumberStatus.IN_GRACE, NumberStatus.EXPIRED,
                NumberStatus.SUSPENDED, NumberStatus.CANCELLED, NumberStatus.QUARANTINED, NumberStatus.AVAILABLE,
                NumberStatus.PORTED_OUT);
        assertThat(statuses).as("every status").containsExactlyInAnyOrder(NumberStatus.values());
        List<String> lines = new ArrayList<>();
        lines.add("| event | unknown | " + statuses.stream().map(Enum::name).collect(Collectors.joining(" | ")) + " |");
        lines.add("| --- | --- | " + statuses.stream().map(status -> "---").collect(Collectors.joining(" | ")) + " |");
        for (Class<? extends EventPayload> type : WhereEventsApply.eventTypes()) {
            StringBuilder line = new StringBuilder("| `" + type.getSimpleName() + "` | " + cell(type, null) + " |");
            statuses.forEach(status -> line.append(' ').append(cell(type, status)).append(" |"));
            lines.add(line.toString());
        }
        return String.join("\n", lines);
    }

    private static String cell(Class<? extends EventPayload> type, NumberStatus status) {
        List<RejectionCode> codes = WhereEventsApply.refusedAs(type, status);
        return codes.isEmpty() ? "applies"
                : codes.stream().map(code -> "`" + code + "`").collect(Collectors.joining(" or "));
    }
}
