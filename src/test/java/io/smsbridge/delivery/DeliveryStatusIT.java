package io.smsbridge.delivery;

import static io.smsbridge.support.BridgeClient.newPhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsbridge.optout.OptOutLedger;
import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.outbound.OutboundStatus;
import io.smsbridge.outbound.OutboundValidator;
import io.smsbridge.sandbox.SandboxMailServer;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import io.smsbridge.support.TwilioWebhookSender;
import io.smsbridge.twilio.TwilioProperties;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;

/** Status callbacks from the sandbox carrier (signed, over HTTP) through the state machine to real SMTP. */
@SmsBridgeIntegrationTest
class DeliveryStatusIT {

    @LocalServerPort
    int port;
    @Autowired
    OutboundLedger ledger;
    @Autowired
    SandboxMailServer mail;
    @Autowired
    OptOutLedger optOuts;
    @Autowired
    OutboundValidator validator;
    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    private BridgeClient bridge;
    private final TwilioWebhookSender twilio = new TwilioWebhookSender(TwilioProperties.SANDBOX_AUTH_TOKEN);

    @Test
    void aDeliveredMessageEndsDeliveredWithItsHistory() throws Exception {
        String key = key();
        bridge.queue("{\"to\":\"" + newPhone() + "\",\"body\":\"hello\",\"idempotencyKey\":\"" + key + "\"}");

        OutboundRecord delivered = bridge.awaitStatus(key, "delivered");

        assertThat(ledger.history(delivered.id())).extracting(OutboundLedger.HistoryEntry::status)
                .containsSubsequence("accepted", "sending", "sent", "delivered");
        assertThat(mailAbout(delivered)).isEmpty();
    }

    @Test
    void anUnreachableRecipientProducesExactlyOneFallbackEmail() throws Exception {
        String key = key();
        bridge.queue("{\"to\":\"+15005551003\",\"body\":\"Your parcel arrives today\",\"idempotencyKey\":\"" + key
                + "\",\"fallbackEmail\":\"customer@example.com\"}");

        OutboundRecord undelivered = bridge.awaitStatus(key, "undelivered");
        List<Map<String, Object>> emails = awaitMail(undelivered, 1);
        Thread.sleep(800);

        assertThat(mailAbout(undelivered)).hasSize(1);
        Map<String, Object> email = emails.get(0);
        assertThat(email.get("to")).isEqualTo(List.of("customer@example.com"));
        assertThat((String) email.get("subject")).contains("+15005551003").contains("30003");
        assertThat((String) email.get("body")).contains("Recipient:       +15005551003").contains("Status:          undelivered")
                .contains("Error code:      30003").contains("unreachable").contains(undelivered.messageSid())
                .doesNotContain("Your parcel arrives today"); // the text only if configured
        assertThat(undelivered.errorCode()).isEqualTo(30003);
        assertThat(ledger.history(undelivered.id())).extracting(OutboundLedger.HistoryEntry::status).contains("fallback");
    }

    @Test
    void aFilteredMessageAlertsOperations() throws Exception {
        String key = key();
        bridge.queue("{\"to\":\"+15005551007\",\"body\":\"Win a prize\",\"idempotencyKey\":\"" + key + "\",\"fallbackEmail\":\"x@example.com\"}");

        OutboundRecord failed = bridge.awaitStatus(key, "failed");
        List<Map<String, Object>> emails = awaitMail(failed, 1);

        assertThat(emails.get(0).get("to")).isEqualTo(List.of("ops@localhost"));
        assertThat((String) emails.get(0).get("subject")).startsWith("[SMS Bridge] failed").contains("30007");
    }

    @Test
    void duplicateAndOutOfOrderCallbacksLeaveTheRightFinalState() throws Exception {
        String key = key();
        bridge.queue("{\"to\":\"" + newPhone() + "\",\"body\":\"order\",\"idempotencyKey\":\"" + key + "\"}");
        OutboundRecord delivered = bridge.awaitStatus(key, "delivered");
        String url = "http://localhost:" + port + "/twilio/status";

        assertThat(twilio.post(url, callback(delivered, "sent")).statusCode()).isEqualTo(200);       // late
        assertThat(twilio.post(url, callback(delivered, "queued")).statusCode()).isEqualTo(200);     // later still
        assertThat(twilio.post(url, callback(delivered, "delivered")).statusCode()).isEqualTo(200);  // duplicate
        assertThat(twilio.post(url, callback(delivered, "read")).statusCode()).isEqualTo(200);       // read follows delivered

        BridgeClient.await(() -> ledger.find(delivered.id()).filter(m -> m.status().equals("read")), Duration.ofSeconds(10), "read");
        assertThat(ledger.history(delivered.id())).extracting(OutboundLedger.HistoryEntry::detail)
                .contains("reported after a later status: ignored");
    }

