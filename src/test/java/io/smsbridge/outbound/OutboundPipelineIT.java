package io.smsbridge.outbound;

import static io.smsbridge.support.BridgeClient.json;
import static io.smsbridge.support.BridgeClient.newPhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsbridge.optout.OptOutLedger;
import io.smsbridge.sandbox.SandboxFaults;
import io.smsbridge.sandbox.SandboxMessage;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Producers' messages through the embedded broker, the ledger and the sandbox Twilio, over real HTTP. */
@SmsBridgeIntegrationTest
class OutboundPipelineIT {

    private static final String API_KEY = OutboundApi.SANDBOX_API_KEY;

    @LocalServerPort
    int port;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    OutboundLedger ledger;
    @Autowired
    OptOutLedger optOuts;
    @Autowired
    SandboxFaults faults;
    @Autowired
    OutboundValidator validator;
    @Autowired
    MeterRegistry meters;

    @Autowired
    BridgeClient bridge;

    @AfterEach
    void noFaults() {
        faults.set(SandboxFaults.Settings.NONE);
    }

    @Test
    void aQueuedMessageIsSentOnceWithAStatusCallback() throws Exception {
        String to = newPhone();
        String key = key();
        bridge.queue("{\"to\":\"" + to + "\",\"body\":\"Build 742 deployed.\",\"idempotencyKey\":\"" + key + "\"}");

        OutboundRecord sent = bridge.awaitStatus(key, OutboundStatus.SENT);

        List<SandboxMessage.Snapshot> atTwilio = bridge.atSandbox(to);
        assertThat(atTwilio).hasSize(1);
        assertThat(atTwilio.get(0).sid()).isEqualTo(sent.messageSid());
        assertThat(atTwilio.get(0).from()).isEqualTo("+15005550006");
        assertThat(atTwilio.get(0).body()).isEqualTo("Build 742 deployed.");
        assertThat(atTwilio.get(0).statusCallback()).isEqualTo("http://localhost:" + port + "/twilio/status");
        assertThat(ledger.history(sent.id())).extracting(OutboundLedger.HistoryEntry::status)
                .startsWith("accepted", "sending", "sent"); // then Twilio's delivery reports
    }

    @Test
    void aMalformedQueuedMessageIsRejectedWithItsReasonAndNotSent() throws Exception {
        String key = key();
        String payload = "{\"to\":\"not a phone\",\"body\":17,\"idempotencyKey\":\"" + key + "\"}";
        bridge.queue(payload);

        Message rejected = bridge.rejected(key);

        assertThat(rejected).as("message on sms.outbound.rejected").isNotNull();
        assertThat(((TextMessage) rejected).getText()).isEqualTo(payload);
        assertThat(rejected.getStringProperty("SmsBridgeReason"))
                .contains("to 'not a phone' is not a phone number").contains("body must be a string, not number");
        assertThat(ledger.findByKey(key)).isEmpty();
    }

    @Test
    void unparseableJsonIsRejectedToo() throws Exception {
        bridge.queue("{\"to\": oops");
        // no key in the payload: the rejection carries the JMS message id as key; find it by reason instead
        Message rejected = new org.springframework.jms.core.JmsTemplate(connectionFactory) {{
            setReceiveTimeout(15_000);
        }}.receiveSelected("sms.outbound.rejected", "SmsBridgeReason LIKE 'not valid JSON%'");
        assertThat(rejected).isNotNull();
        assertThat(rejected.getStringProperty("SmsBridgeIdempotencyKey")).startsWith("ID:");
    }

    @Test
    void aDuplicateIdempotencyKeySendsOnce() throws Exception {
        String to = newPhone();
        String key = key();
        String payload = "{\"to\":\"" + to + "\",\"body\":\"once\",\"idempotencyKey\":\"" + key + "\"}";
        bridge.queue(payload);
        bridge.queue(payload);
        HttpResponse<String> viaHttp = bridge.post("/api/messages", payload, API_KEY, "application/json");

        bridge.awaitStatus(key, OutboundStatus.SENT);
        Thread.sleep(500); // give a second send, if there were one, time to reach the sandbox
        assertThat(bridge.atSandbox(to)).hasSize(1);
        assertThat(viaHttp.statusCode()).isEqualTo(200);
        assertThat(json(viaHttp.body()).path("duplicate").asBoolean()).isTrue();
    }

