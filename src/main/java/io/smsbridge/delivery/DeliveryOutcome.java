package io.smsbridge.delivery;

import io.smsbridge.outbound.OutboundRecord;

/**
 * What a delivery report did to its message.
 *
 * @param message    the message after the report (null when the SID is not one of ours)
 * @param changed    the report moved the message forward (false: a duplicate or a late, out-of-order report)
 * @param errorClass the class of Twilio's error code (unreachable, opted-out, blocked, other), or null without error
 */
public record DeliveryOutcome(OutboundRecord message, boolean changed, String status, String errorClass) {

    /**
     * The message ended undelivered or failed with this report. Also true when the same report comes again from the
     * broker (a failed email is retried that way); the email routes check themselves whether they already sent.
     */
    public boolean isFinalFailure() {
        return message != null && ("undelivered".equals(status) || "failed".equals(status)) && status.equals(message.status());
    }

    /** Something may be due after this report (an opt-out, an email): the content-based router on sms.status.actions decides. */
    public boolean isActionDue() {
        return message != null && ("opted-out".equals(errorClass) || isFinalFailure());
    }
}
