package io.smsbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.optout.OptOutLedger;
import io.smsbridge.sandbox.SandboxProperties;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import io.smsbridge.support.TwilioWebhookSender;
import io.smsbridge.twilio.TwilioProperties;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Logs carry ids, never full phone numbers or passwords. */
@SmsBridgeIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class LogPrivacyIT {

    @Autowired
    BridgeClient bridge;
    @Autowired
    OptOutLedger optOuts;
    @Autowired
    SandboxProperties sandbox;

    @Test
    void anInboundTextAndAnOptOutLogTheNumberMasked(CapturedOutput output) throws Exception {
        String phone = BridgeClient.newPhone();
        new TwilioWebhookSender(TwilioProperties.SANDBOX_AUTH_TOKEN)
                .post(bridge.baseUrl() + "/twilio/inbound", TwilioWebhookSender.inboundText(phone, "+15005550006", "STOP"));
        BridgeClient.await(() -> optOuts.isOptedOut(phone, "+15005550006") ? Optional.of(true) : Optional.empty(),
                Duration.ofSeconds(15), phone + " opted out");

        String masked = "+1********" + phone.substring(phone.length() - 2);
        assertThat(output).contains("(from " + masked + " to").contains("Opted out " + masked);
        assertThat(output).doesNotContain(phone);
    }

    @Test
    void theSandboxSmtpServerDoesNotLogAPassword(CapturedOutput output) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(sandbox.smtpPort()));
        props.put("mail.smtp.auth", "true");
        Session session = Session.getInstance(props);
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress("bridge@example.com"));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress("ops@example.com"));
        mail.setSubject("login check");
        mail.setText("hello");
        Transport.send(mail, "smtp-user@example.com", "s3cret-Passw0rd");

        assertThat(output).doesNotContain("s3cret-Passw0rd").doesNotContain("with password");
    }
}