    @Test
    void theSameKeyWithOtherContentIsAConflictNamingTheOriginal() throws Exception {
        String to = newPhone();
        String key = key();
        String first = "{\"to\":\"" + to + "\",\"body\":\"deploy 1\",\"idempotencyKey\":\"" + key + "\",\"tags\":{\"a\":\"1\"}}";
        HttpResponse<String> accepted = bridge.post("/api/messages", first, API_KEY, "application/json");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json(accepted.body()).path("id").asText();

        // the same content (tags do not count) is a duplicate, as before
        String sameButTags = first.replace("\"a\":\"1\"", "\"a\":\"2\"");
        assertThat(bridge.post("/api/messages", sameButTags, API_KEY, "application/json").statusCode()).isEqualTo(200);

        // another text or recipient under the key: 409 over HTTP, naming the original
        HttpResponse<String> otherText = bridge.post("/api/messages", first.replace("deploy 1", "deploy 2"), API_KEY, "application/json");
        assertThat(otherText.statusCode()).isEqualTo(409);
        assertThat(json(otherText.body()).path("id").asText()).isEqualTo(id);
        assertThat(json(otherText.body()).path("reasons").get(0).asText())
                .isEqualTo("idempotencyKey '" + key + "' is already used by message " + id + " with different content "
                        + "(to, from/messagingServiceSid, body, mediaUrls, sendAt, fallbackEmail must match for a duplicate)");
        String otherRecipient = first.replace(to, newPhone());
        assertThat(bridge.post("/api/messages", otherRecipient, API_KEY, "application/json").statusCode()).isEqualTo(409);

        // over JMS: on sms.outbound.rejected with that reason (where the two HTTP conflicts went before it)
        bridge.queue(otherRecipient.replace("deploy 1", "deploy 3"));
        List<String> rejectedTexts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Message rejected = bridge.rejected(key);
            assertThat(rejected).as("conflict " + i + " on sms.outbound.rejected").isNotNull();
            assertThat(rejected.getStringProperty("SmsBridgeReason")).contains("already used by message " + id + " with different content");
            rejectedTexts.add(((TextMessage) rejected).getText());
        }
        assertThat(rejectedTexts).contains(otherRecipient.replace("deploy 1", "deploy 3"));

