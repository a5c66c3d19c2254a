package io.smsbridge.inbound;

import static io.smsbridge.support.BridgeClient.newPhone;
import static io.smsbridge.support.TwilioWebhookSender.inboundText;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.optout.OptOutLedger;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.outbound.OutboundStatus;
import io.smsbridge.sandbox.SandboxMessage;
import io.smsbridge.sandbox.SandboxMessages;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import io.smsbridge.support.TwilioWebhookSender;
import io.smsbridge.twilio.TwilioProperties;
import jakarta.jms.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;

/** Keyword dispatch, from signed webhooks to the opt-out ledger and to replies at the sandbox phone. */
@SmsBridgeIntegrationTest
class KeywordDispatchIT {

    private static final String BRIDGE_NUMBER = "+15005550006";

    @Autowired
    BridgeClient bridge;
    @LocalServerPort
    int port;
    @Autowired
    OptOutLedger optOuts;
    @Autowired
    SandboxMessages sandbox;
    @Autowired
    OutboundLedger ledger;
    @Autowired
    ConnectionFactory connectionFactory;
    @Value("${smsbridge.inbound.help-text}")
    String helpText;

    private final TwilioWebhookSender twilio = new TwilioWebhookSender(TwilioProperties.SANDBOX_AUTH_TOKEN);
    private String url;

    @BeforeEach
    void url() {
        url = "http://localhost:" + port + "/twilio/inbound";
    }

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stop", "  Stop  ", "STOPALL", "unsubscribe", "Cancel", "END", "quit", "REVOKE", "OptOut"})
    void theStopFamilyOptsOut(String text) throws Exception {
        String phone = newPhone();
        text(phone, text);
        awaitOptedOut(phone, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"START", "start", " Yes ", "UNSTOP"})
    void theStartFamilyOptsBackIn(String text) throws Exception {
        String phone = newPhone();
        optOuts.optOut(phone, BRIDGE_NUMBER, "STOP", "SMearlier");
        text(phone, text);
        awaitOptedOut(phone, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HELP", "help", " Info "})
    void helpIsAnsweredWithTheHelpText(String text) throws Exception {
        String phone = newPhone();
        text(phone, text);
        assertThat(awaitReplies(phone, 1).get(0).body()).isEqualTo(helpText);
    }

    @Test
    void twiliosOptOutTypeWinsOverTheText() throws Exception {
        String phone = newPhone();
        Map<String, String> form = inboundText(phone, BRIDGE_NUMBER, "please stop sending these");
        form.put("OptOutType", "STOP");
        assertThat(twilio.post(url, form).statusCode()).isEqualTo(200);
        awaitOptedOut(phone, true);
    }

    @Test
    void aWordThatIsOnlyPartOfTheTextIsNoKeyword() throws Exception {
        String phone = newPhone();
        text(phone, "stop the printer from jamming");
        Thread.sleep(1000);
        assertThat(optOuts.isOptedOut(phone, BRIDGE_NUMBER)).isFalse();
    }

    @Test
    void stopThenAnOutboundMessageIsSuppressedAndStartRestoresIt() throws Exception {
        String phone = newPhone();
        text(phone, "STOP");
        awaitOptedOut(phone, true);

        String first = "after-stop-" + UUID.randomUUID();
        bridge.queue("{\"to\":\"" + phone + "\",\"body\":\"Build deployed\",\"idempotencyKey\":\"" + first + "\"}");
        bridge.awaitStatus(first, OutboundStatus.SUPPRESSED);

        text(phone, "HELP"); // an opted-out person gets no answer but START's
        text(phone, "START");
        awaitOptedOut(phone, false);
        String second = "after-start-" + UUID.randomUUID();
        bridge.queue("{\"to\":\"" + phone + "\",\"body\":\"Build deployed again\",\"idempotencyKey\":\"" + second + "\"}");
        bridge.awaitStatus(second, OutboundStatus.SENT);
        assertThat(repliesTo(phone)).extracting(SandboxMessage.Snapshot::body).containsExactly("Build deployed again");
    }

    @Test
    void theBridgesOwnStopConfirmationPassesTheOptOut() throws Exception {
        String phone = newPhone();
        String stopSid = "SM" + UUID.randomUUID().toString().replace("-", "");
        optOuts.optOut(phone, BRIDGE_NUMBER, "STOP", stopSid);
        JmsTemplate jms = new JmsTemplate(connectionFactory);

        jms.convertAndSend("sms.outbound", "{\"to\":\"" + phone + "\",\"body\":\"You are unsubscribed.\",\"idempotencyKey\":\"confirm-" + stopSid + "\"}",
                m -> {
                    m.setStringProperty("SmsBridgeOptOutConfirmation", stopSid);
                    return m;
                });
        jms.convertAndSend("sms.outbound", "{\"to\":\"" + phone + "\",\"body\":\"sneaky\",\"idempotencyKey\":\"sneak-" + stopSid + "\"}",
                m -> {
                    m.setStringProperty("SmsBridgeOptOutConfirmation", "SMnotTheStop");
                    return m;
                });

        bridge.awaitStatus("sneak-" + stopSid, OutboundStatus.SUPPRESSED);
        assertThat(awaitReplies(phone, 1)).extracting(SandboxMessage.Snapshot::body).containsExactly("You are unsubscribed.");
    }

    @Test
    void customKeywordsRunTheirEndpointAndReply() throws Exception {
        String phone = newPhone();
        text(phone, "ack INC-42");
        assertThat(awaitReplies(phone, 1).get(0).body()).isEqualTo("Incident INC-42 acknowledged. Thank you.");

        String other = newPhone();
        text(other, "ONCALL");
        assertThat(awaitReplies(other, 1).get(0).body()).startsWith("On call now: ");
    }

    @Test
    void aKeywordDefinedOnlyInConfigurationWorks() throws Exception {
        // PING is configured by the test context (EmbeddedDefaultsForTests): endpoint log:…, reply "PONG $simple{body}"
        String phone = newPhone();
        text(phone, "ping   are you there?");
        assertThat(awaitReplies(phone, 1).get(0).body()).isEqualTo("PONG are you there?");
    }

    @Test
    void messagesThatAreNoKeywordGoToTheHelpDesk() throws Exception {
        String phone = newPhone();
        text(phone, "My laptop will not boot");
        assertThat(awaitReplies(phone, 1).get(0).body()).matches("Ticket SUP-\\d+ opened\\. .*");
        assertThat(optOuts.isOptedOut(phone, BRIDGE_NUMBER)).isFalse();
    }

    private void text(String phone, String body) throws Exception {
        assertThat(twilio.post(url, inboundText(phone, BRIDGE_NUMBER, body)).statusCode()).isEqualTo(200);
    }

    private void awaitOptedOut(String phone, boolean optedOut) throws InterruptedException {
        BridgeClient.await(() -> optOuts.isOptedOut(phone, BRIDGE_NUMBER) == optedOut ? Optional.of(true) : Optional.empty(),
                Duration.ofSeconds(15), phone + (optedOut ? " opted out" : " opted in"));
    }

    private List<SandboxMessage.Snapshot> repliesTo(String phone) {
        return sandbox.list(m -> m.direction().equals("outbound-api") && m.to().equals(phone), null, 100);
    }

    private List<SandboxMessage.Snapshot> awaitReplies(String phone, int count) throws InterruptedException {
        return BridgeClient.await(() -> repliesTo(phone).size() >= count ? Optional.of(repliesTo(phone)) : Optional.empty(),
                Duration.ofSeconds(15), count + " replies to " + phone);
    }
}
