package dev.numberregistry.api.web;

import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.Flag;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.Suspension;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serializer;
import io.micronaut.serde.annotation.SerdeImport;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Writes a number in its E.164 form. The domain's state records are imported for JSON as they
 * are, so that the domain stays free of HTTP and JSON annotations.
 */
@SerdeImport(NumberState.class)
@SerdeImport(Holder.class)
@SerdeImport(Flag.class)
@SerdeImport(Suspension.class)
@Singleton
final class PhoneNumberSerializer implements Serializer<PhoneNumber> {

    @Override
    public void serialize(Encoder encoder, EncoderContext context, Argument<? extends PhoneNumber> type,
                          PhoneNumber value) throws IOException {
        encoder.encodeString(value.e164());
    }
}
