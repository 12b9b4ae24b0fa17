package dev.numberregistry.api.intake;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The answer to a submission: how many events were accepted and rejected, and each one's fate. */
@Serdeable
public record IntakeReport(int accepted, int rejected, List<IntakeResult> results) {

    static IntakeReport of(List<IntakeResult> results) {
        int accepted = (int) results.stream().filter(IntakeResult::isAccepted).count();
        return new IntakeReport(accepted, results.size() - accepted, results);
    }
}
