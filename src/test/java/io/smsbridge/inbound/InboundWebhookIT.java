package io.smsbridge.inbound;

import static io.smsbridge.support.BridgeClient.newPhone;
import static io.smsbridge.support.TwilioWebhookSender.inboundText;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.sandbox.SandboxMessage;
import io.smsbridge.sandbox.SandboxMessages;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.TwilioWebhookSender;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import io.smsbridge.twilio.TwilioProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** POST /twilio/inbound: only genuine webhooks get in, each text is handled once, Twilio is answered at once. */
@SmsBridgeIntegrationTest
class InboundWebhookIT {

    @LocalServerPort
    int port;
    @Autowired
    SandboxMessages sandbox;
    @Autowired
    JdbcTemplate jdbc;

    private final TwilioWebhookSender twilio = new TwilioWebhookSender(TwilioProperties.SANDBOX_AUTH_TOKEN);
    private String url;

    @BeforeEach
    void url() {
        url = "http://localhost:" + port + "/twilio/inbound";
    }

    @Test
    void aTextFromASandboxPhoneIsVerifiedStoredAndAnsweredWithEmptyTwiml() throws Exception {
        String phone = newPhone();
        HttpResponse<String> sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/sandbox/phones/" + phone + "/send"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("body=My+printer+is+on+fire")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(BridgeClient.json(sent.body()).path("webhookStatus").asInt()).isEqualTo(200);
        assertThat(BridgeClient.json(sent.body()).path("webhookResponse").asText())
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        String sid = BridgeClient.json(sent.body()).path("sid").asText();
        String storedFrom = BridgeClient.await(() -> jdbc.queryForList("SELECT from_number FROM inbound_message WHERE message_sid = ?",
                String.class, sid).stream().findFirst(), Duration.ofSeconds(10), "message " + sid + " stored");
        assertThat(storedFrom).isEqualTo(phone);
    }

    @Test
    void theAnswerIsEmptyTwimlAndLeaksNoWebhookField() throws Exception {
        Map<String, String> form = inboundText(newPhone(), "+15005550006", "hello");
        HttpResponse<String> response = twilio.post(url, form);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/xml"));
        assertThat(response.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        for (String field : form.keySet()) {
            assertThat(response.headers().map().keySet()).as("response headers").noneMatch(h -> h.equalsIgnoreCase(field));
        }
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Twilio-Signature"));
    }

    @Test
    void forgedWebhooksAre403AndLeaveNoTrace() throws Exception {
        Map<String, String> form = inboundText(newPhone(), "+15005550006", "HELP");
        String sid = form.get("MessageSid");

        // signed, then the body changed
        String signature = signatureOf(url, form);
        Map<String, String> tampered = new java.util.LinkedHashMap<>(form);
        tampered.put("Body", "STOP");
        assertThat(twilio.send(url, TwilioWebhookSender.encode(tampered), "application/x-www-form-urlencoded", signature, null).statusCode())
                .isEqualTo(403);
        // signed for another URL (path, query, scheme)
        assertThat(twilio.post(url, "http://localhost:" + port + "/twilio/status", form, "t1").statusCode()).isEqualTo(403);
        assertThat(twilio.post(url + "?x=1", url + "?x=2", form, "t2").statusCode()).isEqualTo(403);
        assertThat(twilio.post(url, url.replace("http://", "https://"), form, "t3").statusCode()).isEqualTo(403);
        // signed with another token, or not signed at all
        assertThat(new TwilioWebhookSender("not-the-token").post(url, form).statusCode()).isEqualTo(403);
        assertThat(twilio.send(url, TwilioWebhookSender.encode(form), "application/x-www-form-urlencoded", null, null).statusCode()).isEqualTo(403);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message WHERE message_sid = ?", Integer.class, sid)).isZero();
        // the genuine one still gets in afterwards
        assertThat(twilio.post(url, form).statusCode()).isEqualTo(200);
    }

    @Test
    void aQueryStringIsPartOfTheSignedUrl() throws Exception {
        assertThat(twilio.post(url + "?tenant=acme&x=%20y", inboundText(newPhone(), "+15005550006", "hi")).statusCode()).isEqualTo(200);
    }

    @Test
    void badTransportIsRefusedBeforeAnythingElse() throws Exception {
        String big = "Body=" + "x".repeat(70 * 1024);
        assertThat(twilio.send(url, big, "application/x-www-form-urlencoded", "sig", null).statusCode()).isEqualTo(413);
        assertThat(twilio.send(url, "{\"Body\":\"hi\"}", "application/json", "sig", null).statusCode()).isEqualTo(400);
        assertThat(twilio.send(url, "Body=%ZZ&From=%2B1", "application/x-www-form-urlencoded", "sig", null).statusCode()).isEqualTo(400);
        assertThat(twilio.send(url, "Body=%C3%28", "application/x-www-form-urlencoded", "sig", null).statusCode()).isEqualTo(400);
    }

    @Test
    void aReplayedMessageSidIsAcknowledgedAndHandledOnce() throws Exception {
        String phone = newPhone();
        Map<String, String> help = inboundText(phone, "+15005550006", "HELP");

        assertThat(twilio.post(url, url, help, "delivery-" + UUID.randomUUID()).statusCode()).isEqualTo(200);
        assertThat(twilio.post(url, url, help, "delivery-" + UUID.randomUUID()).statusCode()).isEqualTo(200); // Twilio retried

        awaitReplies(phone, 1);
        Thread.sleep(1000);
        assertThat(repliesTo(phone)).hasSize(1);
    }

    @Test
    void aReplayedDeliveryTokenIsAcknowledgedAndHandledOnce() throws Exception {
        String phone = newPhone();
        String token = "delivery-" + UUID.randomUUID();
        assertThat(twilio.post(url, url, inboundText(phone, "+15005550006", "HELP"), token).statusCode()).isEqualTo(200);
        assertThat(twilio.post(url, url, inboundText(phone, "+15005550006", "HELP"), token).statusCode()).isEqualTo(200);

        awaitReplies(phone, 1);
        Thread.sleep(1000);
        assertThat(repliesTo(phone)).hasSize(1);
    }

    private List<SandboxMessage.Snapshot> repliesTo(String phone) {
        return sandbox.list(m -> m.direction().equals("outbound-api") && m.to().equals(phone), null, 100);
    }

    private void awaitReplies(String phone, int count) throws InterruptedException {
        BridgeClient.await(() -> repliesTo(phone).size() >= count ? Optional.of(true) : Optional.empty(), Duration.ofSeconds(15),
                count + " replies to " + phone);
    }

    private static String signatureOf(String url, Map<String, String> form) {
        return io.smsbridge.sandbox.TwilioSignatures.sign(TwilioProperties.SANDBOX_AUTH_TOKEN, url,
                form.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
    }
}
