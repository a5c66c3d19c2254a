package io.smsbridge.outbound;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A row of the outbound ledger: a message as the bridge knows it now. As JSON it is also what sms.send carries (see
 * {@link OutboundSender#load}).
 */
public record OutboundRecord(
        String id,
        String idempotencyKey,
        String to,
        String sender,
        String from,
        String messagingServiceSid,
        String body,
        List<String> mediaUrls,
        String encoding,
        int segments,
        String fallbackEmail,
        Instant sendAt,
        String status,
        String messageSid,
        Integer errorCode,
        String reason,
        String price,
        String priceUnit,
        int attempts,
        Instant createdAt,
        Instant updatedAt,
        String country,
        Map<String, String> tags,
        String receiptUrl,
        @JsonIgnore String traceParent) {

    /** Statuses after which nothing is sent any more for this message. */
    @JsonIgnore
    public boolean isSettled() {
        return !status.equals(OutboundStatus.ACCEPTED) && !status.equals(OutboundStatus.SENDING) && !status.equals(OutboundStatus.PARKED);
    }

    /** This message as a delivery report leaves it: what {@link OutboundLedger#recordDelivery} writes. */
    public OutboundRecord afterDelivery(String newStatus, Integer newErrorCode, String newReason, Instant at) {
        return changed(newStatus, messageSid, newErrorCode != null ? newErrorCode : errorCode,
                newReason != null ? newReason : reason, price, priceUnit, attempts, at);
    }

    /** This message as {@link OutboundLedger#markSending} leaves it. */
    public OutboundRecord afterSending(Instant at) {
        return changed(OutboundStatus.SENDING, messageSid, errorCode, reason, price, priceUnit, attempts + 1, at);
    }

    /** This message as {@link OutboundLedger#markSent} leaves it. */
    public OutboundRecord afterSent(String newMessageSid, String newPrice, String newPriceUnit, Instant at) {
        return changed(OutboundStatus.SENT, newMessageSid, errorCode, reason, newPrice, newPriceUnit, attempts, at);
    }

    /** The same message with the fields a status change may touch replaced. */
    private OutboundRecord changed(String newStatus, String newMessageSid, Integer newErrorCode, String newReason,
                                   String newPrice, String newPriceUnit, int newAttempts, Instant at) {
        return new OutboundRecord(id, idempotencyKey, to, sender, from, messagingServiceSid, body, mediaUrls, encoding, segments,
                fallbackEmail, sendAt, newStatus, newMessageSid, newErrorCode, newReason, newPrice, newPriceUnit, newAttempts,
                createdAt, at, country, tags, receiptUrl, traceParent);
    }

    /**
     * A create call was started and its outcome is unknown (timeout, crash): Twilio may hold the message. A parked
     * message counts as in doubt too: its last attempts failed without an answer that says Twilio has nothing.
     */
    @JsonIgnore
    public boolean isInDoubt() {
        return status.equals(OutboundStatus.SENDING) || status.equals(OutboundStatus.PARKED);
    }
}