    @Test
    void aLateDeliveredAfterUndeliveredIsIgnored() throws Exception {
        String key = key();
        bridge.queue("{\"to\":\"+15005551006\",\"body\":\"landline\",\"idempotencyKey\":\"" + key + "\"}");
        OutboundRecord undelivered = bridge.awaitStatus(key, "undelivered");

        assertThat(twilio.post("http://localhost:" + port + "/twilio/status", callback(undelivered, "sent")).statusCode()).isEqualTo(200);
        Thread.sleep(800);

        assertThat(ledger.find(undelivered.id()).orElseThrow().status()).isEqualTo("undelivered");
    }

    @Test
    void aForgedCallbackIs403() throws Exception {
        String url = "http://localhost:" + port + "/twilio/status";
        Map<String, String> form = new LinkedHashMap<>(Map.of("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""),
                "MessageStatus", "delivered"));
        assertThat(new TwilioWebhookSender("forger").post(url, form).statusCode()).isEqualTo(403);
        assertThat(twilio.send(url, TwilioWebhookSender.encode(form), "application/x-www-form-urlencoded", null, null).statusCode()).isEqualTo(403);
    }

    @Test
    void anSmtpOutageDelaysTheEmailButItArrivesOnce() throws Exception {
        mail.stop();
        String key = key();
        OutboundRecord undelivered;
        try {
            bridge.queue("{\"to\":\"+15005551005\",\"body\":\"x\",\"idempotencyKey\":\"" + key + "\",\"fallbackEmail\":\"late@example.com\"}");
            undelivered = bridge.awaitStatus(key, "undelivered");
            Thread.sleep(1500); // attempts fail while SMTP is down; the broker redelivers the report
            assertThat(ledger.fallbackSent(undelivered.id())).isFalse();
        } finally {
            mail.start();
        }
        awaitMail(undelivered, 1);
        Thread.sleep(1000);
        assertThat(mailAbout(undelivered)).hasSize(1);

        String metrics = bridge.get("/actuator/prometheus", null).body();
        assertThat(metrics).contains("smsbridge_fallback_emails_total{kind=\"fallback-email\",result=\"failed\"}")
                .contains("smsbridge_fallback_emails_total{kind=\"fallback-email\",result=\"sent\"}")
                .contains("smsbridge_messages_final_total{country=\"US\",status=\"undelivered\"}")
                .contains("smsbridge_messages_errors_total{class=\"unreachable\",code=\"30005\"}");
    }

    @Test
    void anEmailSmtpKeepsRefusingIsParkedWithItsReportAndSentOnceWhenTheReportIsMovedBack() throws Exception {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(60_000);
        mail.stop();
        String key = key();
        OutboundRecord undelivered;
        Message parked;
        try {
            bridge.queue("{\"to\":\"+15005551003\",\"body\":\"x\",\"idempotencyKey\":\"" + key + "\",\"fallbackEmail\":\"parked@example.com\"}");
            undelivered = bridge.awaitStatus(key, "undelivered");
            // six deliveries of the report, 200 ms of broker back-off doubling between them
            parked = jms.receiveSelected("sms.status.dead-letter", "SmsBridgeMessageSid = '" + undelivered.messageSid() + "'");
            assertThat(parked).as("the report on sms.status.dead-letter (moved there in the sms.status transaction)").isNotNull();
        } finally {
            mail.start();
        }
        assertThat(parked.getStringProperty("SmsBridgeReason")).startsWith("fallback-email not sent in 6 attempts, last: ")
                .endsWith("; report parked on sms.status.dead-letter");
        assertThat(ledger.history(undelivered.id())).filteredOn(h -> h.status().equals("email parked"))
                .extracting(OutboundLedger.HistoryEntry::detail).containsExactly(parked.getStringProperty("SmsBridgeReason"));
        assertThat(bridge.get("/actuator/prometheus", null).body())
                .contains("smsbridge_fallback_emails_total{kind=\"fallback-email\",result=\"parked\"}");
        Thread.sleep(1000);
        assertThat(mailAbout(undelivered)).as("no email while the report is parked").isEmpty();

        // SMTP is back; an operator moves the report back to sms.status
        jms.send("sms.status", session -> {
            TextMessage back = session.createTextMessage(parked.getBody(String.class));
            back.setStringProperty("JMSXGroupID", parked.getStringProperty("JMSXGroupID"));
            return back;
        });
        awaitMail(undelivered, 1);
        Thread.sleep(1000);
        assertThat(mailAbout(undelivered)).hasSize(1);
        assertThat(ledger.find(undelivered.id()).orElseThrow().status()).isEqualTo("undelivered");
    }

