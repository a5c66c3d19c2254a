package io.smsbridge.delivery;

/**
 * One status callback from Twilio, as it goes over sms.status.
 *
 * @param rawDlrDoneDate the carrier's completion time (YYMMDDhhmm), when Twilio sent it
 * @param deliveryToken  Twilio's I-Twilio-Idempotency-Token of the callback (same on Twilio's retries)
 */
public record DeliveryReport(String messageSid, String status, Integer errorCode, String rawDlrDoneDate, String to,
                             String deliveryToken) {

    /** What identifies the callback delivery: Twilio's idempotency token, or the SID and status when there was none. */
    public String deliveryKey() {
        return deliveryToken != null ? deliveryToken : "sid:" + messageSid + ":" + status;
    }
}
