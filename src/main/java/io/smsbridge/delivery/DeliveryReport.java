package io.smsbridge.delivery;

/**
 * One status callback from Twilio, as it goes over sms.status.
 *
 * A callback Twilio retries (same I-Twilio-Idempotency-Token) carries the same MessageSid and status, so the
 * (MessageSid, status) pair alone identifies a report for de-duplication.
 *
 * @param rawDlrDoneDate the carrier's completion time (YYMMDDhhmm), when Twilio sent it
 */
public record DeliveryReport(String messageSid, String status, Integer errorCode, String rawDlrDoneDate, String to) {
}
