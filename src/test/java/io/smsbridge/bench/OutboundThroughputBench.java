package io.smsbridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import io.smsbridge.twilio.TwilioHttpClient;
import io.smsbridge.twilio.TwilioProperties;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;

/**
 * Messages per second from sms.outbound (persistent JMS, over TCP) to created at the sandbox, beside the raw
 * twilio-java SDK creating messages against the same sandbox with 16 threads. Run by bench/outbound-throughput.sh.
 */
public final class OutboundThroughputBench {

    private static final int SDK_THREADS = 16;
    private static final long WARMUP_SECONDS = Long.parseLong(System.getenv().getOrDefault("WARMUP_SECONDS", "120"));

    public static void main(String[] args) throws Exception {
        String brokerUrl = args[0];
        String sandboxUrl = args[1];
        int count = Integer.parseInt(args[2]);
        System.out.printf("cores: %d, messages per run: %d%n", Runtime.getRuntime().availableProcessors(), count);
        if (args.length > 3 && args[3].equals("--bridge-only")) { // load for bench/startup-memory.sh
            System.out.printf("bridge: sms.outbound (persistent JMS) → sandbox: %.0f msg/s%n", bridgeSends(brokerUrl, sandboxUrl, count));
            return;
        }

        // Both sides are measured in their steady state. The bridge's code path (Spring, Camel, Artemis, H2, Tomcat,
        // Jackson) is large: on two saturated cores its JIT compilers stay busy for a minute or more, during which it
        // runs at half speed. Hence rounds of warm-up until WARMUP_SECONDS have passed (default 120 for the bridge).
        warmUp("raw SDK", Math.min(WARMUP_SECONDS, 30), () -> sdkCreates(sandboxUrl, 2000));
        double ceiling = sdkCreates(sandboxUrl, count);
        System.out.printf("raw twilio-java SDK (%d threads) → sandbox: %.0f msg/s%n", SDK_THREADS, ceiling);

        warmUp("bridge", WARMUP_SECONDS, () -> bridgeSends(brokerUrl, sandboxUrl, 2000));
        double bridge = bridgeSends(brokerUrl, sandboxUrl, count);
        System.out.printf("bridge: sms.outbound (persistent JMS) → sandbox: %.0f msg/s%n", bridge);
        System.out.printf("ratio bridge / SDK: %.2f (target ≥ 0.5), bridge target ≥ 1500 msg/s%n", bridge / ceiling);
    }

    private static double sdkCreates(String sandboxUrl, int count) throws Exception {
        TwilioRestClient client = new TwilioRestClient.Builder(TwilioProperties.SANDBOX_ACCOUNT_SID, TwilioProperties.SANDBOX_AUTH_TOKEN)
                .accountSid(TwilioProperties.SANDBOX_ACCOUNT_SID)
                .httpClient(new TwilioHttpClient(HttpClientBuilder.create().disableAutomaticRetries()
                        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                                .setMaxConnTotal(SDK_THREADS).setMaxConnPerRoute(SDK_THREADS).build()),
                        () -> sandboxUrl + "/sandbox/twilio"))
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(SDK_THREADS);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < SDK_THREADS; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    Message.creator(new PhoneNumber(phone(i)), new PhoneNumber("+15005550006"), "SDK benchmark " + i).create(client);
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static void warmUp(String what, long seconds, Callable<Double> round) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        StringBuilder rates = new StringBuilder();
        do {
            rates.append(rates.isEmpty() ? "" : ", ").append(Math.round(round.call()));
        } while (System.nanoTime() < end);
        System.out.printf("warm-up of the %s (%d s, not counted), msg/s per round of 2000: %s%n", what, seconds, rates);
    }

    private static double bridgeSends(String brokerUrl, String sandboxUrl, int count) throws Exception {
        long before = created(sandboxUrl);
        String run = UUID.randomUUID().toString().substring(0, 8);
        long start = System.nanoTime();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("sms.outbound"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < count; i++) {
                producer.send(session.createTextMessage("{\"to\":\"" + phone(i) + "\",\"body\":\"Bridge benchmark " + i
                        + "\",\"idempotencyKey\":\"bench-" + run + "-" + i + "\"}"));
                if (i % 200 == 199) {
                    session.commit();
                }
            }
            session.commit();
        }
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (created(sandboxUrl) - before < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (created(sandboxUrl) - before) + " of " + count + " arrived in 10 min");
            }
            Thread.sleep(20);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static long created(String sandboxUrl) throws Exception {
        String json = HTTP.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/admin/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new ObjectMapper().readTree(json).path("messagesCreated").asLong();
    }

    private static String phone(int i) {
        return "+1415555" + String.format("%04d", 1000 + i % 9000);
    }

    private OutboundThroughputBench() {
    }
}
