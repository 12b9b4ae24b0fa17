package dev.numberregistry.core.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    @ParameterizedTest
    @CsvSource({
            "+14155552671, +14155552671",
            "'+1 (415) 555-2671', +14155552671",
            "+91 98765 43210, +919876543210",
            "+61 412 345 678, +61412345678",
            "' +33 6 12 34 56 78 ', +33612345678"
    })
    void normalisesAnyInternationalSpellingToE164(String text, String e164) {
        assertThat(PhoneNumber.parse(text).e164()).isEqualTo(e164);
    }

    @ParameterizedTest
    @CsvSource({
            "4155552671, international form",
            "+999 1234567, country code",
            "+1 415, too short",
            "+1 415 555 26710000, too long",
            "hello, international form",
            "+hello, not a phone number",
            "+1 099 555 2671, not in a range"
    })
    void refusesWhatIsNotAValidNumberAndSaysWhy(String text, String reason) {
        assertThatThrownBy(() -> PhoneNumber.parse(text))
                .isInstanceOfSatisfying(InvalidPhoneNumberException.class, e -> {
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.input()).isEqualTo(text);
                });
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = "   ")
    void requiresANumber(String text) {
        assertThatThrownBy(() -> PhoneNumber.parse(text))
                .isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessageContaining("required");
    }

    @org.junit.jupiter.api.Test
    void twoSpellingsOfOneNumberAreEqual() {
        assertThat(PhoneNumber.parse("+1 415 555 2671")).isEqualTo(PhoneNumber.parse("+14155552671"))
                .hasSameHashCodeAs(PhoneNumber.parse("+14155552671"));
    }

    @org.junit.jupiter.api.Test
    void aStoredNumberReadsBackAsTheNumberThatWasParsed() {
        PhoneNumber parsed = PhoneNumber.parse("+44 20 7946 0958");

        assertThat(PhoneNumber.ofStored(parsed.e164())).isEqualTo(parsed).hasSameHashCodeAs(parsed);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"14155552671", "+", "+0123456", "+1 415 555 2671", "+1415555267x", "+12345678901234567"})
    void aStoredNumberMustBeInE164Form(String text) {
        assertThatThrownBy(() -> PhoneNumber.ofStored(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
