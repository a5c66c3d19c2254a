package io.smsbridge.faults;

import static io.smsbridge.support.BridgeClient.newPhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.outbound.OutboundStatus;
import io.smsbridge.outbound.TwilioCircuitBreaker;
import io.smsbridge.sandbox.SandboxFaults;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Twilio failing: a flaky API (a fifth of requests 503, a burst of 429s, 2 s latency) still ends with every message
 * sent exactly once, during a full outage the circuit breaker stops the bridge from hammering Twilio, and a message
 * Twilio stays down for through every attempt is parked with its reason, then sent once when released.
 */
@SmsBridgeIntegrationTest
class TwilioOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    BridgeClient bridge;
    @Autowired
    SandboxFaults faults;
    @Autowired
    TwilioCircuitBreaker breaker;
    @Autowired
    OutboundLedger ledger;
    @Autowired
    ConnectionFactory connectionFactory;

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

    @Test
    void aMessageTwilioStaysDownForIsParkedWithItsReasonAndSentOnceWhenReleased() throws Exception {
        faults.set(new SandboxFaults.Settings(1.0, 503, 0, 0, 0.0));
        String to = newPhone();
        String key = "parked-" + UUID.randomUUID();
        List<String> events = new CopyOnWriteArrayList<>();
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createTopic("sms.events")).setMessageListener(m -> {
                try {
                    JsonNode event = JSON.readTree(((TextMessage) m).getText());
                    if (key.equals(event.path("idempotencyKey").asText())) {
                        events.add(event.path("type").asText());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            connection.start();
            bridge.queue("{\"to\":\"" + to + "\",\"body\":\"parked while Twilio is down\",\"idempotencyKey\":\"" + key + "\"}");

            // 6 broker deliveries, each with 5 retries (100 ms doubling) and the broker's back-off between them
            OutboundRecord parked = bridge.awaitStatus(key, OutboundStatus.PARKED, Duration.ofSeconds(120));
            assertThat(parked.reason()).startsWith("Twilio unavailable through 6 deliveries").contains("HTTP 503")
                    .endsWith("parked on sms.send.dead-letter");
            // the operator's view: GET /api/parked shows it with its reason
            assertThat(bridge.get("/api/parked", null).statusCode()).isEqualTo(401);
            // (the ledger commits just before the broker transaction that moves the message)
            JsonNode parking = BridgeClient.await(() -> Optional.of(bridge.parked("sms.send.dead-letter"))
                            .filter(queue -> queue.path("messages").findValuesAsText("SmsBridgeIdempotencyKey").contains(key)),
                    Duration.ofSeconds(10), "the message listed on sms.send.dead-letter");
            assertThat(parking.path("releasesTo").asText()).isEqualTo("sms.send");
            assertThat(parking.path("messages").findValuesAsText("SmsBridgeIdempotencyKey")).contains(key);
            assertThat(parking.path("messages").findValuesAsText("SmsBridgeReason")).contains(parked.reason());
            BridgeClient.await(() -> events.contains("parked") ? Optional.of(true) : Optional.empty(), Duration.ofSeconds(10), "a parked event");
            assertThat(bridge.get("/actuator/prometheus", null).body()).containsPattern("(?m)^smsbridge_messages_parked_total [1-9]");
            assertThat(bridge.atSandbox(to)).isEmpty();

            // Twilio is back; the operator releases what was parked
            faults.set(SandboxFaults.Settings.NONE);
            assertThat(bridge.post("/api/parked/sms.nothing/release", "", OutboundApi.SANDBOX_API_KEY, null).statusCode()).isEqualTo(404);
            var released = bridge.post("/api/parked/sms.send.dead-letter/release", "", OutboundApi.SANDBOX_API_KEY, null);
            assertThat(released.statusCode()).isEqualTo(200);
            assertThat(BridgeClient.json(released.body()).path("released").asInt()).isGreaterThanOrEqualTo(1);
            bridge.awaitStatus(key, OutboundStatus.SENT);
            assertThat(bridge.atSandbox(to)).as("messages to %s", to).hasSize(1);
            BridgeClient.await(() -> events.contains("sent") ? Optional.of(true) : Optional.empty(), Duration.ofSeconds(10), "a sent event");
            assertThat(events).containsSubsequence("accepted", "parked", "sent");
            assertThat(ledger.history(parked.id())).extracting(OutboundLedger.HistoryEntry::status)
                    .containsSubsequence(OutboundStatus.SENDING, OutboundStatus.PARKED, OutboundStatus.SENDING, OutboundStatus.SENT);
        }
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
