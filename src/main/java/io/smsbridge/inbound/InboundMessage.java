package io.smsbridge.inbound;

import java.time.Instant;
import java.util.List;

/**
 * A text someone sent to one of the bridge's numbers, as Twilio's webhook described it.
 *
 * @param optOutType    STOP, START or HELP when Twilio's Advanced Opt-Out recognised the text; null otherwise
 * @param deliveryToken Twilio's I-Twilio-Idempotency-Token of the webhook that brought it (same on Twilio's retries)
 */
public record InboundMessage(
        String messageSid,
        String accountSid,
        String from,
        String to,
        String messagingServiceSid,
        String body,
        String optOutType,
        List<Media> media,
        Instant receivedAt,
        String deliveryToken) {

    /** One MMS attachment, hosted by Twilio. */
    public record Media(String url, String contentType) {
    }

    /** What identifies the webhook delivery: Twilio's idempotency token, or the MessageSid when there was none. */
    public String deliveryKey() {
        return deliveryToken != null ? deliveryToken : "sid:" + messageSid;
    }

    /** The sender scope an opt-out by this person applies to: the whole Messaging Service, else the number texted. */
    public String optOutScope() {
        return messagingServiceSid != null ? messagingServiceSid : to;
    }
}
