package io.smsbridge.inbound;

import io.smsbridge.sms.PhoneMask;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.db.ChunkedDelete;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Inbound messages: read from the webhook, kept in the database, carried as JSON on sms.inbound. */
@Component("inboundMessages")
public class InboundMessages {

    private static final Logger log = LoggerFactory.getLogger(InboundMessages.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public InboundMessages(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The message a verified inbound webhook describes; unknown fields are ignored (Twilio adds them freely). */
    public InboundMessage fromWebhook(@Variable("form") Map<String, String> form, @Variable("deliveryToken") String deliveryToken) {
        int numMedia = parseCount(form.get("NumMedia"));
        List<InboundMessage.Media> media = new ArrayList<>();
        for (int i = 0; i < numMedia; i++) {
            String url = form.get("MediaUrl" + i);
            if (url != null) {
                media.add(new InboundMessage.Media(url, form.get("MediaContentType" + i)));
            }
        }
        String sid = form.getOrDefault("MessageSid", form.get("SmsMessageSid"));
        if (sid == null || sid.isBlank() || blank(form.get("From")) || blank(form.get("To"))) {
            throw new IllegalArgumentException("inbound webhook without MessageSid, From or To");
        }
        return new InboundMessage(sid, form.get("AccountSid"), form.get("From"), form.get("To"),
                emptyToNull(form.get("MessagingServiceSid")), form.getOrDefault("Body", ""), emptyToNull(form.get("OptOutType")),
                List.copyOf(media), Instant.now(), deliveryToken == null || deliveryToken.isBlank() ? null : deliveryToken);
    }

    public void store(InboundMessage m) {
        try {
            jdbc.update("INSERT INTO inbound_message (message_sid, account_sid, from_number, to_number, messaging_service_sid, "
                            + "body, num_media, media, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    m.messageSid(), m.accountSid(), m.from(), m.to(), m.messagingServiceSid(), m.body(), m.media().size(),
                    m.media().isEmpty() ? null : json.writeValueAsString(m.media()), Timestamp.from(m.receivedAt()));
            log.info("Received message {} (from {} to {}, {} media)", m.messageSid(), PhoneMask.mask(m.from()), m.to(), m.media().size());
        } catch (DuplicateKeyException alreadyStored) {
            log.info("Message {} was already stored", m.messageSid());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes the texts received before {@code cutoff}; returns how many. */
    public int purgeReceivedBefore(Instant cutoff) {
        return ChunkedDelete.run(jdbc, "DELETE FROM inbound_message WHERE message_sid IN (SELECT message_sid FROM inbound_message "
                + "WHERE received_at < ? FETCH FIRST %d ROWS ONLY)", Timestamp.from(cutoff));
    }

    public String toJson(@Variable("inbound") InboundMessage m) throws JsonProcessingException {
        return json.writeValueAsString(m);
    }

    public InboundMessage fromJson(String text) throws JsonProcessingException {
        return json.readValue(text, InboundMessage.class);
    }

    private static int parseCount(String value) {
        try {
            return value == null || value.isBlank() ? 0 : Math.max(0, Math.min(10, Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String emptyToNull(String s) {
        return blank(s) ? null : s;
    }
}
