package io.smsbridge.delivery;

/**
 * One status callback from Twilio, as it goes over sms.status.
 *
 * @param rawDlrDoneDate the carrier's completion time (YYMMDDhhmm), when Twilio sent it
 */
public record DeliveryReport(String messageSid, String status, Integer errorCode, String rawDlrDoneDate, String to) {
}
