package io.smsbridge.outbound;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsbridge.SmsBridgeApplication;
import io.smsbridge.support.EmbeddedDefaultsForTests;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The bridge refuses to start with a sender that cannot send SMS (seed guide on error 21606). */
class SenderStartupGuardIT {

    @Test
    void startupStopsOnAVoiceOnlyFromNumber() {
        assertThatThrownBy(() -> start("--smsbridge.outbound.default-from=+15005550010"))
                .hasStackTraceContaining("+15005550010 cannot send SMS");
    }

    @Test
    void startupStopsOnANumberTheAccountDoesNotHave() {
        assertThatThrownBy(() -> start("--smsbridge.outbound.default-from=+14155550199"))
                .hasStackTraceContaining("+14155550199 is not a phone number of this Twilio account");
    }

    @Test
    void startupStopsOnAnUnknownMessagingService() {
        assertThatThrownBy(() -> start("--smsbridge.outbound.default-from=", "--smsbridge.outbound.default-messaging-service-sid=MG11111111111111111111111111111111"))
                .hasStackTraceContaining("Messaging Service MG11111111111111111111111111111111 does not exist");
    }

    private static void start(String... args) {
        new SpringApplicationBuilder(SmsBridgeApplication.class)
                .initializers(new EmbeddedDefaultsForTests())
                .properties("server.port=0", "spring.jmx.enabled=false")
                .run(args)
                .close();
    }
}
