package io.smsbridge.tracing;

import static io.smsbridge.support.EmbeddedDefaultsForTests.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.ProcessStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The bridge as an operator runs it with JSON logs (Spring Boot's structured logging, LOGGING_STRUCTURED_FORMAT_CONSOLE)
 * and tracing on: every line of its output is a JSON object, and the lines of a message's handling carry its trace id
 * (the producer's) and its message id, on the request's thread and on the batch threads after it alike.
 */
class StructuredLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLineIsJsonAndAMessagesLinesCarryItsTraceId() throws Exception {
        try (ProcessStack stack = new ProcessStack("structured-logs")) {
            Map<String, String> env = stack.embeddedEnv(freePort());
            env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
            env.put("SMSBRIDGE_TRACING_ENABLED", "true");
            ProcessStack.Node node = stack.startPackagedNode("bridge", env);
            ProcessStack.awaitUp(node.url() + "/actuator/health/readiness", Duration.ofSeconds(120));

            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url() + "/api/messages"))
                    .header("X-Api-Key", OutboundApi.SANDBOX_API_KEY).header("Content-Type", "application/json")
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"+15005550100\",\"body\":\"json logs\",\"idempotencyKey\":\"json-logs-1\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String id = JSON.readTree(accepted.body()).path("id").asText();

            List<JsonNode> lines = BridgeClient.await(() -> {
                List<JsonNode> parsed = parse(stack);
                return parsed.stream().anyMatch(l -> l.path("message").asText().contains(id + " (key json-logs-1, sid SM")
                        && l.path("message").asText().endsWith(": sent")) ? Optional.of(parsed) : Optional.empty();
            }, Duration.ofSeconds(30), "the message's sent line");
            List<JsonNode> ofTheMessage = lines.stream().filter(l -> l.path("message").asText().contains(id)).toList();
            assertThat(ofTheMessage).hasSizeGreaterThanOrEqualTo(2);   // accepted (request thread), sent (a batch's thread)
            assertThat(ofTheMessage).allSatisfy(l -> assertThat(l.path("traceId").asText()).as(l.toString()).isEqualTo(traceId));
            assertThat(ofTheMessage).extracting(l -> l.path("process").path("thread").path("name").asText()).doesNotHaveDuplicates();
            assertThat(lines).noneMatch(l -> l.toString().contains("json logs"));   // no message text in the logs
        }
    }

    /** Every line of the bridge's output as JSON: a line that is not fails the test. */
    private static List<JsonNode> parse(ProcessStack stack) {
        try {
            return Files.readAllLines(stack.work().resolve("bridge.log")).stream().filter(l -> !l.isBlank()).map(l -> {
                try {
                    return JSON.readTree(l);
                } catch (Exception e) {
                    throw new AssertionError("not a JSON line: " + l, e);
                }
            }).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