    @Test
    void twilio21610OnDeliveryWritesTheOptOutLedger() throws Exception {
        // a report that arrives later with 21610 (e.g. the recipient opted out through the Messaging Service)
        String key = key();
        String to = newPhone();
        bridge.queue("{\"to\":\"" + to + "\",\"body\":\"x\",\"idempotencyKey\":\"" + key + "\"}");
        OutboundRecord sent = bridge.awaitStatus(key, "delivered");
        // a second message to the same phone is reported failed with 21610
        String key2 = key();
        bridge.queue("{\"to\":\"" + to + "\",\"body\":\"y\",\"idempotencyKey\":\"" + key2 + "\"}");
        OutboundRecord second = BridgeClient.await(() -> ledger.findByKey(key2).filter(m -> m.messageSid() != null),
                Duration.ofSeconds(10), "second message at Twilio");
        Map<String, String> failed = callback(second, "failed");
        failed.put("ErrorCode", "21610");
        twilio.post("http://localhost:" + port + "/twilio/status", failed);

        BridgeClient.await(() -> optOuts.isOptedOut(to, sent.sender()) ? Optional.of(true) : Optional.empty(),
                Duration.ofSeconds(10), to + " opted out");
    }

    @Test
    void aReportThatComesBeforeItsSidIsStoredIsAppliedOnceTheSidIsKnown() throws Exception {
        // Twilio can call back before the bridge has recorded the create's answer: the report waits on the broker.
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        OutboundRecord pending = ledger.accept(validator.validate("{\"to\":\"" + newPhone() + "\",\"body\":\"early\"}", key())
                .message()).record();
        Map<String, String> early = callback(pending, "delivered");
        early.put("MessageSid", sid);
        early.put("SmsSid", sid);
        assertThat(twilio.post("http://localhost:" + port + "/twilio/status", early).statusCode()).isEqualTo(200);
        Thread.sleep(500); // a few redeliveries (200 ms apart in tests) find no message with that SID

        sidRecordedThenEarlyReportApplied(pending, sid);
    }

    @Test
    void aBatchAppliesEachReportOnceWhileOneThatCannotBeAppliedYetWaitsAlone() throws Exception {
        // five messages Twilio has, one whose create's answer is not recorded yet; their reports, a duplicate among them,
        // are all waiting on sms.status at once and in one group, so one consumer takes them together
        List<OutboundRecord> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            OutboundRecord m = ledger.accept(validator.validate("{\"to\":\"" + newPhone() + "\",\"body\":\"batch\"}", key()).message()).record();
            String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
            ledger.markSent(m.id(), sid, "queued", null, null, null);
            sent.add(ledger.find(m.id()).orElseThrow());
        }
        OutboundRecord pending = ledger.accept(validator.validate("{\"to\":\"" + newPhone() + "\",\"body\":\"batch\"}", key())
                .message()).record();
        String earlySid = "SM" + UUID.randomUUID().toString().replace("-", "");
        List<String> reports = new java.util.ArrayList<>();
        for (OutboundRecord m : sent) {
            reports.add(report(m.messageSid(), "delivered"));
        }
        reports.add(2, report(earlySid, "delivered"));
        reports.add(report(sent.get(0).messageSid(), "delivered"));          // Twilio's retry of the first
        double appliedBefore = batchedReports();
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setSessionTransacted(true);
        String group = "batch-" + UUID.randomUUID();
        jms.execute(session -> {
            jakarta.jms.MessageProducer producer = session.createProducer(session.createQueue("sms.status"));
            for (String r : reports) {
                TextMessage m = session.createTextMessage(r);
                m.setStringProperty("JMSXGroupID", group);
                producer.send(m);
            }
            session.commit();
            return null;
        });

