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
import java.util.Collections;
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
    private static final long WARMUP_SECONDS = Long.parseLong(System.getenv().getOrDefault("WARMUP_SECONDS", "240"));
    /** The bridge's warm-up goes on past WARMUP_SECONDS while its JIT compilers are busy, up to this long in all. */
    private static final long WARMUP_MAX_SECONDS = Long.parseLong(System.getenv().getOrDefault("WARMUP_MAX_SECONDS", "420"));
    private static final int MEASURED_ROUNDS = Integer.parseInt(System.getenv().getOrDefault("MEASURED_ROUNDS", "3"));
    private static final int WARMUP_ROUND = 2000;

    public static void main(String[] args) throws Exception {
        String brokerUrl = args[0];
        String sandboxUrl = args[1];
        int count = Integer.parseInt(args[2]);
        System.out.printf("cores: %d, messages per run: %d%n", Runtime.getRuntime().availableProcessors(), count);
        if (args.length > 3 && args[3].equals("--bridge-only")) { // load for bench/startup-memory.sh
            System.out.printf("bridge: sms.outbound (persistent JMS) → sandbox: %.0f msg/s%n", bridgeSends(brokerUrl, sandboxUrl, count));
            return;
        }
        JitActivity jit = new JitActivity(args.length > 3 ? Long.parseLong(args[3]) : -1);

        // Both sides are measured in their steady state. The bridge's code path (Spring, Camel, Artemis, H2, Tomcat,
        // Jackson) is large: on two saturated cores its JIT compilers stay busy for two minutes or more, and its rounds
        // go on rising for a minute after they have quietened (BENCHMARKS.md, thirteenth round: ~720 msg/s at 120 s,
        // ~900 from 200 s on). Hence rounds of warm-up until WARMUP_SECONDS (240) have passed and the compilers have
        // settled; the SDK's small code path is warm in 30 s.
        warmUp("raw SDK", Math.min(WARMUP_SECONDS, 30), () -> sdkCreates(sandboxUrl, WARMUP_ROUND));
        double ceiling = sdkCreates(sandboxUrl, count);
        System.out.printf("raw twilio-java SDK (%d threads) → sandbox: %.0f msg/s%n", SDK_THREADS, ceiling);

        long start = System.nanoTime();
        StringBuilder rates = new StringBuilder();
        double compiling;
        do {
            jit.restart();
            rates.append(rates.isEmpty() ? "" : ", ").append(Math.round(bridgeSends(brokerUrl, sandboxUrl, WARMUP_ROUND)));
            compiling = jit.cores();
        } while (JitActivity.stillWarming(start, compiling, WARMUP_SECONDS, WARMUP_MAX_SECONDS));
        System.out.printf("warm-up of the bridge (%.0f s, until its JIT compilers used %.2f cores, not counted), msg/s per round of %d: %s%n",
                (System.nanoTime() - start) / 1e9, compiling, WARMUP_ROUND, rates);

        // Several measured rounds: one round on a shared machine is one sample of its noise.
        List<Double> bridge = new ArrayList<>();
        for (int round = 1; round <= MEASURED_ROUNDS; round++) {
            jit.restart();
            double rate = bridgeSends(brokerUrl, sandboxUrl, count);
            bridge.add(rate);
            System.out.printf("measured round %d of %d: %.0f msg/s; bridge CPU per message, compilers excluded: %.3f ms; compilers meanwhile: %.2f cores%n",
                    round, MEASURED_ROUNDS, rate, jit.workCpuSeconds() * 1000 / count, jit.cores());
        }
        Collections.sort(bridge);
        double median = bridge.get(bridge.size() / 2);
        System.out.printf("bridge: sms.outbound (persistent JMS) → sandbox: %.0f msg/s (median of %d rounds)%n", median, bridge.size());
        System.out.printf("ratio bridge / SDK: %.2f (target ≥ 0.5), bridge target ≥ 1500 msg/s%n", median / ceiling);
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
