package io.smsbridge.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsbridge.metrics.BridgeMetrics;
import io.smsbridge.events.SmsEvents;
import io.smsbridge.optout.OptOutLedger;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.outbound.OutboundStatus;
import io.smsbridge.tracing.MessageTraces;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The delivery state machine. Statuses only move forward — accepted/scheduled/queued &lt; sending &lt; sent &lt;
 * delivered | undelivered | failed | canceled, and read after delivered — because Twilio's callbacks arrive out of
 * order and more than once: a late {@code sent} never overwrites {@code delivered}. Every report is kept in the
 * message's history.
 */
@Component("deliveryTracker")
public class DeliveryTracker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryTracker.class);
    private static final Set<String> FINAL = Set.of("delivered", "undelivered", "failed");

    private final OutboundLedger ledger;
    private final OptOutLedger optOuts;
    private final SmsEvents events;
    private final DeliveryProperties properties;
    private final MeterRegistry metrics;
    private final BridgeMetrics bridgeMetrics;
    private final ObjectMapper json;
    private final MessageTraces traces;

    public DeliveryTracker(OutboundLedger ledger, OptOutLedger optOuts, SmsEvents events, DeliveryProperties properties,
                           MeterRegistry metrics, BridgeMetrics bridgeMetrics, ObjectMapper json, MessageTraces traces) {
        this.traces = traces;
        this.ledger = ledger;
        this.optOuts = optOuts;
        this.events = events;
        this.properties = properties;
        this.metrics = metrics;
        this.bridgeMetrics = bridgeMetrics;
        this.json = json;
    }

    /** The report a verified status callback carries; unknown fields are ignored. */
    public DeliveryReport fromWebhook(@Variable("form") Map<String, String> form) {
        String sid = form.getOrDefault("MessageSid", form.get("SmsSid"));
        String status = form.getOrDefault("MessageStatus", form.get("SmsStatus"));
        if (sid == null || sid.isBlank() || status == null || status.isBlank()) {
            throw new IllegalArgumentException("status callback without MessageSid or MessageStatus");
        }
        String code = form.get("ErrorCode");
        Integer errorCode;
        try {
            errorCode = code == null || code.isBlank() ? null : Integer.valueOf(code.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ErrorCode must be a number (Twilio error codes are), not '"
                    + (code.length() > 20 ? code.substring(0, 20) + "..." : code) + "'");
        }
        return new DeliveryReport(sid, status.toLowerCase(), errorCode, blankToNull(form.get("RawDlrDoneDate")), form.get("To"));
    }

    public String toJson(@Variable("report") DeliveryReport report) throws JsonProcessingException {
        return json.writeValueAsString(report);
    }

    public DeliveryReport fromJson(String text) throws JsonProcessingException {
        return json.readValue(text, DeliveryReport.class);
    }

    /**
     * Why a report is parked after its last attempt while its SID still names no message of this bridge (sent by
     * another system on the account, or its create's answer was lost); counted and logged. Until then the report is
     * put back and waits for a SID that is being stored (see {@link StatusReports}).
     */
    public String unknownSidReason(DeliveryReport report, int attempts) {
        String reason = "no message with SID " + report.messageSid() + " after " + attempts
                + " deliveries: not sent through this bridge, or its create's answer was never recorded; report parked on "
                + DeliveryEmails.PARKED_REPORTS;
        bridgeMetrics.increment("smsbridge.status.reports.parked", "reason", "unknown-sid");
        log.warn("Status {} for {}: {}", report.status(), report.messageSid(), reason);
        return reason;
    }

    /**
     * Applies a report to its message, once per (MessageSid, status) — the message's history keeps each reported status
     * once — and says what it changed.
     */
    public DeliveryOutcome apply(DeliveryReport report) {
        Optional<OutboundRecord> found = ledger.findBySid(report.messageSid());
        if (found.isEmpty()) {
            // Twilio can call back before the create's answer is recorded: the broker redelivers this report later.
            throw new UnknownMessageSidException(report.messageSid());
        }
        OutboundRecord message = found.get();
        boolean changed = rank(report.status()) > rank(message.status())
                && (!report.status().equals("read") || message.status().equals("delivered"));
        String errorMessage = report.errorCode() == null ? null : "Twilio " + report.errorCode() + ": " + TwilioErrorCodes.meaning(report.errorCode());
        Optional<Instant> recorded = ledger.recordDelivery(message.id(), report.status(), report.errorCode(), errorMessage,
                report.rawDlrDoneDate(), changed);
        String errorClass = errorClass(report);
        if (recorded.isPresent() && traces.on()) {   // the callback joins its message's trace by the MessageSid
            Map<String, Object> tags = new HashMap<>();
            tags.put("sms.message_id", message.id());
            tags.put("sms.idempotency_key", message.idempotencyKey());
            tags.put("twilio.message_sid", report.messageSid());
            tags.put("twilio.status", report.status());
            tags.put("twilio.error_code", report.errorCode());
            tags.put("twilio.error_class", errorClass);
            tags.put("sms.status_changed", changed);
            traces.step("sms status " + report.status(), message.traceParent(), recorded.get(), recorded.get(), tags, null);
        }
        if (recorded.isEmpty()) {
            return new DeliveryOutcome(message, false, report.status(), errorClass);   // seen before: what is due may still be
        }
        OutboundRecord after = changed ? message.afterDelivery(report.status(), report.errorCode(), errorMessage, recorded.get()) : message;
        if (changed && report.status().equals("delivered") && message.status().equals(OutboundStatus.SENT)) {
            bridgeMetrics.delivered(message.updatedAt(), recorded.get());   // updated when Twilio created it: no report moved it since
        }
        if (changed && FINAL.contains(report.status())) {
            events.publish(report.status(), after, errorMessage);
            Counter.builder("smsbridge.messages.final").description("Outbound messages that reached a final delivery status, by status and destination country")
                    .tags("status", report.status(), "country", after.country() == null ? "unknown" : after.country())
                    .register(metrics).increment();
            if (report.errorCode() != null) {
                Counter.builder("smsbridge.messages.errors").description("Final delivery failures by Twilio error code and its class")
                        .tags("code", String.valueOf(report.errorCode()), "class", errorClass).register(metrics).increment();
            }
        } else if (!changed && rank(report.status()) < rank(message.status())) {
            log.info("Status {} for {} arrived after {}: kept {}", report.status(), report.messageSid(), message.status(), message.status());
        }
        return new DeliveryOutcome(after, changed, report.status(), errorClass);
    }

    /**
     * What a report already applied once means for its message now, without applying it again: the broker redelivers
     * a report whose email failed, and the email routes decide from this whether one is still due.
     */
    public DeliveryOutcome current(DeliveryReport report) {
        OutboundRecord message = ledger.findBySid(report.messageSid()).orElse(null);
        return new DeliveryOutcome(message, false, report.status(), errorClass(report));
    }

    private String errorClass(DeliveryReport report) {
        return report.errorCode() == null ? null : errorClass(report.errorCode());
    }

    /** The class of a Twilio error code in smsbridge.delivery.error-classes, or "other". */
    public String errorClass(int code) {
        return properties.errorClasses().entrySet().stream()
                .filter(e -> e.getValue().contains(code)).map(Map.Entry::getKey).findFirst().orElse("other");
    }

    /** A recipient Twilio reports as opted out (21610) goes into the opt-out ledger for the message's sender. */
    public void optOut(DeliveryOutcome outcome) {
        optOuts.optOut(outcome.message().to(), outcome.message().sender(), "error 21610", outcome.message().messageSid());
    }

    /** Position in Twilio's lifecycle; the bridge's own "sent" (Twilio has the message) counts as Twilio's. */
    static int rank(String status) {
        return switch (status) {
            case "accepted", "scheduled", "queued" -> 1;
            case "sending" -> 2;
            case "sent" -> 3;
            case "delivered", "undelivered", "failed", "canceled" -> 4;
            case "read" -> 5;
            default -> 0;
        };
    }

    /** A report for a MessageSid the ledger does not (yet) hold. */
    public static final class UnknownMessageSidException extends RuntimeException {
        public UnknownMessageSidException(String sid) {
            super("no message with SID " + sid + " (yet)");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
