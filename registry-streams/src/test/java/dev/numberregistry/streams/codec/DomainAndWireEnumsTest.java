package dev.numberregistry.streams.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mappings translate the domain's enums and the schemas' by name: a constant added on one side
 * only would fail at run time, on the first record that carries it.
 */
class DomainAndWireEnumsTest {

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(dev.numberregistry.core.state.PlanType.class, dev.numberregistry.schema.PlanType.class),
                Arguments.of(dev.numberregistry.core.state.SuspensionReason.class,
                        dev.numberregistry.schema.SuspensionReason.class),
                Arguments.of(dev.numberregistry.core.state.FlagKind.class, dev.numberregistry.schema.FlagKind.class),
                Arguments.of(dev.numberregistry.core.state.FlagSeverity.class,
                        dev.numberregistry.schema.FlagSeverity.class),
                Arguments.of(dev.numberregistry.core.event.FlagClearance.class,
                        dev.numberregistry.schema.FlagClearance.class),
                Arguments.of(dev.numberregistry.core.state.NumberStatus.class,
                        dev.numberregistry.schema.NumberStatus.class),
                Arguments.of(dev.numberregistry.core.notification.ReminderKind.class,
                        dev.numberregistry.schema.ReminderKind.class),
                Arguments.of(dev.numberregistry.core.notification.NotificationKind.class,
                        dev.numberregistry.schema.NotificationKind.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void theDomainAndTheSchemaNameTheSameConstants(Class<? extends Enum<?>> domain, Class<? extends Enum<?>> wire) {
        assertThat(names(domain)).containsExactlyInAnyOrder(names(wire));
    }

    private static String[] names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new);
    }
}
