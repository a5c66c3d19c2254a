package io.smsbridge.bench;

import io.smsbridge.support.StompClient;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Intake throughput per way in: durable messages from one producer per protocol (CORE, AMQP 1.0, STOMP, MQTT 5 QoS 1)
 * and over HTTP (one message per request, 16 at a time; batches of 100, 4 at a time), counted until the bridge has taken
 * every one in (its smsbridge_messages_accepted_total). The ways take turns, round after round, so each sees the same
 * machine; the median round of each is its figure, beside CORE's. Run by bench/producer-protocols.sh.
 */
public final class ProducerProtocolsBench {

    private static final int ROUNDS = Integer.parseInt(System.getenv().getOrDefault("MEASURED_ROUNDS", "3"));
    private static final int WARMUP_ROUNDS = Integer.parseInt(System.getenv().getOrDefault("WARMUP_ROUNDS", "2"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern ACCEPTED = Pattern.compile("(?m)^smsbridge_messages_accepted_total(?:\\{[^}]*})? ([0-9.eE+]+)$");

    private interface Producer {
        void send(List<String> messages) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int brokerPort = Integer.parseInt(args[1]);
        String bridgeUrl = args[2];
        String apiKey = args[3];
        int count = Integer.parseInt(args[4]);
        JitActivity bridgeCpu = new JitActivity(args.length > 5 ? Long.parseLong(args[5]) : -1);
        System.out.printf("cores: %d, messages per round: %d, warm-up rounds: %d, measured rounds: %d%n",
                Runtime.getRuntime().availableProcessors(), count, WARMUP_ROUNDS, ROUNDS);

        Map<String, Producer> ways = new LinkedHashMap<>();
        ways.put("CORE (JMS, persistent, transactions of 200)", m -> jms(new ActiveMQConnectionFactory("tcp://" + host + ":" + brokerPort), m));
        ways.put("AMQP 1.0 (Qpid JMS, durable, transactions of 200)", m -> jms(new JmsConnectionFactory("amqp://" + host + ":" + brokerPort), m));
        ways.put("STOMP (persistent, a receipt per 200)", m -> stomp(brokerPort, m));
        ways.put("MQTT 5 (QoS 1, 200 in flight)", m -> mqtt("tcp://" + host + ":" + brokerPort, m));
        ways.put("HTTP, one message a request (16 at a time)", m -> http(bridgeUrl, apiKey, m, 1, 16));
        ways.put("HTTP batch, 100 a request (4 at a time)", m -> http(bridgeUrl, apiKey, m, 100, 4));

        String only = System.getenv("ONLY"); // e.g. ONLY=HTTP: just the ways whose name contains it (CORE stays, the reference)
        if (only != null && !only.isBlank()) {
            ways.keySet().removeIf(way -> !way.startsWith("CORE") && !way.contains(only));
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        ways.keySet().forEach(way -> {
            rates.put(way, new ArrayList<>());
            cpu.put(way, new ArrayList<>());
        });
        for (int round = 1; round <= WARMUP_ROUNDS + ROUNDS; round++) {
            StringBuilder line = new StringBuilder(round <= WARMUP_ROUNDS ? "warm-up round " + round : "round " + (round - WARMUP_ROUNDS)).append(':');
            for (Map.Entry<String, Producer> way : ways.entrySet()) {
                bridgeCpu.restart();
                double rate = intake(bridgeUrl, count, way.getValue());
                if (round > WARMUP_ROUNDS) {
                    rates.get(way.getKey()).add(rate);
                    cpu.get(way.getKey()).add(bridgeCpu.workCpuSeconds() * 1000 / count);
                }
                line.append(' ').append(Math.round(rate));
            }
            System.out.println(line + " msg/s (in the order below)");
        }
        double core = median(rates.values().iterator().next());
        for (Map.Entry<String, List<Double>> way : rates.entrySet()) {
            double m = median(way.getValue());
            System.out.printf("%-52s %6.0f msg/s  %.2f × CORE   rounds %s   bridge CPU per message %.3f ms (median, compilers excluded)%n",
                    way.getKey(), m, m / core, way.getValue().stream().map(r -> String.valueOf(Math.round(r))).toList(),
                    median(cpu.get(way.getKey())));
        }
    }

    /** Messages per second from the first send until the bridge has accepted all of them. */
    private static double intake(String bridgeUrl, int count, Producer producer) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add("{\"to\":\"+1415555" + String.format("%04d", 1000 + i % 9000) + "\",\"body\":\"Intake benchmark " + i
                    + "\",\"idempotencyKey\":\"intake-" + run + "-" + i + "\"}");
        }
        double before = accepted(bridgeUrl);
        long start = System.nanoTime();
        producer.send(messages);
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (accepted(bridgeUrl) - before < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (accepted(bridgeUrl) - before) + " of " + count + " accepted in 5 min");
            }
            Thread.sleep(10);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static double accepted(String bridgeUrl) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(bridgeUrl + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = ACCEPTED.matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    private static void jms(ConnectionFactory factory, List<String> messages) throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("sms.outbound"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < messages.size(); i++) {
                producer.send(session.createTextMessage(messages.get(i)));
                if (i % 200 == 199) {
                    session.commit();
                }
            }
            session.commit();
        }
        if (factory instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private static void stomp(int port, List<String> messages) throws Exception {
        try (StompClient stomp = new StompClient(port)) {
            for (int i = 0; i < messages.size(); i++) {
                boolean receipt = i % 200 == 199 || i == messages.size() - 1; // a receipt covers every frame before it
                stomp.sendTo("sms.outbound", Map.of("persistent", "true"), messages.get(i), receipt);
            }
        }
    }

    private static void mqtt(String url, List<String> messages) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(url, "bench-" + UUID.randomUUID(), null);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setReceiveMaximum(200);
        client.connect(options).waitForCompletion();
        List<IMqttToken> inFlight = new ArrayList<>();
        for (String message : messages) {
            MqttMessage m = new MqttMessage(message.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            inFlight.add(client.publish("sms/outbound", m));
            if (inFlight.size() == 200) {
                for (IMqttToken token : inFlight) {
                    token.waitForCompletion();
                }
                inFlight.clear();
            }
        }
        for (IMqttToken token : inFlight) {
            token.waitForCompletion();
        }
        client.disconnect().waitForCompletion();
        client.close();
    }

    private static void http(String bridgeUrl, String apiKey, List<String> messages, int perRequest, int threads) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < messages.size(); i += perRequest) {
            List<String> part = messages.subList(i, Math.min(messages.size(), i + perRequest));
            bodies.add(perRequest == 1 ? part.get(0) : "{\"messages\":[" + String.join(",", part) + "]}");
        }
        String path = perRequest == 1 ? "/api/messages" : "/api/messages/batch";
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(bridgeUrl + path))
                            .header("X-Api-Key", apiKey).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i))).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() >= 300) {
                        throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private ProducerProtocolsBench() {
    }
}
