package io.smsbridge.outbound;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.smsbridge.events.SmsEvents;
import io.smsbridge.metrics.BridgeMetrics;
import io.smsbridge.optout.OptOutLedger;
import io.smsbridge.receipts.Receipts;
import io.smsbridge.sms.PhoneMask;
import io.smsbridge.tracing.MessageTraces;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Takes producers' messages in: validated, recorded in the ledger under their idempotency key, checked against the
 * opt-outs, each with its event. One message from the HTTP API (the {@code outbound-accept} route) or a batch of
 * sms.outbound (the {@code outbound-intake} route), the same steps: for a batch, one query and one transaction each.
 * What happens next — sms.send or sms.outbound.rejected — is the route's ({@code outbound-outcome}).
 */
@Component("outboundIntake")
public class OutboundIntake {

    /**
     * A producer's message as it came: its JSON, the key it goes by without an idempotencyKey ({@link ProducerKeys}),
     * the MessageSid of the STOP it confirms (set by the bridge on its own opt-out confirmation; else null), the HTTP
     * producer's name and the producer's W3C traceparent (a queued message's property; over HTTP the request's own
     * trace is current instead).
     */
    public record Order(String payload, String defaultIdempotencyKey, String optOutConfirmationOf, String producer, String traceParent) {
        /** A message of the HTTP API: its trace is the request's. */
        public Order(String payload, String defaultIdempotencyKey, String optOutConfirmationOf, String producer) {
            this(payload, defaultIdempotencyKey, optOutConfirmationOf, producer, null);
        }
    }

    /**
     * What became of a message: {@code rejected} (validation has the reasons), {@code duplicate} (message is the one
     * that already holds its key), {@code conflict} (its key is held by message, whose content differs: validation has
     * the reason), {@code suppressed} (opted out) or {@code queued}.
     */
    public record Outcome(String outcome, OutboundValidator.Validation validation, OutboundRecord message, String payload) {
        /** Whether the message goes to sms.outbound.rejected with its reasons: invalid, or a conflict. */
        public boolean rejects() {
            return outcome.equals("rejected") || outcome.equals("conflict");
        }

        /**
         * Whether the message goes to sms.send: queued, or a duplicate still accepted, whose first delivery may have died
         * between the ledger and sms.send (harmless otherwise, since sms.send never sends a settled message twice).
         */
        public boolean toSend() {
            return outcome.equals("queued") || (outcome.equals("duplicate") && message.status().equals(OutboundStatus.ACCEPTED));
        }
    }

    /** Set by the bridge on its own STOP confirmation: the MessageSid of the STOP (see {@link Order}). */
    static final String OPT_OUT_CONFIRMATION = "SmsBridgeOptOutConfirmation";

    /** The fields that make two messages under one key the same message (see OutboundLedger.contentDigest). */
    static final String CONTENT_FIELDS = "to, from/messagingServiceSid, body, mediaUrls, sendAt, fallbackEmail";

    private final OutboundValidator validator;
    private final OutboundLedger ledger;
    private final OptOutLedger optOuts;
    private final SmsEvents events;
    private final BridgeMetrics metrics;
    private final DistributionSummary batchSizes;
    private final Receipts receipts;
    private final MessageTraces traces;

    public OutboundIntake(OutboundValidator validator, OutboundLedger ledger, OptOutLedger optOuts, SmsEvents events,
                          BridgeMetrics metrics, MeterRegistry registry, Receipts receipts, MessageTraces traces) {
        this.receipts = receipts;
        this.traces = traces;
        this.batchSizes = DistributionSummary.builder("smsbridge.intake.batch.messages")
                .description("messages of sms.outbound taken in per transaction").register(registry);
        this.validator = validator;
        this.ledger = ledger;
        this.optOuts = optOuts;
        this.events = events;
        this.metrics = metrics;
    }

    /** One message from the HTTP API, of the producer its API key names. */
    public Outcome take(String payload, String defaultIdempotencyKey, String optOutConfirmationOf, String producer) {
        return take(List.of(new Order(payload, defaultIdempotencyKey, optOutConfirmationOf, producer))).get(0);
    }

    /**
     * A batch of sms.outbound (the {@code outbound-intake} route): one validation pass, one ledger transaction and one
     * opt-out query for all. A message's text is its body (bytes as UTF-8; anything else is rejected as empty), its
     * default key its JMS message id.
     */
    public List<Outcome> takeBatch(List<Message> batch) {
        List<Order> orders = new ArrayList<>(batch.size());
        for (Message m : batch) {
            Object body = m.getBody();
            String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : body instanceof String s ? s : null;
            orders.add(new Order(text, ProducerKeys.of(m), m.getHeader(OPT_OUT_CONFIRMATION, String.class), null,
                    ProducerKeys.property(m, MessageTraces.TRACEPARENT)));
        }
        batchSizes.record(batch.size());
        return take(orders);
    }

