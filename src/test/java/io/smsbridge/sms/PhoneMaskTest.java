package io.smsbridge.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PhoneMaskTest {

    @AfterEach
    void defaults() {
        PhoneMask.configure(true, 2);
    }

    @Test
    void keepsTheCountryCodeAndTheLastDigits() {
        assertThat(PhoneMask.mask("+14155550123")).isEqualTo("+1********23");
        assertThat(PhoneMask.mask("+447700900123")).isEqualTo("+44********23");
        assertThat(PhoneMask.mask("+4915112345678")).isEqualTo("+49*********78");
        PhoneMask.configure(true, 4);
        assertThat(PhoneMask.mask("+14155550123")).isEqualTo("+1******0123");
    }

    @Test
    void leavesWhatIsNoPhoneNumberAloneAndCanBeSwitchedOff() {
        assertThat(PhoneMask.mask("MG00000000000000000000000000000000")).isEqualTo("MG00000000000000000000000000000000");
        assertThat(PhoneMask.mask(null)).isNull();
        PhoneMask.configure(false, 2);
        assertThat(PhoneMask.mask("+14155550123")).isEqualTo("+14155550123");
    }
}
