package io.smsbridge.tracing;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.tracing.ActiveSpanManager;
import org.apache.camel.tracing.SpanAdapter;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * One trace per message, across the hops where no request carries it: the broker batches of jms-batch (one exchange,
 * many messages), the ledger between intake and sending, and Twilio's status callbacks, which know the MessageSid and
 * nothing of a trace. A message's trace context (W3C traceparent) is kept in its ledger row from intake on
 * (OutboundLedger's trace_parent), and each later step of the message is recorded as a span of that trace, with the
 * times the ledger records anyway. Everything with a request of its own (the HTTP API and webhooks, sms.inbound, Jira
 * and Twilio calls, email) is traced by Spring Boot and Camel's own tracer (TracingConfiguration).
 * <p>
 * Off (SMSBRIDGE_TRACING_ENABLED unset): Spring Boot makes no Tracer, every method here returns at once, and nothing
 * is stored. Spans carry ids, the sender, statuses and error codes; never a body or a full phone number.
 */
@Component("messageTraces")
public class MessageTraces {

    public static final String TRACEPARENT = "traceparent";
    /** version 00: trace id, span id, flags (the only version there is: https://www.w3.org/TR/trace-context/). */
    private static final Pattern W3C = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private final Tracer tracer;
    private final Propagator propagator;
    private final boolean on;

    public MessageTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
        this.on = this.tracer != Tracer.NOOP;
    }

    /** Whether traces are recorded (SMSBRIDGE_TRACING_ENABLED). */
    public boolean on() {
        return on;
    }

    /**
     * A message's first span, begun at intake: a child of the producer's {@code traceparent} when it sent one (JMS or
     * AMQP property, or the HTTP header, which Spring Boot's request span continues and which is current then); with
     * none, its own trace, linked to what is current (the request or batch that brought it, shared with others).
     *
     * @param alone whether the message came alone (one HTTP request): then the request's span is its parent
     */
    public Span beginIntake(String producerTraceParent, boolean alone) {
        if (!on) {
            return Span.NOOP;
        }
        Span current = tracer.currentSpan();
        Span.Builder builder;
        if (producerTraceParent != null && W3C.matcher(producerTraceParent).matches()) {
            builder = propagator.extract(Map.of(TRACEPARENT, producerTraceParent), Map::get);
        } else if (alone && current != null) {
            builder = tracer.spanBuilder().setParent(current.context());
        } else {
            builder = tracer.spanBuilder().setNoParent();
            if (current != null) {
                builder.addLink(new Link(current.context()));
            }
        }
        return builder.name("sms intake").kind(Span.Kind.CONSUMER).start();
    }

    /**
     * The span's context as a W3C traceparent, what the ledger keeps; null when not tracing or when the message is not
     * sampled: its later spans would not be recorded either, and 55 more bytes in every row of the ledger cost the
     * embedded database a fifth more CPU per message at 1 % sampling (bench/tracing-cost.sh).
     */
    public String traceParent(Span span) {
        if (span == null || span.isNoop() || !Boolean.TRUE.equals(span.context().sampled())) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** The trace id of a stored traceparent (the history API's traceId), or null. */
    public static String traceId(String traceParent) {
        if (traceParent == null) {
            return null;
        }
        var m = W3C.matcher(traceParent);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * A step of a message's life, done between {@code start} and {@code end}, as a span of the message's trace. Nothing
     * when not tracing or the message has no trace (accepted while tracing was off). {@code tags} with null values are
     * left out.
     */
    public void step(String name, String traceParent, Instant start, Instant end, Map<String, ?> tags, Throwable error) {
        if (!on || traceParent == null || !W3C.matcher(traceParent).matches()) {
            return;
        }
        Span.Builder builder = propagator.extract(Map.of(TRACEPARENT, traceParent), Map::get).name(name);
        if (start != null) {
            builder.startTimestamp(start.toEpochMilli() * 1000 + start.getNano() / 1000 % 1000, TimeUnit.MICROSECONDS);
        }
        Span span = builder.start();
        tags.forEach((key, value) -> {
            if (value != null) {
                span.tag(key, String.valueOf(value));
            }
        });
        if (error != null) {
            span.error(error);
        }
        if (end != null) {
            span.end(end.toEpochMilli() * 1000 + end.getNano() / 1000 % 1000, TimeUnit.MICROSECONDS);
        } else {
            span.end();
        }
    }

    /**
     * A span for work done for many messages at once (a batch of creates), linked to each message's trace: a batch
     * is no message's child, and each message's trace leads to it.
     */
    public void batch(String name, List<String> traceParents, Instant start, Instant end, Map<String, ?> tags) {
        if (!on) {
            return;
        }
        Span.Builder builder = tracer.spanBuilder().setNoParent().name(name);
        traceParents.stream().filter(Objects::nonNull).map(this::context).filter(Objects::nonNull)
                .forEach(context -> builder.addLink(new Link(context)));
        builder.startTimestamp(start.toEpochMilli(), TimeUnit.MILLISECONDS);
        Span span = builder.start();
        tags.forEach((key, value) -> span.tag(key, String.valueOf(value)));
        span.end(end.toEpochMilli(), TimeUnit.MILLISECONDS);
    }

    /**
     * Tags the span Camel's tracer has open for this exchange (a route's step), e.g. the Jira key a text was filed
     * on; nothing when not tracing.
     */
    public void tagRoute(Exchange exchange, String key, String value) {
        if (!on || value == null) {
            return;
        }
        SpanAdapter span = ActiveSpanManager.getSpan(exchange);
        if (span != null) {
            span.setTag(key, value);
        }
    }

    /**
     * Logs with the message's trace id in the MDC (traceId, as Spring Boot's own log correlation names it): a batch's
     * thread works for many messages, each of its own trace, so its log lines name each message's trace this way.
     */
    public static void logWithTrace(String traceParent, Runnable logging) {
        String traceId = traceId(traceParent);
        if (traceId == null) {
            logging.run();
            return;
        }
        String before = MDC.get("traceId");
        MDC.put("traceId", traceId);
        try {
            logging.run();
        } finally {
            if (before == null) {
                MDC.remove("traceId");
            } else {
                MDC.put("traceId", before);
            }
        }
    }

    private TraceContext context(String traceParent) {
        var m = W3C.matcher(traceParent);
        if (!m.matches()) {
            return null;
        }
        return tracer.traceContextBuilder().traceId(m.group(1)).spanId(m.group(2))
                .sampled((Integer.parseInt(m.group(3), 16) & 1) == 1).build();
    }
}
