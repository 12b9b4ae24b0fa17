package dev.numberregistry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.testing.EverythingRead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Pins the topology's shape (its processors, stores and the topics they read and write) to a
 * checked-in description, as Kafka's own {@code TopologyTest} does. A store's name is its changelog
 * topic's name: renaming one, or reordering what names are derived from, silently loses its state
 * on upgrade. Such a change must be deliberate: it fails here until the file is replaced, in the
 * same review as the change and its upgrade note.
 */
class TopologyShapeTest {

    private static final String PINNED = "/pinned-topology.txt";

    @Test
    void theTopologyIsThePinnedOne() throws IOException {
        String described = RegistryTopology.build(RegistryTopics.DEFAULT, new EventPlacement(6), EverythingRead.LOG,
                PolicyBook.defaults(), RegistrySerdes.singleObjectAvro(), DeadlineSweep.DEFAULT).describe().toString();

        assertThat(described.strip())
                .as("the topology changed; if deliberate, replace registry-streams/src/test/resources%s with "
                        + "the description above, and say in the change how state survives the upgrade", PINNED)
                .isEqualTo(pinned().strip());
    }

    @Test
    void everyStoreKeepsItsNameAndSoItsChangelog() throws IOException {
        String pinned = pinned();

        // Written out, not taken from RegistryStores: renaming a constant must not rename what is pinned.
        assertThat(List.of(RegistryStores.NUMBER_STATE, RegistryStores.NUMBER_HISTORY, RegistryStores.NUMBER_REJECTIONS,
                RegistryStores.NUMBER_REJECTION_COUNTS, RegistryStores.DEADLINES, RegistryStores.APPLIED_EVENT_IDS,
                RegistryStores.NUMBER_REMINDERS_SENT))
                .containsExactly("number-state-store", "number-history-store", "number-rejections-store",
                        "number-rejection-counts-store", "deadline-index-store", "recent-event-ids-store",
                        "number-reminders-sent-store")
                .allSatisfy(store -> assertThat(pinned).contains("stores: [").contains(store));
    }

    private static String pinned() throws IOException {
        try (InputStream in = Objects.requireNonNull(TopologyShapeTest.class.getResourceAsStream(PINNED), PINNED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
