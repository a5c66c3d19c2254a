package io.smsbridge.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import jakarta.jms.ConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * One trace per message, followed through the whole bridge with tracing on (a context of its own, closed after this
 * class) and OpenTelemetry's in-memory exporter: an outbound message from a producer's traceparent through intake,
 * the Twilio create, its status callback and the fallback email; and an inbound text from the webhook through
 * sms.inbound and Jira to the reply sent back.
 */
@SmsBridgeIntegrationTest
@TestPropertySource(properties = {"management.tracing.enabled=true", "management.tracing.sampling.probability=1.0"})
@Import(TracingIT.Spans.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TracingIT {

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    /** Spans go to memory as they end (a SpanProcessor bean: Spring Boot adds it to its tracer's). */
    @TestConfiguration
    static class Spans {
        @Bean
        SpanProcessor inMemorySpans() {
            return SimpleSpanProcessor.create(SPANS);
        }
    }

    @Autowired
    BridgeClient bridge;
    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void aQueuedMessageContinuesTheTraceparentPropertyItsProducerSet() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String key = "m-" + UUID.randomUUID();
        // a producer of its own, as in another process: the context's JmsTemplate would put this test's own trace on it
        new JmsTemplate(connectionFactory).convertAndSend("sms.outbound", "{\"to\":\"" + BridgeClient.newPhone() + "\",\"body\":\"queued\",\"idempotencyKey\":\"" + key + "\"}",
                m -> {
                    m.setStringProperty("traceparent", "00-" + traceId + "-b7ad6b7169203331-01");
                    return m;
                });
        List<SpanData> trace = awaitSpans(traceId, "sms status delivered");
        assertThat(only(trace, "sms intake").getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(attribute(only(trace, "sms intake"), "sms.idempotency_key")).isEqualTo(key);
        assertThat(trace).extracting(SpanData::getName).contains("sms twilio create");
    }

    @Test
    void anOutboundMessageIsOneTraceFromTheProducersTraceparentToItsFallbackEmail() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String producerSpan = "00f067aa0ba902b7";
        String key = "m-" + UUID.randomUUID();
        var answer = bridge.post("/api/messages", "{\"to\":\"+15005551003\",\"body\":\"Your parcel 4711 is late\",\"idempotencyKey\":\"" + key
                        + "\",\"fallbackEmail\":\"help@example.com\"}", OutboundApi.SANDBOX_API_KEY, "application/json",
                Map.of("traceparent", "00-" + traceId + "-" + producerSpan + "-01"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String id = BridgeClient.json(answer.body()).path("id").asText();

        List<SpanData> trace = awaitSpans(traceId, "sms fallback-email");
        SpanData intake = only(trace, "sms intake");
        assertThat(attribute(intake, "sms.message_id")).isEqualTo(id);
        assertThat(attribute(intake, "sms.idempotency_key")).isEqualTo(key);
        assertThat(attribute(intake, "sms.to")).as("masked").doesNotContain("5551003").endsWith("03");
        SpanData create = only(trace, "sms twilio create");
        assertThat(attribute(create, "twilio.message_sid")).startsWith("SM");
        assertThat(create.getParentSpanId()).isEqualTo(intake.getSpanId());
        SpanData undelivered = only(trace, "sms status undelivered");
        assertThat(attribute(undelivered, "twilio.error_code")).isEqualTo("30003");
        assertThat(attribute(undelivered, "twilio.message_sid")).isEqualTo(attribute(create, "twilio.message_sid"));
        assertThat(attribute(only(trace, "sms fallback-email"), "sms.email_result")).isEqualTo("sent");
        // the producer's span is the root: the bridge's HTTP span continues it, and the intake is within that request
        assertThat(trace).anySatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(producerSpan));
        for (SpanData span : trace) {
            assertThat(span.getAttributes().asMap().values()).as(span.getName() + ": no text, no whole number")
                    .noneMatch(v -> String.valueOf(v).contains("parcel") || String.valueOf(v).contains("+15005551003"));
        }
        assertThat(BridgeClient.json(bridge.get("/api/messages/" + id, OutboundApi.SANDBOX_API_KEY).body()).path("traceId").asText())
                .isEqualTo(traceId);
    }

    @Test
    void anInboundTextIsOneTraceFromTheWebhookThroughJiraToTheReply() throws Exception {
        String phone = BridgeClient.newPhone();
        bridge.post("/sandbox/phones/" + phone + "/send", "body=My screen stays black", null, "application/x-www-form-urlencoded");

        // the reply's Twilio create, found by the recipient's masked number, leads to the trace
        SpanData replyIntake = BridgeClient.await(() -> SPANS.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("sms intake") && String.valueOf(attribute(s, "sms.to")).endsWith(phone.substring(phone.length() - 2)))
                .findFirst(), Duration.ofSeconds(30), "the reply's intake span");
        List<SpanData> trace = awaitSpans(replyIntake.getTraceId(), "sms twilio create");
        String names = trace.stream().map(SpanData::getName).sorted().collect(Collectors.joining(", "));
        assertThat(trace).as(names).anySatisfy(s -> assertThat(attribute(s, "jira.issue_key")).startsWith("SUP-"));
        assertThat(trace).as(names).anySatisfy(s -> assertThat(s.getName()).isEqualTo("http post /twilio/inbound"));
        assertThat(trace).as(names).anySatisfy(s -> assertThat(s.getName()).isEqualTo("queue:sms.inbound"));
        assertThat(trace).as(names).anySatisfy(s -> assertThat(String.valueOf(attribute(s, "url.full"))
                + attribute(s, "http.url")).contains("/rest/api/"));
    }

    private static List<SpanData> awaitSpans(String traceId, String last) throws InterruptedException {
        return BridgeClient.await(() -> {
            List<SpanData> trace = SPANS.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
            return trace.stream().anyMatch(s -> s.getName().equals(last)) ? Optional.of(trace) : Optional.empty();
        }, Duration.ofSeconds(30), "span " + last + " in trace " + traceId);
    }

    private static SpanData only(List<SpanData> trace, String name) {
        List<SpanData> named = trace.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(named).as(name + " in " + trace.stream().map(SpanData::getName).toList()).hasSize(1);
        return named.get(0);
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }
}
