package io.smsbridge.outbound;

import com.twilio.exception.ApiException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.smsbridge.broker.BrokerProperties;
import io.smsbridge.events.SmsEvents;
import io.smsbridge.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A message Twilio stayed unavailable for (429, 5xx, timeouts, 21611) through every retry of every broker delivery.
 * The broker alone would move it to its dead-letter queue without a word, leaving the ledger at {@code sending} and
 * the producer without an outcome. Instead, on the last delivery, the {@code twilio-errors} route configuration parks
 * it on {@code sms.send.dead-letter} with the reason, and this records it: status {@code parked}, the reason in its
 * history and an event {@code parked}. Moved back to {@code sms.send}, it is sent as usual: a parked message counts as
 * in doubt, so Twilio's list is looked at first and it is never created twice.
 */
@Component("outboundParking")
public class OutboundParking {

    public static final String QUEUE = "sms.send.dead-letter";
    private static final Logger log = LoggerFactory.getLogger(OutboundParking.class);

    private final BrokerProperties.Redelivery redelivery;
    private final OutboundLedger ledger;
    private final SmsEvents events;
    private final BridgeMetrics metrics;
    private final TwilioCircuitBreaker circuitBreaker;

    public OutboundParking(BrokerProperties broker, OutboundLedger ledger, SmsEvents events, BridgeMetrics metrics,
                           TwilioCircuitBreaker circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
        this.redelivery = broker.redelivery();
        this.ledger = ledger;
        this.events = events;
        this.metrics = metrics;
    }

    /** Whether this delivery of the sms.send message is the broker's last: parked now instead of rolled back. */
    public boolean isDue(Integer deliveryAttempt) {
        return redelivery.isLastAttempt(deliveryAttempt);
    }

    /** Records the message as parked and returns the reason, for the SmsBridgeReason property of the parked message. */
    public String park(OutboundRecord message, Exception error, Integer deliveryAttempt) {
        Throwable failure = error;
        if (TwilioErrors.cause(error, CallNotPermittedException.class) != null && circuitBreaker.openedBy() != null) {
            failure = circuitBreaker.openedBy(); // behind an open circuit breaker: what opened it
        }
        ApiException api = TwilioErrors.apiException(failure);
        String last = TwilioErrors.describe(api != null ? api : failure);
        if (failure != error) {
            last = "circuit breaker open (" + last + ")";
        }
        String reason = "Twilio unavailable through " + deliveryAttempt + " deliveries and their retries, last: " + last
                + "; parked on " + QUEUE;
        ledger.settle(message.id(), OutboundStatus.PARKED, api == null ? null : api.getCode(), reason);
        events.publish("parked", ledger.find(message.id()).orElseThrow(), reason);
        metrics.increment("smsbridge.messages.parked"); // smsbridge_messages_parked_total: worth an alert
        log.error("Message {} (key {}): {}", message.id(), message.idempotencyKey(), reason);
        return reason;
    }
}
