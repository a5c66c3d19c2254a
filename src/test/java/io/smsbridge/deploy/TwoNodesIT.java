package io.smsbridge.deploy;

import static io.smsbridge.support.ProcessStack.metric;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.support.ConsoleSession;
import io.smsbridge.support.EmbeddedDefaultsForTests;
import io.smsbridge.support.ProcessStack.Node;
import io.smsbridge.support.ProcessStack;
import io.smsbridge.support.RateWindows;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scale-out as production runs it: a stand-alone Artemis broker (only a CORE acceptor, on a free port), the
 * machine's PostgreSQL (a schema of its own), one shared sandbox process and two bridge nodes as separate JVMs
 * configured by environment variables only (see {@link ProcessStack}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

    private static final String FAST_NUMBER = "+15005550006";
    private static final String PACED_NUMBER = "+18885550100";   // 5 segments/s on every node
    /**
     * More senders than one node has sms.send consumers (16 here): Artemis hands each new JMS group (one per sender) to
     * the next consumer in turn, so the groups, and the sending, spread over both nodes.
     */
    private static final List<String> SERVICES = IntStream.rangeClosed(1, 31).mapToObj(i -> String.format("MG%032d", i)).toList();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ProcessStack stack;
    private static Node nodeA;
    private static Node nodeB;

    @BeforeAll
    static void startTheStack() throws Exception {
        stack = new ProcessStack("two-nodes");
        stack.postgresSchema();
        stack.startBroker();
        int portA = EmbeddedDefaultsForTests.freePort();
        int portB = EmbeddedDefaultsForTests.freePort();
        stack.startSandbox("http://localhost:" + portA, "--smsbridge.sandbox.messaging-services=" + String.join(",", SERVICES));
        String[] rates = {"--smsbridge.outbound.throttle.senders[" + PACED_NUMBER + "]=5",
                "--smsbridge.outbound.throttle.senders[" + FAST_NUMBER + "]=1000",
                "--smsbridge.outbound.throttle.rates.messaging-service=1000",
                "--smsbridge.outbound.send-consumers=4"};
        nodeA = stack.startNode("node-a", stack.nodeEnv("node-a", portA, 0), rates);
        nodeB = stack.startNode("node-b", stack.nodeEnv("node-b", portB, 0), rates);
        ProcessStack.awaitUp(nodeA.url() + "/actuator/health", Duration.ofSeconds(180));
        ProcessStack.awaitUp(nodeB.url() + "/actuator/health", Duration.ofSeconds(180));
    }

    @AfterAll
    static void stopTheStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void twoThousandMessagesFromMixedSendersAreEachSentOnceAndThePacedSenderKeepsItsRate() throws Exception {
        String run = "mixed-" + UUID.randomUUID().toString().substring(0, 8);
        // 40 paced messages, spread through the run
        queue(ProcessStack.messages(run, 2000, i -> i % 50 == 0 ? "\"from\":\"" + PACED_NUMBER + "\"" : sender(i)));

        List<JsonNode> created = stack.awaitCreated(run, 2000, Duration.ofMinutes(4));
        ProcessStack.assertOncePerMessage(created, 2000);

        Map<String, Long> perNode = created.stream().collect(Collectors.groupingBy(m -> m.path("statusCallback").asText(), Collectors.counting()));
        System.out.println("sent per node: " + perNode + "; taken in: A " + metric(nodeA, TAKEN_IN) + ", B " + metric(nodeB, TAKEN_IN));
        assertThat(metric(nodeA, TAKEN_IN)).as("node A took messages in").isPositive();
        assertThat(metric(nodeB, TAKEN_IN)).as("node B took messages in").isPositive();
        assertThat(perNode.keySet()).as("both nodes sent").containsExactlyInAnyOrder(
                nodeA.url() + "/twilio/status", nodeB.url() + "/twilio/status");

        List<Instant> paced = created.stream().filter(m -> PACED_NUMBER.equals(m.path("from").asText()))
                .map(m -> Instant.parse(m.path("dateCreated").asText())).sorted().toList();
        assertThat(paced).hasSize(40);
        assertThat(RateWindows.maxInAnyWindow(paced, Duration.ofSeconds(1))).as("segments of the paced sender in any 1 s").isLessThanOrEqualTo(5);
    }

    @Test
    @Order(2)
    void oneIdempotencyKeyPostedToBothNodesAtOnceSendsOnce() throws Exception {
        String key = "both-nodes-" + UUID.randomUUID();
        String message = "{\"to\":\"+14155557777\",\"body\":\"" + key + "\",\"idempotencyKey\":\"" + key + "\"}";
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (Node node : List.of(nodeA, nodeB)) {
                answers.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(node.url() + "/api/messages"))
                        .header("Content-Type", "application/json").header("X-Api-Key", "sandbox-api-key")
                        .POST(HttpRequest.BodyPublishers.ofString(message)).build(), HttpResponse.BodyHandlers.ofString()));
            }
        }
        List<String> ids = new ArrayList<>();
        for (var answer : answers) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).isIn(200, 202);
            ids.add(JSON.readTree(response.body()).path("id").asText());
        }
        assertThat(ids).as("every answer names the same message").containsOnly(ids.get(0));
        stack.awaitCreated(key, 1, Duration.ofSeconds(60));
        Thread.sleep(2000);
        assertThat(stack.created(key)).hasSize(1);
    }

    @Test
    @Order(3)
    void theConsoleOfEitherNodeShowsTheSharedStateOnPostgres() throws Exception {
        String phone = "+1415555" + (7000 + (int) (System.nanoTime() % 999));
        ConsoleSession operatorOnA = ConsoleSession.login(nodeA.url(), "operator", "operator");
        assertThat(operatorOnA.post("/console/opt-outs", Map.of("phone", phone, "scope", FAST_NUMBER, "action", "opt-out",
                "reason", "two nodes")).statusCode()).isEqualTo(302);

        ConsoleSession viewerOnB = ConsoleSession.login(nodeB.url(), "viewer", "viewer");
        for (String page : List.of("/console", "/console/overview/live", "/console/messages", "/console/conversations",
                "/console/queues", "/console/opt-outs", "/console/opt-outs.csv", "/console/audit")) {
            assertThat(viewerOnB.get(page).statusCode()).as(page).isEqualTo(200);
        }
        String found = viewerOnB.get("/console/messages?phone=7777").body();
        assertThat(found).as("test 2's message, found by its last digits").contains("both-nodes-");
        String id = found.replaceAll("(?s).*?/console/messages/([0-9a-f-]{36}).*", "$1");
        assertThat(viewerOnB.get("/console/messages/" + id).body()).contains("Timeline", "accepted");
        assertThat(viewerOnB.get("/console/conversations?phone=%2B14155557777").body()).contains("Opt-out state per sender");
        assertThat(viewerOnB.get("/console/opt-outs?phone=" + phone.substring(phone.length() - 4)).body())
                .as("node A's opt-out, from the shared database").contains("two nodes", "console:operator");
        assertThat(viewerOnB.get("/console/audit").body()).contains("opt-out", "two nodes");
        assertThat(viewerOnB.get("/console/phone?number=%2B14155557777").body()).as("the stand-alone sandbox's phone, over its HTTP API")
                .contains("both-nodes-");
        assertThat(viewerOnB.get("/console/mail").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void killingANodeMidRunLosesNothingAndSendsNothingTwice() throws Exception {
        String run = "kill-" + UUID.randomUUID().toString().substring(0, 8);
        queue(ProcessStack.messages(run, 1500, TwoNodesIT::sender));
        stack.awaitCreated(run, 300, Duration.ofMinutes(2));
        ProcessStack.kill(nodeB);

        stack.awaitCreated(run, 1500, Duration.ofMinutes(4));
        Thread.sleep(3000); // anything sent twice would show up by now
        List<JsonNode> created = stack.created(run);
        ProcessStack.assertOncePerMessage(created, 1500);
        assertThat(created).as("the surviving node finished the work")
                .anyMatch(m -> m.path("statusCallback").asText().startsWith(nodeA.url()));
    }

    /** Messages of sms.outbound a node has taken in (the outbound-intake route). */
    private static final String TAKEN_IN = "smsbridge_intake_batch_messages_sum";

    /** The default number or one of the Messaging Services: 32 senders, 32 JMS groups. */
    private static String sender(int i) {
        int k = i % (SERVICES.size() + 1);
        return k == 0 ? "\"from\":\"" + FAST_NUMBER + "\"" : "\"messagingServiceSid\":\"" + SERVICES.get(k - 1) + "\"";
    }

    private static void queue(List<String> messages) throws Exception {
        ProcessStack.queue(stack.brokerUrl(), ProcessStack.BROKER_USER, ProcessStack.BROKER_PASSWORD, messages);
    }
}
