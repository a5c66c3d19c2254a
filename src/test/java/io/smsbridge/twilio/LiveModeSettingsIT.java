package io.smsbridge.twilio;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsbridge.SmsBridgeApplication;
import io.smsbridge.support.EmbeddedDefaultsForTests;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Live mode refuses to start without the settings that keep it safe and reachable, naming each one. */
class LiveModeSettingsIT {

    @Test
    void liveCredentialsWithoutAPublicBaseUrlStopStartup() {
        assertThatThrownBy(() -> start("--smsbridge.twilio.account-sid=AC11111111111111111111111111111111",
                "--smsbridge.twilio.auth-token=live-token", "--smsbridge.outbound.api-key=k"))
                .hasStackTraceContaining("SMSBRIDGE_PUBLIC_BASE_URL is not set");
    }

    @Test
    void liveModeWithoutAnApiKeyStopsStartup() {
        assertThatThrownBy(() -> start("--smsbridge.twilio.account-sid=AC11111111111111111111111111111111",
                "--smsbridge.twilio.auth-token=live-token", "--smsbridge.public-base-url=https://sms.example.com"))
                .hasStackTraceContaining("SMSBRIDGE_API_KEY");
    }

    @Test
    void liveModeWithoutCredentialsStopsStartup() {
        assertThatThrownBy(() -> start("--smsbridge.twilio.mode=live", "--smsbridge.public-base-url=https://sms.example.com",
                "--smsbridge.outbound.api-key=k"))
                .hasStackTraceContaining("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN");
    }

    private static void start(String... args) {
        new SpringApplicationBuilder(SmsBridgeApplication.class)
                .initializers(new EmbeddedDefaultsForTests())
                .properties("server.port=0", "smsbridge.sandbox.enabled=false")
                .run(args)
                .close();
    }
}
