package io.smsbridge.delivery;

import io.smsbridge.metrics.BridgeMetrics;
import io.smsbridge.broker.BrokerProperties;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.tracing.MessageTraces;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The emails of the delivery router: a fallback to the message's {@code fallbackEmail} when the phone could not be
 * reached, and an alert to operations when retrying cannot help (filtered, unregistered sender). The mail headers
 * are set here from the ledger, never from the webhook, because camel-mail reads To/From/Subject from headers.
 * An email that fails is retried by the broker with its report; after the last attempt the report is parked on
 * {@code sms.status.dead-letter} with the reason ({@link #park}), to be moved back to {@code sms.status} once SMTP works.
 */
@Component("deliveryEmails")
public class DeliveryEmails {

    public static final String PARKED_REPORTS = "sms.status.dead-letter";
    private static final Logger log = LoggerFactory.getLogger(DeliveryEmails.class);

    private final OutboundLedger ledger;
    private final DeliveryProperties properties;
    private final BridgeMetrics metrics;
    private final String from;
    private final BrokerProperties.Redelivery redelivery;
    private final MessageTraces traces;

    public DeliveryEmails(OutboundLedger ledger, DeliveryProperties properties, BridgeMetrics metrics,
                          @Value("${smsbridge.mail.from}") String from, BrokerProperties broker, MessageTraces traces) {
        this.traces = traces;
        this.ledger = ledger;
        this.properties = properties;
        this.metrics = metrics;
        this.from = from;
        this.redelivery = broker.redelivery();
    }

    /** Whether a fallback email is due: the message has an address and no email was sent about it yet. */
    public boolean fallbackDue(DeliveryOutcome outcome) {
        OutboundRecord m = outcome.message();
        return m.fallbackEmail() != null && !m.fallbackEmail().isBlank() && !ledger.fallbackSent(m.id());
    }

    /** Whether an operations alert is due: none was sent about this message yet. */
    public boolean alertDue(DeliveryOutcome outcome) {
        return !ledger.fallbackSent(outcome.message().id());
    }

    /** Sets body and mail headers of the fallback email. */
    public void prepareFallback(Exchange exchange, DeliveryOutcome outcome) {
        OutboundRecord m = outcome.message();
        prepare(exchange, m.fallbackEmail(), "SMS to " + m.to() + " was not delivered (" + describe(m) + ")",
                "An SMS could not be delivered, so you are told by email instead.\n\n" + details(m, outcome));
    }

    /** Sets body and mail headers of the operations alert. */
    public void prepareOpsAlert(Exchange exchange, DeliveryOutcome outcome) {
        OutboundRecord m = outcome.message();
        prepare(exchange, properties.opsEmail(), "[SMS Bridge] " + outcome.status() + ": " + describe(m) + " from " + m.sender(),
                "Twilio reports an error that retrying cannot fix; the sender or its content needs attention.\n\n"
                        + details(m, outcome));
    }

    public void fallbackSent(Exchange exchange, DeliveryOutcome outcome) {
        ledger.markFallbackSent(outcome.message().id(), "fallback email to " + outcome.message().fallbackEmail());
        sent(exchange, "fallback-email", outcome.message());
    }

    public void alertSent(Exchange exchange, DeliveryOutcome outcome) {
        ledger.markFallbackSent(outcome.message().id(), "operations alert to " + properties.opsEmail());
        sent(exchange, "ops-alert", outcome.message());
    }

    private void sent(Exchange exchange, String kind, OutboundRecord message) {
        metrics.increment("smsbridge.fallback.emails", "kind", kind, "result", "sent");
        exchange.getMessage().removeHeaders("*");
        traceEmail(kind, message, "sent", null);
    }

    /** The email as a span of its message's trace (the SMTP call itself is Camel's span, in the report batch's trace). */
    private void traceEmail(String kind, OutboundRecord message, String result, Exception error) {
        if (!traces.on()) {
            return;
        }
        Instant now = Instant.now();
        traces.step("sms " + kind, message.traceParent(), now, now, Map.of("sms.message_id", message.id(),
                "twilio.message_sid", String.valueOf(message.messageSid()), "sms.email_result", result), error);
    }

    /** @param kind the route that failed: fallback-email or ops-alert */
    public void failed(String kind) {
        metrics.increment("smsbridge.fallback.emails", "kind", kind, "result", "failed");
    }

    /** Whether this delivery of the report is the broker's last: its failed email parks it instead of rolling back. */
    public boolean parkDue(Integer deliveryAttempt) {
        return redelivery.isLastAttempt(deliveryAttempt);
    }

    /**
     * The email of {@code kind} (fallback-email or ops-alert) failed on the report's last delivery: noted in the
     * message's history and counted. Returns the reason, for the SmsBridgeReason property of the parked report.
     */
    public String park(String kind, DeliveryOutcome outcome, Exception error, Integer deliveryAttempt) {
        String last = String.valueOf(error.getMessage()).lines().findFirst().orElse("");
        String reason = kind + " not sent in " + deliveryAttempt + " attempts, last: " + error.getClass().getSimpleName() + ": "
                + (last.length() > 300 ? last.substring(0, 300) + "…" : last) + "; report parked on " + PARKED_REPORTS;
        ledger.note(outcome.message().id(), "email parked", reason);
        traceEmail(kind, outcome.message(), "parked", error);
        metrics.increment("smsbridge.fallback.emails", "kind", kind, "result", "parked");
        log.error("Message {} (sid {}): {}", outcome.message().id(), outcome.message().messageSid(), reason);
        return reason;
    }

    private void prepare(Exchange exchange, String to, String subject, String body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader("To", to);
        exchange.getMessage().setHeader("From", from);
        exchange.getMessage().setHeader("Subject", subject);
        exchange.getMessage().setHeader("Content-Type", "text/plain; charset=UTF-8");
        exchange.getMessage().setBody(body);
    }

    private static String describe(OutboundRecord m) {
        return m.errorCode() == null ? m.status() : "error " + m.errorCode() + ": " + TwilioErrorCodes.meaning(m.errorCode());
    }

    private String details(OutboundRecord m, DeliveryOutcome outcome) {
        StringBuilder text = new StringBuilder()
                .append("Recipient:       ").append(m.to()).append('\n')
                .append("Status:          ").append(outcome.status()).append('\n')
                .append("Error code:      ").append(m.errorCode() == null ? "-" : m.errorCode()).append('\n')
                .append("Meaning:         ").append(m.errorCode() == null ? "-" : TwilioErrorCodes.meaning(m.errorCode())).append('\n')
                .append("Reported at:     ").append(Instant.now()).append('\n')
                .append("Sender:          ").append(m.sender()).append('\n')
                .append("Message id:      ").append(m.id()).append('\n')
                .append("Idempotency key: ").append(m.idempotencyKey()).append('\n')
                .append("Twilio SID:      ").append(m.messageSid()).append('\n');
        if (properties.includeTextInEmail()) {
            text.append("\nText:\n").append(m.body()).append('\n');
        }
        return text.toString();
    }
}
