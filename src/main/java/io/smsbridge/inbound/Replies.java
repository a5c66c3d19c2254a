package io.smsbridge.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    public Replies(OutboundProperties outbound, ObjectMapper json) {
        this.outbound = outbound;
        this.json = json;
    }

    /**
     * @param purpose what the reply is for (help, opt-out, a keyword...), part of its idempotency key
     */
    public String outboundJson(InboundMessage to, String text, String purpose) throws JsonProcessingException {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("to", to.from());
        message.put("body", text);
        if (to.messagingServiceSid() != null) {
            message.put("messagingServiceSid", to.messagingServiceSid());
        } else if (to.to().equals(outbound.defaultFrom()) || outbound.senders().contains(to.to())) {
            message.put("from", to.to());
        }
        message.put("idempotencyKey", "reply-" + to.messageSid() + "-" + purpose.toLowerCase());
        return json.writeValueAsString(message);
    }

    /** A configured reply template (Camel simple language) evaluated against the exchange. */
    public String render(String template, Exchange exchange) {
        return exchange.getContext().resolveLanguage("simple").createExpression(template).evaluate(exchange, String.class);
    }
}
