package io.smsbridge.faults;

import static io.smsbridge.support.BridgeClient.newPhone;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.outbound.OutboundStatus;
import io.smsbridge.outbound.TwilioCircuitBreaker;
import io.smsbridge.sandbox.SandboxFaults;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Twilio failing: a flaky API (a fifth of requests 503, a burst of 429s, 2 s latency) still ends with every message
 * sent exactly once, and during a full outage the circuit breaker stops the bridge from hammering Twilio.
 */
@SmsBridgeIntegrationTest
class TwilioOutageIT {

    @Autowired
    BridgeClient bridge;
    @Autowired
    SandboxFaults faults;
    @Autowired
    TwilioCircuitBreaker breaker;
    @Autowired
    OutboundLedger ledger;

    @AfterEach
    void noFaults() {
        faults.set(SandboxFaults.Settings.NONE);
    }

    @Test
    void aFlakySlowTwilioStillGetsEveryMessageExactlyOnce() throws Exception {
        faults.set(new SandboxFaults.Settings(0.2, 503, 5, 2000, 0.0));
        List<String> recipients = new ArrayList<>();
        List<String> keys = queue(10, "flaky");
        for (String key : keys) { // every call takes 2 s, a failed one is retried with a look-up first: give it time
            recipients.add(BridgeClient.await(() -> ledger.findByKey(key).filter(r -> ledger.history(r.id()).stream()
                            .anyMatch(h -> h.status().equals(OutboundStatus.SENT))), Duration.ofSeconds(120), key + " sent").to());
        }
        for (String to : recipients) {
            assertThat(bridge.atSandbox(to)).as("messages to %s", to).hasSize(1);
        }
    }

    @Test
    void duringAnOutageTheBreakerStopsTheCallsAndEveryMessageGoesOutOnceAfterwards() throws Exception {
        faults.set(new SandboxFaults.Settings(1.0, 503, 0, 0, 0.0));
        long before = faults.requestCount();
        List<String> keys = queue(10, "outage");

        BridgeClient.await(() -> breaker.isOpen() ? Optional.of(true) : Optional.empty(), Duration.ofSeconds(10), "the breaker to open");
        Thread.sleep(5000);
        long calls = faults.requestCount() - before;
        // Without the breaker: 10 messages, each an attempt plus 5 retries within these seconds, each retry a look-up
        // in Twilio's list (the message is in doubt after a 503) and a create: well over 100 requests.
        System.out.println("Twilio requests during 5+ s of outage with 10 messages waiting: " + calls);
        assertThat(calls).as("requests to Twilio while it was down").isLessThan(40);

        faults.set(SandboxFaults.Settings.NONE);
        List<String> recipients = new ArrayList<>();
        for (String key : keys) {
            recipients.add(bridge.awaitStatus(key, OutboundStatus.SENT).to());
        }
        for (String to : recipients) {
            assertThat(bridge.atSandbox(to)).as("messages to %s", to).hasSize(1);
        }
        assertThat(breaker.isOpen()).isFalse();
    }

    private List<String> queue(int count, String what) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = what + "-" + UUID.randomUUID();
            keys.add(key);
            bridge.queue("{\"to\":\"" + newPhone() + "\",\"body\":\"" + what + " " + i + "\",\"idempotencyKey\":\"" + key + "\"}");
        }
        return keys;
    }
}
