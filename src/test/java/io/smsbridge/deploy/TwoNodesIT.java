package io.smsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.SmsBridgeApplication;
import io.smsbridge.sandbox.SandboxServerApplication;
import io.smsbridge.support.EmbeddedDefaultsForTests;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scale-out as production runs it: a stand-alone Artemis broker (Maven Central's distribution, unpacked by the
 * build; an instance with only a CORE acceptor on a free port), the machine's PostgreSQL (a schema of its own), one
 * shared sandbox process and two bridge nodes as separate JVMs configured by environment variables only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

    private static final String PG_URL = System.getenv().getOrDefault("SMSBRIDGE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = System.getenv().getOrDefault("SMSBRIDGE_TEST_PG_USER", "postgres");
    private static final String BROKER_USER = "smsbridge";
    private static final String BROKER_PASSWORD = "two-nodes";
    private static final String FAST_NUMBER = "+15005550006";
    private static final String PACED_NUMBER = "+18885550100";   // 5 segments/s on every node
    /**
     * More senders than one node has sms.send consumers (16): Artemis hands each new JMS group (one per sender) to the
     * next consumer in turn, so the groups, and the sending, spread over both nodes.
     */
    private static final List<String> SERVICES = java.util.stream.IntStream.rangeClosed(1, 31)
            .mapToObj(i -> String.format("MG%032d", i)).toList();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Path WORK = Path.of("target", "two-nodes");
    private static final String SCHEMA = "smsbridge_two_nodes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static int brokerPort;
    private static String sandboxUrl;
    private static Node nodeA;
    private static Node nodeB;

    private record Node(String name, String url, Process process) {
    }

    @BeforeAll
    static void startTheStack() throws Exception {
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        try (var c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SCHEMA);
        }
        startBroker();
        int sandboxPort = EmbeddedDefaultsForTests.freePort();
        sandboxUrl = "http://localhost:" + sandboxPort;
        int portA = EmbeddedDefaultsForTests.freePort();
        int portB = EmbeddedDefaultsForTests.freePort();
        start("sandbox", Map.of("SANDBOX_PORT", String.valueOf(sandboxPort),
                "SMSBRIDGE_SANDBOX_WEBHOOK_BASE_URL", "http://localhost:" + portA,
                "SMSBRIDGE_SANDBOX_SMTP_PORT", String.valueOf(EmbeddedDefaultsForTests.freePort()),
                "SMSBRIDGE_SANDBOX_STATUS_CALLBACKS", "false"), SandboxServerApplication.class.getName(),
                "--smsbridge.sandbox.messaging-services=" + String.join(",", SERVICES));
        awaitUp(sandboxUrl + "/sandbox/admin/stats", Duration.ofSeconds(90));
        nodeA = startNode("node-a", portA);
        nodeB = startNode("node-b", portB);
        awaitUp(nodeA.url() + "/actuator/health", Duration.ofSeconds(180));
        awaitUp(nodeB.url() + "/actuator/health", Duration.ofSeconds(180));
    }

    @AfterAll
    static void stopTheStack() throws Exception {
        for (Process p : PROCESSES) {
            p.destroy();
        }
        for (Process p : PROCESSES) {
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        try (var c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    @Order(1)
    void twoThousandMessagesFromMixedSendersAreEachSentOnceAndThePacedSenderKeepsItsRate() throws Exception {
        String run = "mixed-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String sender = i % 50 == 0 ? "\"from\":\"" + PACED_NUMBER + "\"" // 40 paced messages, spread through the run
                    : sender(i);
            messages.add("{\"to\":\"" + phone(i) + "\",\"body\":\"" + run + " #" + i + "\"," + sender
                    + ",\"idempotencyKey\":\"" + run + "-" + i + "\"}");
        }
        queue(messages);

        List<JsonNode> created = awaitCreated(run, 2000, Duration.ofMinutes(4));
        Map<String, Long> perBody = created.stream().collect(Collectors.groupingBy(m -> m.path("body").asText(), Collectors.counting()));
        assertThat(perBody).hasSize(2000);
        assertThat(perBody.values()).allMatch(n -> n == 1);

        Map<String, Long> perNode = created.stream().collect(Collectors.groupingBy(m -> m.path("statusCallback").asText(), Collectors.counting()));
        System.out.println("sent per node: " + perNode + "; taken in: A " + exchanges(nodeA, "outbound-from-queue")
                + ", B " + exchanges(nodeB, "outbound-from-queue") + "; send route: A " + exchanges(nodeA, "outbound-send")
                + ", B " + exchanges(nodeB, "outbound-send"));
        assertThat(exchanges(nodeA, "outbound-from-queue")).as("node A took messages in").isPositive();
        assertThat(exchanges(nodeB, "outbound-from-queue")).as("node B took messages in").isPositive();
        assertThat(perNode.keySet()).as("both nodes sent").containsExactlyInAnyOrder(
                nodeA.url() + "/twilio/status", nodeB.url() + "/twilio/status");

        List<Instant> paced = created.stream().filter(m -> PACED_NUMBER.equals(m.path("from").asText()))
                .map(m -> Instant.parse(m.path("dateCreated").asText())).sorted().toList();
        assertThat(paced).hasSize(40);
        assertThat(maxInAnyWindow(paced, Duration.ofSeconds(1))).as("segments of the paced sender in any 1 s").isLessThanOrEqualTo(5);
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
        awaitCreated(key, 1, Duration.ofSeconds(60));
        Thread.sleep(2000);
        assertThat(createdWithBodyStartingWith(key)).hasSize(1);
    }

    @Test
    @Order(3)
    void killingANodeMidRunLosesNothingAndSendsNothingTwice() throws Exception {
        String run = "kill-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            String sender = sender(i);
            messages.add("{\"to\":\"" + phone(i) + "\",\"body\":\"" + run + " #" + i + "\"," + sender
                    + ",\"idempotencyKey\":\"" + run + "-" + i + "\"}");
        }
        queue(messages);
        awaitCreated(run, 300, Duration.ofMinutes(2));
        nodeB.process().destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to the broker
        assertThat(nodeB.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        List<JsonNode> created = awaitCreated(run, 1500, Duration.ofMinutes(4));
        Thread.sleep(3000); // anything sent twice would show up by now
        created = createdWithBodyStartingWith(run);
        Map<String, Long> perBody = created.stream().collect(Collectors.groupingBy(m -> m.path("body").asText(), Collectors.counting()));
        assertThat(perBody).hasSize(1500);
        assertThat(perBody.values()).as("no message sent twice").allMatch(n -> n == 1);
        assertThat(created).as("the surviving node finished the work")
                .anyMatch(m -> m.path("statusCallback").asText().startsWith(nodeA.url()));
    }

    // --- the stack ---

    private static void startBroker() throws Exception {
        Path home;
        try (var dists = Files.list(Path.of("target", "artemis"))) {
            home = dists.filter(p -> p.getFileName().toString().startsWith("apache-artemis-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("target/artemis has no broker: run the build (mvnw verify) to unpack it"));
        }
        brokerPort = EmbeddedDefaultsForTests.freePort();
        Path instance = WORK.resolve("broker");
        Process create = new ProcessBuilder("bash", home.resolve("bin/artemis").toString(), "create", instance.toString(),
                "--user", BROKER_USER, "--password", BROKER_PASSWORD, "--require-login", "--silent", "--no-autotune", "--no-web",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor",
                "--host", "127.0.0.1", "--default-port", String.valueOf(brokerPort))
                .redirectErrorStream(true).redirectOutput(WORK.resolve("broker-create.log").toFile()).start();
        PROCESSES.add(create);
        assertThat(create.waitFor()).as("artemis create (see target/two-nodes/broker-create.log)").isZero();
        configureBroker(instance.resolve("etc/broker.xml"));
        ProcessBuilder run = new ProcessBuilder("bash", instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(WORK.resolve("broker.log").toFile());
        run.environment().put("JAVA_HOME", System.getProperty("java.home"));
        PROCESSES.add(run.start());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", brokerPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the broker did not come up: see target/two-nodes/broker.log");
    }

    /** What the README asks of an external broker: CORE only, redelivery with back-off, DLQ per queue, group buckets. */
    private static void configureBroker(Path brokerXml) throws IOException {
        String xml = Files.readString(brokerXml);
        xml = xml.replaceAll("protocols=[A-Z,]+", "protocols=CORE");
        xml = xml.replace("<address-settings>", """
                <address-settings>
                         <address-setting match="sms.#">
                            <dead-letter-address>DLA</dead-letter-address>
                            <auto-create-dead-letter-resources>true</auto-create-dead-letter-resources>
                            <dead-letter-queue-prefix>DLQ.</dead-letter-queue-prefix>
                            <redelivery-delay>200</redelivery-delay>
                            <redelivery-delay-multiplier>2.0</redelivery-delay-multiplier>
                            <max-redelivery-delay>5000</max-redelivery-delay>
                            <max-delivery-attempts>6</max-delivery-attempts>
                            <default-group-buckets>256</default-group-buckets>
                            <auto-create-queues>true</auto-create-queues>
                            <auto-create-addresses>true</auto-create-addresses>
                         </address-setting>""");
        Files.writeString(brokerXml, xml);
    }

    private static Node startNode(String name, int port) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", String.valueOf(port));
        env.put("SMSBRIDGE_PUBLIC_BASE_URL", "http://localhost:" + port);
        env.put("SMSBRIDGE_ARTEMIS_MODE", "native");
        env.put("ARTEMIS_URL", "tcp://127.0.0.1:" + brokerPort);
        env.put("ARTEMIS_USER", BROKER_USER);
        env.put("ARTEMIS_PASSWORD", BROKER_PASSWORD);
        env.put("SPRING_PROFILES_ACTIVE", "postgres");
        env.put("SMSBRIDGE_DB_URL", PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        env.put("SMSBRIDGE_DB_USER", PG_USER);
        env.put("SMSBRIDGE_DB_PASSWORD", "");
        env.put("SMSBRIDGE_DATA_DIR", WORK.resolve(name).toString());
        env.put("SMSBRIDGE_TWILIO_MODE", "sandbox");
        env.put("SMSBRIDGE_SANDBOX_ENABLED", "false");
        env.put("TWILIO_API_BASE_URL", sandboxUrl + "/sandbox/twilio");
        env.put("SMSBRIDGE_JIRA_URL", sandboxUrl + "/sandbox/jira");
        Process process = start(name, env, SmsBridgeApplication.class.getName(),
                "--smsbridge.outbound.throttle.senders[" + PACED_NUMBER + "]=5",
                "--smsbridge.outbound.throttle.senders[" + FAST_NUMBER + "]=1000",
                "--smsbridge.outbound.throttle.rates.messaging-service=1000");
        return new Node(name, "http://localhost:" + port, process);
    }

    private static Process start(String name, Map<String, String> env, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(WORK.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        PROCESSES.add(process);
        return process;
    }

    private static void awaitUp(String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " did not come up: see the logs in " + WORK);
    }

    // --- producing and observing ---

    private static void queue(List<String> messages) throws Exception {
        ConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort, BROKER_USER, BROKER_PASSWORD);
        try (Connection connection = factory.createConnection(); Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue("sms.outbound"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < messages.size(); i++) {
                producer.send(session.createTextMessage(messages.get(i)));
                if (i % 100 == 99) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    private static List<JsonNode> createdWithBodyStartingWith(String prefix) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/admin/messages")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode m : JSON.readTree(response.body())) {
            if (m.path("direction").asText().startsWith("outbound") && m.path("body").asText().startsWith(prefix)) {
                found.add(m);
            }
        }
        return found;
    }

    private static List<JsonNode> awaitCreated(String prefix, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> found = createdWithBodyStartingWith(prefix);
        while (found.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(500);
            found = createdWithBodyStartingWith(prefix);
        }
        assertThat(found).as(count + " messages '" + prefix + "…' created at the sandbox").hasSizeGreaterThanOrEqualTo(count);
        return found;
    }

    /** The default number or one of the Messaging Services: 32 senders, 32 JMS groups. */
    private static String sender(int i) {
        int k = i % (SERVICES.size() + 1);
        return k == 0 ? "\"from\":\"" + FAST_NUMBER + "\"" : "\"messagingServiceSid\":\"" + SERVICES.get(k - 1) + "\"";
    }

    /** Exchanges a route of a node has completed, from its Prometheus metrics. */
    private static double exchanges(Node node, String routeId) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("camel_exchanges_total{") && l.contains("routeId=\"" + routeId + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String phone(int i) {
        return "+1415" + String.format("%07d", 2_000_000 + i);
    }

    private static int maxInAnyWindow(List<Instant> sorted, Duration window) {
        int max = 0;
        for (int start = 0, end = 0; start < sorted.size(); start++) {
            while (end < sorted.size() && Duration.between(sorted.get(start), sorted.get(end)).compareTo(window) < 0) {
                end++;
            }
            max = Math.max(max, end - start);
        }
        return max;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

}
