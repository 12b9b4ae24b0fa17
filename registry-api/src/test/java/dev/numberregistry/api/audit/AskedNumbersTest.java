package dev.numberregistry.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which numbers a CAMARA request asks about, whatever the operation: read from its body. */
class AskedNumbersTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private static Iterable<String> in(String body) {
        return AskedNumbers.in(body.getBytes(StandardCharsets.UTF_8), JSON);
    }

    @Test
    void aCheckNamesItsNumber() {
        assertThat(in("{\"phoneNumber\":\"+14155552671\",\"specifiedDate\":\"2024-03-01\"}")).containsExactly("+14155552671");
    }

    @Test
    void aBatchNamesEachOfItsChecksNumbersOnceInOrder() {
        assertThat(in("""
                {"checks":[{"phoneNumber":"+2"},{"phoneNumber":"+1"},{"phoneNumber":"+2"},{"specifiedDate":"2024-01-01"},7]}"""))
                .containsExactly("+2", "+1");
    }

    @Test
    void aWatchlistPageNamesItsNumbersInEitherShape() {
        assertThat(in("{\"numbers\":[{\"phoneNumber\":\"+1\",\"lastVerified\":\"2024-01-01\"},{\"phoneNumber\":\"+2\"}]}"))
                .containsExactly("+1", "+2");
        assertThat(in("{\"phoneNumbers\":[\"+3\",\"+4\",5]}")).containsExactly("+3", "+4");
    }

    @Test
    void aBodyThatIsNotJsonOrNamesNothingNamesNoNumber() {
        assertThat(in("not json")).isEmpty();
        assertThat(in("{\"sink\":\"https://bank.example/hook\",\"phoneNumber\":42}")).isEmpty();
        assertThat(AskedNumbers.in(null, JSON)).isEmpty();
    }
}
