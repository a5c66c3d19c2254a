package io.smsbridge.sandbox;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** The sandbox's SMTP server (GreenMail on 127.0.0.1), where fallback and alert emails land in sandbox mode. */
@Component
@ConditionalOnSandbox
public class SandboxMailServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SandboxMailServer.class);

    private final int port;
    private volatile GreenMail greenMail;

    public SandboxMailServer(SandboxProperties properties) {
        this.port = properties.smtpPort();
    }

    @Override
    public void start() {
        // Like a development mail catcher, it takes any login (a bridge configured with SMTP credentials works against it)
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        greenMail = server;
        log.info("Sandbox SMTP server listening on 127.0.0.1:{} (mail listed at GET /sandbox/mail)", port);
    }

    @Override
    public void stop() {
        GreenMail server = greenMail;
        greenMail = null;
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return greenMail != null;
    }

    public int port() {
        return port;
    }

    /** Every mail received, one entry per message (not per recipient), oldest first. */
    public List<Map<String, Object>> received() {
        GreenMail server = greenMail;
        if (server == null) {
            return List.of();
        }
        Map<String, Map<String, Object>> byMessageId = new LinkedHashMap<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            try {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("messageId", message.getMessageID());
                json.put("from", addresses(message.getFrom()));
                json.put("to", addresses(message.getRecipients(MimeMessage.RecipientType.TO)));
                json.put("subject", message.getSubject());
                json.put("body", GreenMailUtil.getBody(message));
                json.put("sentDate", message.getSentDate() == null ? null : message.getSentDate().toInstant().toString());
                byMessageId.putIfAbsent(message.getMessageID(), json);
            } catch (MessagingException e) {
                throw new IllegalStateException("Unreadable mail in the sandbox SMTP server", e);
            }
        }
        return List.copyOf(byMessageId.values());
    }

    public void clear() {
        GreenMail server = greenMail;
        if (server != null) {
            try {
                server.purgeEmailFromAllMailboxes();
            } catch (Exception e) {
                throw new IllegalStateException("Could not purge sandbox mail", e);
            }
        }
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
    }
}
