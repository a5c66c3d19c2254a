package io.smsbridge.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.optout.OptOutLedger;
import io.smsbridge.outbound.OutboundProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Answers to a text, as outbound messages (JSON for sms.outbound): to the person who texted, from the number or
 * Messaging Service they texted when it is one of ours, with an idempotency key derived from their MessageSid so a
 * redelivered text is never answered twice.
 */
@Component("replies")
public class Replies {

    private final OutboundProperties outbound;
    private final ObjectMapper json;
    private final OptOutLedger optOuts;

    public Replies(OutboundProperties outbound, ObjectMapper json, OptOutLedger optOuts) {
        this.outbound = outbound;
        this.json = json;
        this.optOuts = optOuts;
    }

    /**
     * Whether the person may be answered now: not when they opted out of the sender the answer would come from,
     * except for the confirmation of their own STOP. Checked when the text is handled (texts from one phone are
     * handled in order), so a later START cannot let an earlier answer through.
     */
    public boolean mayAnswer(InboundMessage to, String confirmsStopMessageSid) {
        String sender = sender(to);
        return !optOuts.isOptedOut(to.from(), sender)
                || (confirmsStopMessageSid != null && optOuts.wasOptedOutBy(to.from(), sender, confirmsStopMessageSid));
    }

    /** The number or Messaging Service an answer to this text comes from. */
    String sender(InboundMessage to) {
        if (to.messagingServiceSid() != null) {
            return to.messagingServiceSid();
        }
        if (isOurs(to.to())) {
            return to.to();
        }
        return outbound.defaultFrom() != null && !outbound.defaultFrom().isBlank() ? outbound.defaultFrom() : outbound.defaultMessagingServiceSid();
    }

    private boolean isOurs(String number) {
        return number.equals(outbound.defaultFrom()) || outbound.senders().contains(number);
    }

    /**
     * @param purpose what the reply is for (help, opt-out, a keyword...), part of its idempotency key
     */
    public String outboundJson(InboundMessage to, String text, String purpose) throws JsonProcessingException {
        return outboundJson(to.from(), to.to(), to.messagingServiceSid(), text, "reply-" + to.messageSid() + "-" + purpose.toLowerCase());
    }

    /**
     * An outbound message (JSON for sms.outbound) to {@code phone}, from the Messaging Service when given, else from
     * {@code from} when it is one of our numbers, else from the configured default sender; under {@code idempotencyKey}.
     */
    public String outboundJson(String phone, String from, String messagingServiceSid, String text, String idempotencyKey)
            throws JsonProcessingException {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("to", phone);
        message.put("body", text);
        if (messagingServiceSid != null) {
            message.put("messagingServiceSid", messagingServiceSid);
        } else if (from != null && isOurs(from)) {
            message.put("from", from);
        }
        message.put("idempotencyKey", idempotencyKey);
        return json.writeValueAsString(message);
    }

    /** A configured reply template (Camel simple language) evaluated against the exchange. */
    public String render(String template, Exchange exchange) {
        return exchange.getContext().resolveLanguage("simple").createExpression(template).evaluate(exchange, String.class);
    }
}
