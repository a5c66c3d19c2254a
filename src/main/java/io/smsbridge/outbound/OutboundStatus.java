package io.smsbridge.outbound;

/**
 * The bridge's statuses of an outbound message. {@code accepted} → {@code sending} (a Twilio create is under way;
 * in doubt if the node dies here) → {@code sent} (Twilio has it, with a SID) → the delivery statuses Twilio
 * reports later. {@code suppressed} and {@code failed} are final without a send. {@code parked}: Twilio stayed
 * unavailable through every attempt and the message waits on {@code sms.send.dead-letter} for an operator; moved
 * back to {@code sms.send} it is sent, after a look at Twilio's list in case an attempt got through.
 */
public final class OutboundStatus {
    public static final String ACCEPTED = "accepted";
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    public static final String SUPPRESSED = "suppressed";
    public static final String FAILED = "failed";
    public static final String PARKED = "parked";

    private OutboundStatus() {
    }
}