        for (OutboundRecord m : sent) {
            BridgeClient.await(() -> ledger.find(m.id()).filter(r -> r.status().equals("delivered")), Duration.ofSeconds(10),
                    m.messageSid() + " delivered while the early report waits");
            assertThat(ledger.history(m.id())).extracting(OutboundLedger.HistoryEntry::status).containsOnlyOnce("delivered");
        }
        assertThat(ledger.find(pending.id()).orElseThrow().status()).isNotEqualTo("delivered");
        BridgeClient.await(() -> batchedReports() - appliedBefore >= reports.size() ? Optional.of(true) : Optional.empty(),
                Duration.ofSeconds(5), "every report counted by smsbridge_status_batch_reports");

        sidRecordedThenEarlyReportApplied(pending, earlySid);
    }

    /** The create's answer is recorded at last: the report that waited for its SID is applied, once. */
    private void sidRecordedThenEarlyReportApplied(OutboundRecord pending, String sid) throws InterruptedException {
        ledger.markSent(pending.id(), sid, "queued", null, null, null);
        BridgeClient.await(() -> ledger.find(pending.id()).filter(m -> m.status().equals("delivered")),
                Duration.ofSeconds(15), "the early report applied once its SID is known");
        assertThat(ledger.history(pending.id())).extracting(OutboundLedger.HistoryEntry::status).containsOnlyOnce("delivered");
    }

    @Test
    void somethingOnSmsStatusThatIsNoReportIsParkedAtOnceAndHoldsUpNothing() throws Exception {
        String group = "not-a-report-" + UUID.randomUUID();
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(10_000);
        jms.send("sms.status", session -> {
            TextMessage m = session.createTextMessage("{not json");
            m.setStringProperty("JMSXGroupID", group);
            return m;
        });
        jms.send("sms.status", session -> {
            jakarta.jms.BytesMessage m = session.createBytesMessage();
            m.writeBytes(new byte[] {1, 2, 3});
            m.setStringProperty("JMSXGroupID", group);
            return m;
        });

        Message unreadable = jms.receiveSelected("sms.status.dead-letter", "JMSXGroupID = '" + group + "' AND SmsBridgeReason IS NOT NULL");
        assertThat(unreadable).as("the unreadable report, parked with its reason on its first delivery").isNotNull();
        assertThat(unreadable.getBody(String.class)).isEqualTo("{not json");
        assertThat(unreadable.getStringProperty("SmsBridgeReason")).startsWith("unreadable status report")
                .endsWith("; report parked on sms.status.dead-letter");
        Message bytes = jms.receiveSelected("sms.status.dead-letter", "JMSXGroupID = '" + group + "'");
        assertThat(bytes).as("the message that is no text, kept as it came").isInstanceOf(jakarta.jms.BytesMessage.class);
        assertThat(bytes.getBody(byte[].class)).containsExactly(1, 2, 3);
    }

    /** How many reports the batches have taken so far (smsbridge_status_batch_reports_sum). */
    private double batchedReports() {
        try {
            return bridge.get("/actuator/prometheus", null).body().lines()
                    .filter(l -> l.startsWith("smsbridge_status_batch_reports_sum"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String report(String sid, String status) {
        return "{\"messageSid\":\"" + sid + "\",\"status\":\"" + status + "\"}";
    }

    @Test
    void aReportWhoseSidNeverAppearsIsParkedWithTheReasonThenReleasedOrDiscardedByItsId() throws Exception {
        // two SIDs this bridge has no message for, through all six deliveries (200 ms of back-off doubling in tests)
        String kept = "SM" + UUID.randomUUID().toString().replace("-", "");
        String dropped = "SM" + UUID.randomUUID().toString().replace("-", "");
        OutboundRecord pending = ledger.accept(validator.validate("{\"to\":\"" + newPhone() + "\",\"body\":\"lost answer\"}", key())
                .message()).record();
        for (String sid : List.of(kept, dropped)) {
            Map<String, String> report = callback(pending, "delivered");
            report.put("MessageSid", sid);
            report.put("SmsSid", sid);
            assertThat(twilio.post("http://localhost:" + port + "/twilio/status", report).statusCode()).isEqualTo(200);
        }
        Map<String, JsonNode> parked = BridgeClient.await(() -> {
            Map<String, JsonNode> bySid = parkedReports();
            return bySid.keySet().containsAll(List.of(kept, dropped)) ? Optional.of(bySid) : Optional.empty();
        }, Duration.ofSeconds(30), "both reports listed on sms.status.dead-letter");
        assertThat(parked.get(kept).path("SmsBridgeReason").asText()).isEqualTo("no message with SID " + kept + " after 6"
                + " deliveries: not sent through this bridge, or its create's answer was never recorded; report parked on"
                + " sms.status.dead-letter");
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(500);
        assertThat(jms.receiveSelected("DLQ.sms.status", "JMSXGroupID = '" + kept + "'")).as("nothing without a reason in DLQ.sms.status").isNull();
        assertThat(bridge.get("/actuator/prometheus", null).body())
                .contains("smsbridge_status_reports_parked_total{reason=\"unknown-sid\"}");

        // a report for a message sent by another system: the operator discards it, by its id
        String droppedId = parked.get(dropped).path("id").asText();
        assertThat(operator("discard", null).statusCode()).as("discard needs an id").isEqualTo(400);
        assertThat(operator("discard", "ID:' OR '1'='1").statusCode()).as("only an id reaches the selector").isEqualTo(400);
        assertThat(operator("discard", droppedId).statusCode()).isEqualTo(200);
        assertThat(operator("discard", droppedId).statusCode()).as("gone").isEqualTo(404);
        assertThat(operator("purge", droppedId).statusCode()).isEqualTo(404);

        // the other one's SID turns up (the create's answer, found in Twilio's console) and only it is released
        ledger.markSent(pending.id(), kept, "queued", null, null, null);
        var released = operator("release", parked.get(kept).path("id").asText());
        assertThat(released.statusCode()).isEqualTo(200);
        assertThat(BridgeClient.json(released.body()).path("released").asInt()).isEqualTo(1);
        BridgeClient.await(() -> ledger.find(pending.id()).filter(m -> m.status().equals("delivered")),
                Duration.ofSeconds(15), "the released report applied");
        assertThat(ledger.history(pending.id())).extracting(OutboundLedger.HistoryEntry::status).containsOnlyOnce("delivered");
        assertThat(parkedReports()).doesNotContainKeys(kept, dropped);
    }

    /** What GET /api/parked lists of sms.status.dead-letter, by SmsBridgeMessageSid. */
    private Map<String, JsonNode> parkedReports() {
        Map<String, JsonNode> bySid = new LinkedHashMap<>();
        bridge.parked("sms.status.dead-letter").path("messages").forEach(m -> bySid.put(m.path("SmsBridgeMessageSid").asText(), m));
        return bySid;
    }

    private HttpResponse<String> operator(String action, String id) throws Exception {
        String query = id == null ? "" : "?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        return bridge.post("/api/parked/sms.status.dead-letter/" + action + query, "", OutboundApi.SANDBOX_API_KEY, null);
    }

    private Map<String, String> callback(OutboundRecord m, String status) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("AccountSid", TwilioProperties.SANDBOX_ACCOUNT_SID);
        form.put("MessageSid", m.messageSid());
        form.put("SmsSid", m.messageSid());
        form.put("MessageStatus", status);
        form.put("SmsStatus", status);
        form.put("To", m.to());
        form.put("From", m.sender());
        form.put("ApiVersion", "2010-04-01");
        return form;
    }

    private List<Map<String, Object>> mailAbout(OutboundRecord m) {
        return mail.received().stream().filter(e -> String.valueOf(e.get("body")).contains(m.id())).toList();
    }

    private List<Map<String, Object>> awaitMail(OutboundRecord m, int count) throws InterruptedException {
        return BridgeClient.await(() -> mailAbout(m).size() >= count ? Optional.of(mailAbout(m)) : Optional.empty(),
                Duration.ofSeconds(20), count + " email(s) about " + m.id());
    }

    private static String key() {
        return "delivery-" + UUID.randomUUID();
    }
}
