package dev.numberregistry.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.number.InvalidPhoneNumberException;
import dev.numberregistry.core.number.PhoneNumber;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class QuoteTest {

    @Test
    void aShortValueIsQuotedWhole() {
        assertThat(Quote.of("PREPAID")).isEqualTo("'PREPAID'");
        assertThat(Quote.of(null)).isEqualTo("null");
    }

    @Test
    void aLongValueIsCutShortAndSaysHowLongItWas() {
        assertThat(Quote.of("x".repeat(1_000_000)))
                .hasSizeLessThan(100)
                .startsWith("'xxxx")
                .endsWith("...' (1000000 characters)");
    }

    @Test
    void anInvalidNumberOfAMillionCharactersMakesAShortMessage() {
        Assertions.assertThatThrownBy(() -> PhoneNumber.parse("+1" + "5".repeat(1_000_000)))
                .isInstanceOf(InvalidPhoneNumberException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }
}
