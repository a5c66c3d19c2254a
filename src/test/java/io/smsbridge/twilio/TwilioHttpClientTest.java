package io.smsbridge.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TwilioHttpClientTest {

    @Test
    void rewritesTheApiDomainOntoTheBaseUrl() {
        assertThat(TwilioHttpClient.rewrite("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=2&Page=1",
                "http://localhost:8089/sandbox/twilio/"))
                .isEqualTo("http://localhost:8089/sandbox/twilio/2010-04-01/Accounts/AC1/Messages.json?PageSize=2&Page=1");
    }

    @Test
    void keepsOtherDomainsApartUnderTheBaseUrl() {
        assertThat(TwilioHttpClient.rewrite("https://messaging.twilio.com/v1/Services/MG1", "http://h/sandbox/twilio"))
                .isEqualTo("http://h/sandbox/twilio/messaging/v1/Services/MG1");
        assertThat(TwilioHttpClient.rewrite("https://api.us1.twilio.com/2010-04-01/Accounts.json", "http://h"))
                .isEqualTo("http://h/2010-04-01/Accounts.json");
    }

    @Test
    void leavesNonTwilioUrlsAlone() {
        assertThat(TwilioHttpClient.rewrite("https://example.com/a.png", "http://h")).isEqualTo("https://example.com/a.png");
        assertThat(TwilioHttpClient.rewrite("https://api.twilio.com.evil.example/x", "http://h"))
                .isEqualTo("https://api.twilio.com.evil.example/x");
    }
}
