package dev.numberregistry.streams.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.streams.DeadlineSweep;
import dev.numberregistry.streams.EventPlacement;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.RegistryTopology;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.testing.EverythingRead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

/**
 * Pins the audit trail's sub-topologies to a checked-in description, as TopologyShapeTest pins the
 * registry's: a store's name is its changelog's, and the trail's index must survive upgrades as
 * long as the trail itself. Added beside the registry's, they leave its sub-topology as it was
 * (the same number, so the same task directories, and the same nodes).
 */
class AuditTopologyShapeTest {

    private static final String PINNED = "/pinned-audit-topology.txt";

    @Test
    void theAuditSubTopologiesAreThePinnedOnes() throws IOException {
        String described = AuditTopology.addTo(new Topology(), AuditLog.DEFAULT).describe().toString();

        assertThat(described.strip())
                .as("the audit topology changed; if deliberate, replace registry-streams/src/test/resources%s with "
                        + "the description above, and say in the change how the index survives the upgrade", PINNED)
                .isEqualTo(pinned().strip());
    }

    @Test
    void besideTheRegistryTheyLeaveItsSubTopologyAsItWas() {
        String registryAlone = registry().describe().toString().strip();

        String both = AuditTopology.addTo(registry(), AuditLog.DEFAULT).describe().toString();

        assertThat(both).startsWith(registryAlone);
        assertThat(both.substring(registryAlone.length())).contains("Sub-topology: 1", "Sub-topology: 2")
                .contains(AuditStores.BY_CLIENT, AuditStores.BY_NUMBER);
    }

    @Test
    void everyIndexKeepsItsNameAndSoItsChangelog() throws IOException {
        // Written out, not taken from AuditStores: renaming a constant must not rename what is pinned.
        assertThat(List.of(AuditStores.BY_CLIENT, AuditStores.BY_NUMBER))
                .containsExactly("audit-by-client-store", "audit-by-number-store")
                .allSatisfy(store -> assertThat(pinned()).contains(store));
    }

    private static Topology registry() {
        return RegistryTopology.build(RegistryTopics.DEFAULT, new EventPlacement(6), EverythingRead.LOG,
                PolicyBook.defaults(), RegistrySerdes.singleObjectAvro(), DeadlineSweep.DEFAULT);
    }

    private static String pinned() throws IOException {
        try (InputStream in = Objects.requireNonNull(AuditTopologyShapeTest.class.getResourceAsStream(PINNED), PINNED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
