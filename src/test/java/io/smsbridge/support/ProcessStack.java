package io.smsbridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.SmsBridgeApplication;
import io.smsbridge.sandbox.SandboxServerApplication;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The application as production runs it, in separate processes on loopback: a stand-alone Artemis broker (Maven
 * Central's distribution, unpacked by the build into target/artemis), the machine's PostgreSQL, the stand-alone
 * sandbox and bridge nodes configured by environment variables only. Logs go to the work directory.
 */
public final class ProcessStack implements AutoCloseable {

    public static final String PG_URL = System.getenv().getOrDefault("SMSBRIDGE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getenv().getOrDefault("SMSBRIDGE_TEST_PG_USER", "postgres");
    public static final String BROKER_USER = "smsbridge";
    public static final String BROKER_PASSWORD = "process-stack";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A bridge node: its URL, its process, and what it was started with (to start it again). */
    public record Node(String name, String url, Process process, Map<String, String> env, List<String> args) {
    }

    private final Path work;
    private final List<Process> processes = new ArrayList<>();
    private String schema;
    private Path brokerInstance;
    private Process broker;
    private int brokerPort;
    private String sandboxUrl;

    public ProcessStack(String name) throws IOException {
        this.work = Path.of("target", name).toAbsolutePath(); // SMSBRIDGE_DATA_DIR: absolute or ./, as H2 requires
        deleteRecursively(work);
        Files.createDirectories(work);
    }

    public Path work() {
        return work;
    }

    /** A fresh PostgreSQL schema for the nodes, dropped on close. */
    public String postgresSchema() throws Exception {
        schema = "smsbridge_" + work.getFileName().toString().replace('-', '_') + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (var c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    // --- the broker ---

    /** Creates an Artemis instance with only a CORE acceptor on a free port and the settings the README asks for, and starts it. */
    public int startBroker() throws Exception {
        Path home;
        try (var dists = Files.list(Path.of("target", "artemis"))) {
            home = dists.filter(p -> p.getFileName().toString().startsWith("apache-artemis-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("target/artemis has no broker: run the build (mvnw verify) to unpack it"));
        }
        brokerPort = EmbeddedDefaultsForTests.freePort();
        brokerInstance = work.resolve("broker");
        Process create = new ProcessBuilder("bash", home.resolve("bin/artemis").toString(), "create", brokerInstance.toString(),
                "--user", BROKER_USER, "--password", BROKER_PASSWORD, "--require-login", "--silent", "--no-autotune", "--no-web",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor",
                "--host", "127.0.0.1", "--default-port", String.valueOf(brokerPort))
                .redirectErrorStream(true).redirectOutput(work.resolve("broker-create.log").toFile()).start();
        assertThat(create.waitFor()).as("artemis create (see " + work.resolve("broker-create.log") + ")").isZero();
        configureBroker(brokerInstance.resolve("etc/broker.xml"));
        runBroker();
        return brokerPort;
    }

    /** Starts the broker instance (again). */
    public void runBroker() throws Exception {
        ProcessBuilder run = new ProcessBuilder("bash", brokerInstance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("broker.log").toFile()));
        run.environment().put("JAVA_HOME", System.getProperty("java.home"));
        broker = run.start();
        processes.add(broker);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", brokerPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the broker did not come up: see " + work.resolve("broker.log"));
    }

    /** SIGKILL to the broker and every process it started. */
    public void killBroker() throws InterruptedException {
        broker.descendants().forEach(ProcessHandle::destroyForcibly);
        broker.destroyForcibly();
        broker.waitFor(30, TimeUnit.SECONDS);
    }

    public String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
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

    // --- the sandbox and the nodes ---

    /** The stand-alone sandbox (no status callbacks: these tests count creates), its webhooks to {@code bridgeUrl}. */
    public String startSandbox(String bridgeUrl, String... args) throws Exception {
        int port = EmbeddedDefaultsForTests.freePort();
        sandboxUrl = "http://localhost:" + port;
        start("sandbox", Map.of("SANDBOX_PORT", String.valueOf(port), "SMSBRIDGE_SANDBOX_WEBHOOK_BASE_URL", bridgeUrl,
                "SMSBRIDGE_SANDBOX_SMTP_PORT", String.valueOf(EmbeddedDefaultsForTests.freePort()),
                "SMSBRIDGE_SANDBOX_STATUS_CALLBACKS", "false"), SandboxServerApplication.class.getName(), List.of(args),
                System.getProperty("java.class.path"));
        awaitUp(sandboxUrl + "/sandbox/admin/stats", Duration.ofSeconds(90));
        return sandboxUrl;
    }

    /**
     * The environment of a node talking to the stand-alone sandbox: on the external broker and PostgreSQL when they
     * were started, else on its embedded broker (TCP acceptor on {@code embeddedBrokerPort}) and H2 in its data dir.
     */
    public Map<String, String> nodeEnv(String name, int port, int embeddedBrokerPort) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", String.valueOf(port));
        env.put("SMSBRIDGE_PUBLIC_BASE_URL", "http://localhost:" + port);
        env.put("SMSBRIDGE_DATA_DIR", work.resolve(name).toString());
        env.put("SMSBRIDGE_TWILIO_MODE", "sandbox");
        env.put("SMSBRIDGE_SANDBOX_ENABLED", "false");
        env.put("TWILIO_API_BASE_URL", sandboxUrl + "/sandbox/twilio");
        env.put("SMSBRIDGE_JIRA_URL", sandboxUrl + "/sandbox/jira");
        if (broker != null) {
            env.put("SMSBRIDGE_ARTEMIS_MODE", "native");
            env.put("ARTEMIS_URL", brokerUrl());
            env.put("ARTEMIS_USER", BROKER_USER);
            env.put("ARTEMIS_PASSWORD", BROKER_PASSWORD);
        } else {
            env.put("SMSBRIDGE_BROKER_PORT", String.valueOf(embeddedBrokerPort));
        }
        if (schema != null) {
            env.put("SPRING_PROFILES_ACTIVE", "postgres");
            env.put("SMSBRIDGE_DB_URL", PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
            env.put("SMSBRIDGE_DB_USER", PG_USER);
            env.put("SMSBRIDGE_DB_PASSWORD", "");
        }
        return env;
    }

    /** The environment of a node on its own embedded broker, H2 and sandbox, in {@code <work>/data}, on free ports. */
    public Map<String, String> embeddedEnv(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", String.valueOf(port));
        env.put("SMSBRIDGE_DATA_DIR", work.resolve("data").toString());
        env.put("SMSBRIDGE_BROKER_PORT", String.valueOf(EmbeddedDefaultsForTests.freePort()));
        env.put("SMSBRIDGE_SANDBOX_SMTP_PORT", String.valueOf(EmbeddedDefaultsForTests.freePort()));
        return env;
    }

    public Node startNode(String name, Map<String, String> env, String... args) throws IOException {
        Process process = start(name, env, SmsBridgeApplication.class.getName(), List.of(args), System.getProperty("java.class.path"));
        return new Node(name, "http://localhost:" + env.get("PORT"), process, env, List.of(args));
    }

    /**
     * A node without the test classes on its class path: logging configured as the packaged bridge's (the tests'
     * logback-test.xml would otherwise replace it), e.g. for its structured JSON logs.
     */
    public Node startPackagedNode(String name, Map<String, String> env) throws IOException {
        String classPath = List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)).stream()
                .filter(entry -> !entry.endsWith("test-classes")).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        Process process = start(name, env, SmsBridgeApplication.class.getName(), List.of(), classPath);
        return new Node(name, "http://localhost:" + env.get("PORT"), process, env, List.of());
    }

    /** The node started again as it was, on the same data directory. */
    public Node restart(Node node) throws IOException {
        return startNode(node.name(), node.env(), node.args().toArray(String[]::new));
    }

    /** SIGKILL: no shutdown hook, no goodbye to the broker. */
    public static void kill(Node node) throws InterruptedException {
        node.process().destroyForcibly();
        assertThat(node.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private Process start(String name, Map<String, String> env, String mainClass, List<String> args, String classPath) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", classPath, mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(name + ".log").toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    public static void awaitUp(String url, Duration timeout) throws Exception {
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
        throw new IllegalStateException(url + " did not come up");
    }

    // --- producing and observing ---

    /**
     * {@code count} outbound messages (JSON) told apart by their text "{@code run} #i" and keyed "{@code run}-i", each to
     * its own phone; {@code sender} gives the i-th message's sender field, e.g. {@code "from":"+15005550006"}.
     */
    public static List<String> messages(String run, int count, java.util.function.IntFunction<String> sender) {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add("{\"to\":\"+1415" + String.format("%07d", 2_000_000 + i) + "\",\"body\":\"" + run + " #" + i + "\","
                    + sender.apply(i) + ",\"idempotencyKey\":\"" + run + "-" + i + "\"}");
        }
        return messages;
    }

    /** Puts the messages on sms.outbound of the broker at {@code url}, persistent, committed every 100. */
    public static void queue(String url, String user, String password, List<String> messages) throws Exception {
        ConnectionFactory factory = new ActiveMQConnectionFactory(url, user, password);
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

    /** Messages created at the sandbox whose text starts with {@code prefix}. */
    public List<JsonNode> created(String prefix) throws Exception {
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

    public List<JsonNode> awaitCreated(String prefix, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> found = created(prefix);
        while (found.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(500);
            found = created(prefix);
        }
        assertThat(found).as(count + " messages '" + prefix + "…' created at the sandbox").hasSizeGreaterThanOrEqualTo(count);
        return found;
    }

    /** Every one of {@code expected} messages created at the sandbox, none twice (told apart by their text). */
    public static void assertOncePerMessage(List<JsonNode> created, int expected) {
        Map<String, Long> perBody = created.stream().collect(Collectors.groupingBy(m -> m.path("body").asText(),
                Collectors.counting()));
        assertThat(perBody).as("every message created").hasSize(expected);
        assertThat(perBody.values()).as("no message created twice").allMatch(n -> n == 1);
    }

    /** The sum of a node's Prometheus series {@code name} (all tags), e.g. smsbridge_intake_batch_messages_sum. */
    public static double metric(Node node, String name) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (schema != null) {
            try (var c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** Removes a directory and everything under it (nothing if it does not exist). */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
