package io.smsbridge.outbound;

import static io.smsbridge.support.BridgeClient.newPhone;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.sandbox.SandboxMessage;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.RateWindows;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Per-sender pacing measured where it matters, at the (sandbox) Twilio API: the toll-free sender is configured for
 * 5 segments/s in the test context (EmbeddedDefaultsForTests).
 */
@SmsBridgeIntegrationTest
class SenderThrottleIT {

    private static final String PACED_SENDER = "+18885550100";

    @Autowired
    BridgeClient bridge;

    @Test
    void aSenderNeverExceedsItsRateInAnyOneSecondWindowAndOthersAreNotSlowed() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> pacedKeys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String key = "throttle-" + run + "-" + i;
            pacedKeys.add(key);
            bridge.queue("{\"to\":\"" + newPhone() + "\",\"body\":\"paced " + run + "\",\"from\":\"" + PACED_SENDER
                    + "\",\"idempotencyKey\":\"" + key + "\"}");
        }
        // Meanwhile another sender (a Messaging Service at 10 segments/s) sends ten messages.
        List<String> otherKeys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = "unthrottled-" + run + "-" + i;
            otherKeys.add(key);
            bridge.queue("{\"to\":\"" + newPhone() + "\",\"body\":\"other " + run + "\",\"messagingServiceSid\":"
                    + "\"MG00000000000000000000000000000000\",\"idempotencyKey\":\"" + key + "\"}");
        }

        for (String key : otherKeys) {
            bridge.awaitStatus(key, OutboundStatus.SENT);
        }
        for (String key : pacedKeys) {
            bridge.awaitStatus(key, OutboundStatus.SENT);
        }
        Instant otherDone = bridge.atSandbox((SandboxMessage.Snapshot m) -> m.body().equals("other " + run)).stream()
                .map(SandboxMessage.Snapshot::dateCreated).max(Instant::compareTo).orElseThrow();

        List<Instant> arrivals = bridge.atSandbox((SandboxMessage.Snapshot m) -> m.body().equals("paced " + run)).stream()
                .map(SandboxMessage.Snapshot::dateCreated).sorted().toList();
        assertThat(arrivals).hasSize(50);
        assertThat(Duration.between(arrivals.get(0), arrivals.get(49))).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
        assertThat(RateWindows.maxInAnyWindow(arrivals, Duration.ofSeconds(1))).isLessThanOrEqualTo(5);
        assertThat(otherDone).as("the other sender finished while the paced one was still sending")
                .isBefore(arrivals.get(25));
    }
}
