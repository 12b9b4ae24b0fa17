package dev.numberregistry.streams.codec;

import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.Flag;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.Suspension;
import dev.numberregistry.core.state.SuspensionReason;

/**
 * Translates a number's state between the Avro record in stores and topics and the domain. States
 * are only ever written by the registry, so their numbers were validated before (see
 * {@link PhoneNumber#ofStored}).
 */
public final class StateMapping {

    private StateMapping() {
    }

    public static NumberState toDomain(dev.numberregistry.schema.NumberState wire) {
        return new NumberState(
                PhoneNumber.ofStored(wire.getNumber()),
                NumberStatus.valueOf(wire.getStatus().name()),
                holder(wire.getHolder()),
                holder(wire.getPreviousHolder()),
                wire.getFlags().stream().map(StateMapping::flag).toList(),
                suspension(wire.getSuspension()),
                wire.getValidUntil(),
                wire.getGraceEndsAt(),
                wire.getQuarantineEndsAt(),
                wire.getCancellationRequestedAt(),
                wire.getLastTopUpAt(),
                wire.getLastRecycledAt(),
                wire.getLastReassignedAt(),
                wire.getLastRecoveredAt(),
                wire.getAppliedEvents(),
                wire.getLastEventId(),
                wire.getLastEventAt(),
                wire.getLastSimChangeAt(),
                wire.getCoveredFrom());
    }

    public static dev.numberregistry.schema.NumberState toWire(NumberState state) {
        return new dev.numberregistry.schema.NumberState(
                state.number().e164(),
                dev.numberregistry.schema.NumberStatus.valueOf(state.status().name()),
                holder(state.holder()),
                holder(state.previousHolder()),
                state.flags().stream().map(StateMapping::flag).toList(),
                suspension(state.suspension()),
                state.validUntil(),
                state.graceEndsAt(),
                state.quarantineEndsAt(),
                state.cancellationRequestedAt(),
                state.lastTopUpAt(),
                state.lastRecycledAt(),
                state.lastReassignedAt(),
                state.lastRecoveredAt(),
                state.appliedEvents(),
                state.lastEventId(),
                state.lastEventAt(),
                state.lastSimChangeAt(),
                state.coveredFrom());
    }

    static Holder holder(dev.numberregistry.schema.Holder wire) {
        return wire == null ? null : new Holder(wire.getSubscriberRef(), EventMapping.plan(wire.getPlanType()),
                wire.getTenureStart(), wire.getAssignmentNumber());
    }

    static dev.numberregistry.schema.Holder holder(Holder holder) {
        return holder == null ? null : new dev.numberregistry.schema.Holder(holder.subscriberRef(),
                EventMapping.plan(holder.planType()), holder.tenureStart(), holder.assignmentNumber());
    }

    static Flag flag(dev.numberregistry.schema.Flag wire) {
        return new Flag(wire.getFlagId(), FlagKind.valueOf(wire.getKind().name()),
                FlagSeverity.valueOf(wire.getSeverity().name()), wire.getRaisedBy(), wire.getNote(), wire.getRaisedAt());
    }

    static dev.numberregistry.schema.Flag flag(Flag flag) {
        return new dev.numberregistry.schema.Flag(flag.flagId(),
                dev.numberregistry.schema.FlagKind.valueOf(flag.kind().name()),
                dev.numberregistry.schema.FlagSeverity.valueOf(flag.severity().name()),
                flag.raisedBy(), flag.note(), flag.raisedAt());
    }

    static Suspension suspension(dev.numberregistry.schema.Suspension wire) {
        return wire == null ? null : new Suspension(SuspensionReason.valueOf(wire.getReason().name()),
                wire.getSince(), NumberStatus.valueOf(wire.getResumeTo().name()));
    }

    static dev.numberregistry.schema.Suspension suspension(Suspension suspension) {
        return suspension == null ? null : new dev.numberregistry.schema.Suspension(
                dev.numberregistry.schema.SuspensionReason.valueOf(suspension.reason().name()),
                suspension.since(), dev.numberregistry.schema.NumberStatus.valueOf(suspension.resumeTo().name()));
    }
}
