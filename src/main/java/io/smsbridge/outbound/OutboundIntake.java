package io.smsbridge.outbound;

import io.smsbridge.events.SmsEvents;
import io.smsbridge.optout.OptOutLedger;
import org.springframework.stereotype.Component;

/** The ledger and event steps of taking a validated message in, called by the {@code outbound-accept} route. */
@Component("outboundIntake")
public class OutboundIntake {

    private final OutboundLedger ledger;
    private final OptOutLedger optOuts;
    private final SmsEvents events;

    public OutboundIntake(OutboundLedger ledger, OptOutLedger optOuts, SmsEvents events) {
        this.ledger = ledger;
        this.optOuts = optOuts;
        this.events = events;
    }

    /** Takes the message into the ledger, or finds the message that already holds its idempotency key. */
    public OutboundLedger.Acceptance accept(OutboundMessage message) {
        OutboundLedger.Acceptance acceptance = ledger.accept(message);
        events.publish(acceptance.duplicate() ? "duplicate" : "accepted", acceptance.record(),
                acceptance.duplicate() ? "idempotencyKey already used by message " + acceptance.record().id() : null);
        return acceptance;
    }

    /**
     * Whether the recipient opted out of this sender. The one message that still goes out is the confirmation of the
     * STOP itself, recognised by the STOP's MessageSid (JMS property SmsBridgeOptOutConfirmation, set by the bridge).
     */
    public boolean isOptedOut(OutboundRecord message, String confirmsStopMessageSid) {
        if (!optOuts.isOptedOut(message.to(), message.sender())) {
            return false;
        }
        return confirmsStopMessageSid == null || !optOuts.wasOptedOutBy(message.to(), message.sender(), confirmsStopMessageSid);
    }

    public void suppress(OutboundRecord message) {
        String reason = message.to() + " opted out of messages from " + message.sender();
        ledger.settle(message.id(), OutboundStatus.SUPPRESSED, null, reason);
        events.publish("suppressed", ledger.find(message.id()).orElseThrow(), reason);
    }

    public void rejected(OutboundValidator.Validation validation) {
        events.rejected(validation.idempotencyKey(), validation.reasons());
    }
}