        bridge.awaitStatus(key, OutboundStatus.SENT);
        assertThat(bridge.atSandbox(to)).hasSize(1);
        assertThat(ledger.find(id).orElseThrow().body()).isEqualTo("deploy 1");
    }

    @Test
    void anOptedOutRecipientIsSuppressed() throws Exception {
        String to = newPhone();
        optOuts.optOut(to, "+15005550006", "STOP", "SMtest");
        String key = key();
        bridge.queue("{\"to\":\"" + to + "\",\"body\":\"not for you\",\"idempotencyKey\":\"" + key + "\"}");

        OutboundRecord suppressed = bridge.awaitStatus(key, OutboundStatus.SUPPRESSED);

        assertThat(suppressed.reason()).contains("opted out");
        assertThat(bridge.atSandbox(to)).isEmpty();
        // the opt-out is per sender: the toll-free number may still text them
        String other = key();
        bridge.queue("{\"to\":\"" + to + "\",\"body\":\"from toll-free\",\"from\":\"+18885550100\",\"idempotencyKey\":\"" + other + "\"}");
        bridge.awaitStatus(other, OutboundStatus.SENT);
    }

    @Test
    void twilio21610WritesTheOptOutLedger() throws Exception {
        String key = key();
        bridge.queue("{\"to\":\"+15005550004\",\"body\":\"x\",\"idempotencyKey\":\"" + key + "\"}");

        OutboundRecord suppressed = bridge.awaitStatus(key, OutboundStatus.SUPPRESSED);

        assertThat(suppressed.errorCode()).isEqualTo(21610);
        assertThat(optOuts.isOptedOut("+15005550004", "+15005550006")).isTrue();
        optOuts.optIn("+15005550004", "+15005550006", "START", null);
    }

    @Test
    void twilio21614OnMmsResendsOnceAsSmsWithTheLinks() throws Exception {
        String key = key();
        bridge.queue("{\"to\":\"+15005551014\",\"body\":\"Your invoice\",\"mediaUrls\":[\"https://cdn.example.com/" + key
                + ".pdf\"],\"idempotencyKey\":\"" + key + "\"}");

        OutboundRecord sent = bridge.awaitStatus(key, OutboundStatus.SENT);

        SandboxMessage.Snapshot atTwilio = bridge.atSandbox(m -> m.sid().equals(sent.messageSid())).get(0);
        assertThat(atTwilio.mediaUrls()).isEmpty();
        assertThat(atTwilio.body()).isEqualTo("Your invoice\nhttps://cdn.example.com/" + key + ".pdf");
        assertThat(ledger.history(sent.id())).extracting(OutboundLedger.HistoryEntry::status)
                .startsWith("accepted", "sending", "accepted", "sending", "sent");
    }

    @Test
    void otherTwilioRefusalsFailWithTheCodeOnTheRejectedQueue() throws Exception {
        String key = key();
        bridge.queue("{\"to\":\"+15005550003\",\"body\":\"x\",\"idempotencyKey\":\"" + key + "\"}");

        OutboundRecord failed = bridge.awaitStatus(key, OutboundStatus.FAILED);
        Message rejected = bridge.rejected(key);

        assertThat(failed.errorCode()).isEqualTo(21408);
        // refused in a batch and settled there (route twilio-refusal): no second create
        assertThat(ledger.history(failed.id())).extracting(OutboundLedger.HistoryEntry::status)
                .containsExactly("accepted", "sending", "failed");
        assertThat(rejected).isNotNull();
        assertThat(rejected.getStringProperty("SmsBridgeReason")).contains("Permission to send an SMS has not been enabled");
        assertThat(json(((TextMessage) rejected).getText()).path("errorCode").asInt()).isEqualTo(21408);
    }

    @Test
    void twilioOutagesAreRetriedAndEveryMessageIsSentExactlyOnce() throws Exception {
        faults.set(new SandboxFaults.Settings(0.3, 503, 4, 0, 0.0));
        List<String> recipients = new java.util.ArrayList<>();
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String to = newPhone();
            String key = key();
            recipients.add(to);
            keys.add(key);
            bridge.queue("{\"to\":\"" + to + "\",\"body\":\"outage " + i + "\",\"messagingServiceSid\":\"MG00000000000000000000000000000000\","
                    + "\"idempotencyKey\":\"" + key + "\"}");
        }
        for (String key : keys) {
            // Random 503s, the broker's back-off and the circuit breaker's pauses: a message may need over 30 s.
            bridge.awaitStatus(key, OutboundStatus.SENT, Duration.ofSeconds(90));
        }
        for (String to : recipients) {
            assertThat(bridge.atSandbox(to)).as("messages to %s", to).hasSize(1);
        }
    }

    @Test
    void aLostAnswerIsReconciledInsteadOfSentAgain() throws Exception {
        faults.set(new SandboxFaults.Settings(0.0, 503, 0, 0, 1.0)); // every create succeeds, every answer is a 500
        String to = newPhone();
        String key = key();
        bridge.queue("{\"to\":\"" + to + "\",\"body\":\"exactly once\",\"idempotencyKey\":\"" + key + "\"}");

        BridgeClient.await(() -> ledger.findByKey(key).filter(r -> r.attempts() >= 1), java.time.Duration.ofSeconds(10), "an attempt");
        Thread.sleep(300);
        faults.set(SandboxFaults.Settings.NONE);
        OutboundRecord sent = bridge.awaitStatus(key, OutboundStatus.SENT);

        assertThat(bridge.atSandbox(to)).hasSize(1);
        assertThat(bridge.atSandbox(to).get(0).sid()).isEqualTo(sent.messageSid());
        assertThat(ledger.history(sent.id())).extracting(OutboundLedger.HistoryEntry::detail)
                .anyMatch(d -> d != null && d.startsWith("reconciled"));
    }

    /** sms.send carries ledger ids: one the ledger does not hold names nothing to send, and is dropped. */
    @Test
    void anIdTheLedgerDoesNotHoldIsNotSent() throws Exception {
        String to = newPhone();
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        OutboundRecord unknown = new OutboundRecord(OutboundLedger.newId(now), key(), to, "+15005550006", "+15005550006", null,
                "must not go out", List.of(), "GSM7", 1, null, null, OutboundStatus.ACCEPTED, null, null, null, null, null, 0, now,
                now, "US", Map.of(), null, null);
        OutboundRecord control = ledger.accept(validator.validate("{\"to\":\"" + to + "\",\"body\":\"the one that counts\"}", key())
                .message()).record();

        putOnSmsSend(List.of(unknown, control)); // one batch: the unknown id does not hold up the other

        bridge.awaitStatus(control.idempotencyKey(), OutboundStatus.SENT);
        Thread.sleep(500); // time for the unknown id, were it sent, to reach the sandbox
        assertThat(bridge.atSandbox(to)).extracting(SandboxMessage.Snapshot::body).containsExactly("the one that counts");
        assertThat(ledger.find(unknown.id())).isEmpty();
    }

    /**
     * What waits on sms.send together goes in batches: one broker and two database transactions for many messages.
     * Each is created once, with its SID and the history accepted, sending, sent.
     */
    @Test
    void aBacklogOnSmsSendIsSentInBatchesEachMessageOnce() throws Exception {
        DistributionSummary batches = meters.get("smsbridge.send.batch.messages").summary();
        long batchesBefore = batches.count();
        double messagesBefore = batches.totalAmount();
        List<OutboundRecord> backlog = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            OutboundValidator.Validation valid = validator.validate("{\"to\":\"" + newPhone() + "\",\"body\":\"backlog " + i
                    + "\",\"messagingServiceSid\":\"MG00000000000000000000000000000000\"}", key());
            backlog.add(ledger.accept(valid.message()).record());
        }

        putOnSmsSend(backlog); // in one broker transaction, so it waits there whole

        for (OutboundRecord m : backlog) {
            OutboundRecord sent = bridge.awaitStatus(m.idempotencyKey(), OutboundStatus.SENT);
            assertThat(bridge.atSandbox(m.to())).extracting(SandboxMessage.Snapshot::sid).containsExactly(sent.messageSid());
            assertThat(ledger.history(m.id())).extracting(OutboundLedger.HistoryEntry::status).startsWith("accepted", "sending", "sent");
        }
        BridgeClient.await(() -> Optional.of(batches.totalAmount() - messagesBefore).filter(n -> n >= 100), Duration.ofSeconds(5),
                "the last batch's commit"); // the ledger says sent just before the batch's broker commit
        assertThat(batches.totalAmount() - messagesBefore).isEqualTo(100);
        assertThat(batches.count() - batchesBefore).as("batches for 100 messages").isLessThan(50);
    }

    /** One idempotency key queued several times while its message waits: each copy on sms.send, one create. */
    @Test
    void aMessageHandedOnTwiceInOneBatchIsSentOnce() throws Exception {
        String to = newPhone();
        OutboundRecord m = ledger.accept(validator.validate("{\"to\":\"" + to + "\",\"body\":\"once\"}", key()).message()).record();

        putOnSmsSend(List.of(m, m, m));

        bridge.awaitStatus(m.idempotencyKey(), OutboundStatus.SENT);
        Thread.sleep(1_000); // time for a second create, were there one
        assertThat(bridge.atSandbox(to)).hasSize(1);
    }

    private void putOnSmsSend(OutboundRecord message) throws Exception {
        putOnSmsSend(List.of(message));
    }

    /** The messages on sms.send as the intake puts them there (grouped by message), in one broker transaction. */
    private void putOnSmsSend(List<OutboundRecord> messages) throws Exception {
        try (jakarta.jms.Connection connection = connectionFactory.createConnection()) {
            jakarta.jms.Session session = connection.createSession(true, jakarta.jms.Session.SESSION_TRANSACTED);
            jakarta.jms.MessageProducer producer = session.createProducer(session.createQueue("sms.send"));
            for (OutboundRecord message : messages) {
                TextMessage m = session.createTextMessage(message.id());
                m.setStringProperty("JMSXGroupID", message.id());
                producer.send(m);
            }
            session.commit();
        }
    }

    @Test
    void theHttpApiAcceptsValidatesAndReports() throws Exception {
        String to = newPhone();
        String key = key();
        HttpResponse<String> accepted = bridge.post("/api/messages",
                "{\"to\":\"" + to + "\",\"body\":\"via HTTP ✓\",\"idempotencyKey\":\"" + key + "\"}", API_KEY, "application/json");
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode answer = json(accepted.body());
        assertThat(answer.path("encoding").asText()).isEqualTo("UCS2");
        String id = answer.path("id").asText();

        bridge.awaitStatus(key, OutboundStatus.SENT);
        JsonNode status = json(bridge.get("/api/messages/" + id, API_KEY).body());
        assertThat(status.path("status").asText()).isIn("sent", "delivered");
        assertThat(status.path("messageSid").asText()).startsWith("SM");
        assertThat(status.path("history")).extracting(h -> h.path("status").asText()).startsWith("accepted", "sending", "sent");

        HttpResponse<String> invalid = bridge.post("/api/messages", "{\"to\":\"+1\",\"idempotencyKey\":\"" + key() + "\"}", API_KEY, "application/json");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid.body()).path("reasons")).hasSizeGreaterThanOrEqualTo(2);

        assertThat(bridge.post("/api/messages", "{}", "wrong", "application/json").statusCode()).isEqualTo(401);
        assertThat(bridge.post("/api/messages", "{}", null, "application/json").statusCode()).isEqualTo(401);
        assertThat(bridge.post("/api/messages", "to=x", API_KEY, "application/x-www-form-urlencoded").statusCode()).isEqualTo(415);
        assertThat(bridge.get("/api/messages/" + id, null).statusCode()).isEqualTo(401);
        assertThat(bridge.get("/api/messages/" + UUID.randomUUID(), API_KEY).statusCode()).isEqualTo(404);
    }

    private static String key() {
        return "test-" + UUID.randomUUID();
    }
}
