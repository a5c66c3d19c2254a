package io.smsbridge.outbound;

import io.smsbridge.sms.SmsSegments;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A notification that passed validation: recipient in E.164, sender resolved, segments counted.
 *
 * @param sender the From number or Messaging Service SID it goes out from (the throttle and opt-out scope)
 * @param receiptUrl where its state changes are posted (statusCallbackUrl), or null
 */
public record OutboundMessage(
        String to,
        String country,
        String body,
        List<String> mediaUrls,
        String from,
        String messagingServiceSid,
        String idempotencyKey,
        String fallbackEmail,
        Instant sendAt,
        Map<String, String> tags,
        SmsSegments.Count segments,
        String receiptUrl) {

    public String sender() {
        return from != null ? from : messagingServiceSid;
    }
}
