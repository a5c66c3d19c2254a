package io.smsbridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The bridge's counters, each with its description and every label value it can take registered at zero when the
 * bridge starts, so an alert rule (rate(), increase(), absent()) can be written before the first event. Prometheus
 * names: the dotted name with _total, e.g. smsbridge_messages_rejected_total{reason="recipient"}.
 */
@Component("bridgeMetrics")
public class BridgeMetrics {

    /** Why a message was rejected at intake, by its first reason's field; conflict: its key held by other content. */
    public static final List<String> REJECT_REASONS = List.of("json", "recipient", "body", "media", "sender", "schedule",
            "idempotency-key", "fields", "conflict");
    /** Twilio's refusals at create that the bridge sorts (TWILIO-FACTS.md), and the rest. */
    public static final List<String> REFUSAL_CODES = List.of("21211", "21408", "21610", "21612", "21614", "other");
    /** How an inbound text was dispatched (keyword family, or the help-desk ticket flow). */
    public static final List<String> DISPATCHES = List.of("stop", "start", "help", "keyword", "ticket");

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter suppressed;
    private final Timer acceptedToCreated;
    private final Timer createdToDelivered;
    private final Timer webhookToTicket;

    public BridgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        register("smsbridge.messages.accepted", "Outbound messages accepted for sending (HTTP API and sms.outbound)");
        register("smsbridge.messages.duplicates", "Outbound messages whose idempotency key was already taken with the same content: not sent again");
        register("smsbridge.messages.suppressed", "Outbound messages not sent because the recipient opted out of the sender");
        REJECT_REASONS.forEach(reason -> register("smsbridge.messages.rejected",
                "Outbound messages rejected at intake, by the field of their first reason (conflict: idempotency key taken by other content)",
                "reason", reason));
        REFUSAL_CODES.forEach(code -> register("smsbridge.messages.refused",
                "Outbound messages Twilio refused at create, by Twilio error code", "code", code));
        register("smsbridge.messages.parked", "Outbound messages parked on sms.send.dead-letter after Twilio stayed unavailable through every retry");
        register("smsbridge.status.reports.parked", "Status reports parked on sms.status.dead-letter: their MessageSid never named a message of this bridge",
                "reason", "unknown-sid");
        DISPATCHES.forEach(dispatch -> register("smsbridge.inbound.texts", "Inbound texts handled, by how they were dispatched",
                "dispatch", dispatch));
        register("smsbridge.tickets", "Help-desk tickets opened from texts", "action", "opened");
        register("smsbridge.tickets", "Texts added to a help-desk ticket as comments", "action", "commented");
        for (String kind : List.of("fallback-email", "ops-alert")) {
            for (String result : List.of("sent", "failed", "parked")) {
                register("smsbridge.fallback.emails", "Fallback and operations-alert emails, by kind and result", "kind", kind, "result", result);
            }
        }
        acceptedToCreated = latency("smsbridge.outbound.latency", "accepted-to-created",
                "Outbound messages: from accepted (API or queue) to created at Twilio, and from created to delivered");
        createdToDelivered = latency("smsbridge.outbound.latency", "created-to-delivered",
                "Outbound messages: from accepted (API or queue) to created at Twilio, and from created to delivered");
        webhookToTicket = latency("smsbridge.inbound.latency", "webhook-to-ticket",
                "Inbound texts: from Twilio's webhook to the text filed on its help-desk ticket (opened or commented)");
        accepted = counters.get(key("smsbridge.messages.accepted"));
        duplicates = counters.get(key("smsbridge.messages.duplicates"));
        suppressed = counters.get(key("smsbridge.messages.suppressed"));
    }

    /**
     * A latency histogram (Prometheus: _seconds_bucket), buckets from 5 ms to 1 hour: a created-to-delivered time is
     * seconds to minutes, and a message that waited for its sender's pace or for Twilio to come back, longer.
     */
    private Timer latency(String name, String stage, String description) {
        return Timer.builder(name).description(description).tag("stage", stage)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    /** A message was created at Twilio ({@code at}); it was accepted at {@code acceptedAt}. */
    public void created(Instant acceptedAt, Instant at) {
        record(acceptedToCreated, acceptedAt, at);
    }

    /** A message was reported delivered ({@code at}); Twilio created it at {@code createdAt}. */
    public void delivered(Instant createdAt, Instant at) {
        record(createdToDelivered, createdAt, at);
    }

    /** An inbound text was filed on its ticket ({@code at}); its webhook came at {@code receivedAt}. */
    public void filed(Instant receivedAt, Instant at) {
        record(webhookToTicket, receivedAt, at);
    }

    private static void record(Timer timer, Instant from, Instant to) {
        if (from != null && to != null && !to.isBefore(from)) {
            timer.record(Duration.between(from, to));
        }
    }

    private void register(String name, String description, String... tags) {
        counters.put(key(name, tags), Counter.builder(name).description(description).tags(tags).register(registry));
    }

    /** The counter {@code name} with these tags: one of those registered, or (a new tag value) one made now. */
    public void increment(String name, String... tags) {
        counters.computeIfAbsent(key(name, tags), k -> Counter.builder(name).tags(tags).register(registry)).increment();
    }

    public void accepted() {
        accepted.increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    public void suppressed() {
        suppressed.increment();
    }

    /** A rejection, classed by its first reason. */
    public void rejected(List<String> reasons) {
        increment("smsbridge.messages.rejected", "reason", rejectReason(reasons.isEmpty() ? "" : reasons.get(0)));
    }

    /**
     * A message of an HTTP producer (named by its API key) taken in, by what became of it: accepted, suppressed,
     * duplicate, conflict or rejected.
     */
    public void fromProducer(String producer, String outcome) {
        String[] tags = {"producer", producer, "outcome", outcome};
        counters.computeIfAbsent(key("smsbridge.producer.messages", tags), k -> Counter.builder("smsbridge.producer.messages")
                .description("Messages of the HTTP API by producer (the name of its API key) and outcome at intake")
                .tags(tags).register(registry)).increment();
    }

    public void conflict() {
        increment("smsbridge.messages.rejected", "reason", "conflict");
    }

    public void refused(Integer twilioCode) {
        String code = twilioCode == null ? "other" : String.valueOf(twilioCode);
        increment("smsbridge.messages.refused", "code", REFUSAL_CODES.contains(code) ? code : "other");
    }

    /** An inbound text dispatched: its keyword family (STOP, START, HELP, CUSTOM) or anything else (the ticket flow). */
    public void inboundText(String family) {
        String dispatch = switch (family == null ? "" : family.toUpperCase(Locale.ROOT)) {
            case "STOP" -> "stop";
            case "START" -> "start";
            case "HELP" -> "help";
            case "CUSTOM" -> "keyword";
            default -> "ticket";
        };
        increment("smsbridge.inbound.texts", "dispatch", dispatch);
    }

    static String rejectReason(String reason) {
        if (reason.startsWith("not valid JSON") || reason.startsWith("the message must be")) {
            return "json";
        }
        if (reason.startsWith("to ") || reason.startsWith("to is")) {
            return "recipient";
        }
        if (reason.startsWith("body")) {
            return "body";
        }
        if (reason.startsWith("mediaUrls")) {
            return "media";
        }
        if (reason.startsWith("from") || reason.startsWith("messagingServiceSid") || reason.startsWith("no sender")
                || reason.startsWith("give from")) {
            return "sender";
        }
        if (reason.startsWith("sendAt")) {
            return "schedule";
        }
        if (reason.startsWith("idempotencyKey")) {
            return "idempotency-key";
        }
        return "fields";
    }

    private static String key(String name, String... tags) {
        return name + String.join(",", tags);
    }
}
