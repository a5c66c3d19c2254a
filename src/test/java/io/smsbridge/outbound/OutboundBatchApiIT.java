package io.smsbridge.outbound;

import static io.smsbridge.support.BridgeClient.await;
import static io.smsbridge.support.BridgeClient.json;
import static io.smsbridge.support.BridgeClient.newPhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.EmbeddedDefaultsForTests;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** POST /api/messages/batch over real HTTP: one request, an outcome per message in order, each message sent once. */
@SmsBridgeIntegrationTest
class OutboundBatchApiIT {

    private static final String API_KEY = OutboundApi.SANDBOX_API_KEY;

    @Autowired
    BridgeClient bridge;

    @Test
    void eachMessageOfABatchGetsItsOwnOutcome() throws Exception {
        String run = UUID.randomUUID().toString();
        String first = newPhone();
        String second = newPhone();
        String batch = "{\"messages\":["
                + message(first, "hello", "batch-a-" + run) + ","
                + message(second, "hello", "batch-b-" + run) + ","
                + message(first, "hello", "batch-a-" + run) + ","        // the same message again: a duplicate
                + message(second, "other text", "batch-b-" + run) + ","  // its key, other content: a conflict
                + "{\"body\":\"no recipient\",\"idempotencyKey\":\"batch-c-" + run + "\"}"
                + "]}";

        HttpResponse<String> response = bridge.post("/api/messages/batch", batch, API_KEY, "application/json");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json(response.body());
        JsonNode results = answer.path("results");
        assertThat(results).hasSize(5);
        assertThat(results.findValuesAsText("outcome")).containsExactly("accepted", "accepted", "duplicate", "conflict", "rejected");
        assertThat(results.get(0).path("status").asText()).isEqualTo("accepted");
        assertThat(results.get(2).path("id").asText()).isEqualTo(results.get(0).path("id").asText());
        assertThat(results.get(3).path("id").asText()).as("the conflict names the message holding the key")
                .isEqualTo(results.get(1).path("id").asText());
        assertThat(results.get(4).path("reasons").toString()).contains("to is required");
        assertThat(answer.path("counts").path("accepted").asInt()).isEqualTo(2);
        assertThat(answer.path("counts").path("rejected").asInt()).isEqualTo(1);

        for (String phone : new String[]{first, second}) {
            await(() -> bridge.atSandbox(phone).isEmpty() ? Optional.empty() : Optional.of(phone), Duration.ofSeconds(30), "a message to " + phone);
        }
        assertThat(bridge.atSandbox(first)).hasSize(1);
        assertThat(bridge.atSandbox(second)).hasSize(1);
        assertThat(bridge.atSandbox(second).get(0).body()).isEqualTo("hello");
        assertThat(bridge.rejected("batch-c-" + run)).as("the invalid one on sms.outbound.rejected").isNotNull();
    }

    @Test
    void aNamedProducersKeyNamesItInTheHistoryEventsAndMetrics() throws Exception {
        String key = "billing-" + UUID.randomUUID();
        String batch = "{\"messages\":[" + message(newPhone(), "invoice ready", key) + "]}";
        HttpResponse<String> response = bridge.post("/api/messages/batch", batch, EmbeddedDefaultsForTests.BILLING_API_KEY, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String id = json(response.body()).path("results").get(0).path("id").asText();

        JsonNode message = json(bridge.get("/api/messages/" + id, API_KEY).body());
        assertThat(message.path("history").get(0).path("detail").asText()).isEqualTo("from producer billing");
        assertThat(bridge.get("/actuator/prometheus", null).body())
                .containsPattern("smsbridge_producer_messages_total\\{outcome=\"accepted\",producer=\"billing\"} [1-9]");
    }

    @Test
    void aBatchTooLongOrNotABatchIsRefusedWhole() throws Exception {
        String tooLong = IntStream.range(0, 101).mapToObj(i -> message(newPhone(), "x", "long-" + i + "-" + UUID.randomUUID()))
                .collect(Collectors.joining(",", "{\"messages\":[", "]}"));
        HttpResponse<String> response = bridge.post("/api/messages/batch", tooLong, API_KEY, "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).path("error").asText()).contains("1 to 100 messages").contains("not 101");

        assertThat(bridge.post("/api/messages/batch", "[{\"to\":\"+14155550123\"}]", API_KEY, "application/json").statusCode()).isEqualTo(400);
        assertThat(bridge.post("/api/messages/batch", "{\"messages\":[]}", "wrong", "application/json").statusCode()).isEqualTo(401);
    }

    private static String message(String to, String body, String key) {
        return "{\"to\":\"" + to + "\",\"body\":\"" + body + "\",\"idempotencyKey\":\"" + key + "\"}";
    }
}