    public List<Outcome> take(List<Order> orders) {
        List<OutboundValidator.Validation> validations = orders.stream()
                .map(o -> validator.validate(o.payload(), o.defaultIdempotencyKey())).toList();
        List<OutboundMessage> valid = new ArrayList<>(orders.size());
        List<String> producers = new ArrayList<>(orders.size());
        List<Span> spans = new ArrayList<>(orders.size());
        List<String> traceParents = new ArrayList<>(orders.size());
        for (int i = 0; i < orders.size(); i++) {
            Span span = traces.beginIntake(orders.get(i).traceParent(), orders.size() == 1);
            spans.add(span);
            if (validations.get(i).valid()) {
                valid.add(validations.get(i).message());
                producers.add(orders.get(i).producer());
                traceParents.add(traces.traceParent(span));
            }
        }
        Iterator<OutboundLedger.Acceptance> acceptances = ledger.accept(valid, producers, traceParents).iterator();
        Set<OptOutLedger.Recipient> optedOut = optOuts.optedOut(valid.stream()
                .map(m -> new OptOutLedger.Recipient(m.to(), m.sender())).distinct().toList());
        List<Outcome> outcomes = new ArrayList<>(orders.size());
        for (int i = 0; i < orders.size(); i++) {
            Order order = orders.get(i);
            Outcome outcome = outcome(order, validations.get(i), acceptances::next, optedOut);
            if (order.producer() != null) {
                metrics.fromProducer(order.producer(), outcome.outcome().equals("queued") ? "accepted" : outcome.outcome());
            }
            endIntake(spans.get(i), order, outcome);
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /** The intake span says what became of the message, by ids: never its text or its whole recipient. */
    private static void endIntake(Span span, Order order, Outcome outcome) {
        if (span.isNoop()) {
            return;
        }
        span.tag("sms.outcome", outcome.outcome().equals("queued") ? "accepted" : outcome.outcome());
        if (outcome.validation().idempotencyKey() != null) {
            span.tag("sms.idempotency_key", outcome.validation().idempotencyKey());
        }
        if (order.producer() != null) {
            span.tag("sms.producer", order.producer());
        }
        if (outcome.message() != null) {
            span.tag("sms.message_id", outcome.message().id());
            span.tag("sms.sender", outcome.message().sender());
            span.tag("sms.to", PhoneMask.mask(outcome.message().to()));
        }
        span.end();
    }

    private Outcome outcome(Order order, OutboundValidator.Validation validation, Supplier<OutboundLedger.Acceptance> acceptance,
                            Set<OptOutLedger.Recipient> optedOut) {
        if (!validation.valid()) {
            events.rejected(validation.idempotencyKey(), validation.reasons(), order.producer());
            receipts.rejected(order.payload(), validation.idempotencyKey(), validation.reasons());
            metrics.rejected(validation.reasons());
            return new Outcome("rejected", validation, null, order.payload());
        }
        OutboundLedger.Acceptance accepted = acceptance.get();
        OutboundRecord message = accepted.record();
        if (accepted.conflict()) {
            List<String> reason = List.of("idempotencyKey '" + message.idempotencyKey() + "' is already used by message "
                    + message.id() + " with different content (" + CONTENT_FIELDS + " must match for a duplicate)");
            events.rejected(validation.idempotencyKey(), reason, order.producer());
            receipts.rejected(order.payload(), validation.idempotencyKey(), reason);
            metrics.conflict();
            return new Outcome("conflict", new OutboundValidator.Validation(null, reason, validation.idempotencyKey()), message, order.payload());
        }
        if (accepted.duplicate()) {
            events.publish("duplicate", message, "idempotencyKey already used by message " + message.id(), order.producer());
            metrics.duplicate();
            return new Outcome("duplicate", validation, message, order.payload());
        }
        events.publish("accepted", message, null, order.producer());
        metrics.accepted();
        if (optedOut.contains(new OptOutLedger.Recipient(message.to(), message.sender()))
                && !confirmsTheStop(message, order.optOutConfirmationOf())) {
            suppress(message);
            return new Outcome("suppressed", validation, message, order.payload());
        }
        return new Outcome("queued", validation, message, order.payload());
    }

    /**
     * The one message that still goes to a recipient who opted out is the confirmation of the STOP itself, recognised
     * by the STOP's MessageSid (JMS property SmsBridgeOptOutConfirmation, set by the bridge).
     */
    private boolean confirmsTheStop(OutboundRecord message, String confirmsStopMessageSid) {
        return confirmsStopMessageSid != null && optOuts.wasOptedOutBy(message.to(), message.sender(), confirmsStopMessageSid);
    }

    private void suppress(OutboundRecord message) {
        String reason = message.to() + " opted out of messages from " + message.sender();
        ledger.settle(message.id(), OutboundStatus.SUPPRESSED, null, reason);
        events.publish("suppressed", ledger.find(message.id()).orElseThrow(), reason);
        metrics.suppressed();
    }
}
