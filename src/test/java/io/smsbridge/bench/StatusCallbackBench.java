package io.smsbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.support.TwilioWebhookSender;
import io.smsbridge.twilio.TwilioProperties;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** Signed status callbacks per second, received → delivery state stored. Run by bench/status-callbacks.sh. */
public final class StatusCallbackBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int THREADS = Integer.parseInt(System.getenv().getOrDefault("CALLBACK_THREADS", "16"));
    private static final long WARMUP_SECONDS = Long.parseLong(System.getenv().getOrDefault("WARMUP_SECONDS", "90"));
    private static final int MEASURED_ROUNDS = Integer.parseInt(System.getenv().getOrDefault("MEASURED_ROUNDS", "3"));
    /** Warm-up goes on past WARMUP_SECONDS while the bridge's JIT compilers are busy, up to this long in all. */
    private static final long WARMUP_MAX_SECONDS = Long.parseLong(System.getenv().getOrDefault("WARMUP_MAX_SECONDS", "420"));

    public static void main(String[] args) throws Exception {
        String bridge = args[0];
        String broker = args[1];
        int count = Integer.parseInt(args[2]);
        JitActivity jit = new JitActivity(args.length > 3 ? Long.parseLong(args[3]) : -1);
        System.out.printf("cores: %d, messages: %d (2 callbacks each)%n", Runtime.getRuntime().availableProcessors(), count);
        // Rounds of warm-up until WARMUP_SECONDS have passed and the JIT compilers have settled: on two saturated cores
        // they need minutes, and a round measured while they compile measures them.
        long start = System.nanoTime();
        double compiling;
        do {
            System.out.print("warm-up round (not counted): ");
            jit.restart();
            run(bridge, broker, count, null);
            compiling = jit.cores();
            System.out.printf("  JIT compilers meanwhile: %.2f cores%n", compiling);
        } while (JitActivity.stillWarming(start, compiling, WARMUP_SECONDS, WARMUP_MAX_SECONDS));
        System.out.printf("warmed up in %.0f s%n", (System.nanoTime() - start) / 1e9);
        // Several measured rounds, the same size as the warm-up's: one round on a shared machine is one sample of its noise.
        List<Double> rates = new ArrayList<>();
        for (int round = 1; round <= MEASURED_ROUNDS; round++) {
            System.out.printf("measured round %d of %d: ", round, MEASURED_ROUNDS);
            rates.add(run(bridge, broker, count, jit));
        }
        Collections.sort(rates);
        System.out.printf("end to end, median of %d rounds: %.0f callbacks/s (rounds: %s; target ≥ 2000/s)%n", rates.size(),
                rates.get(rates.size() / 2), rates.stream().map(r -> String.format("%.0f", r)).toList());
    }

    /** One round; measured when {@code jit} is given (then the bare endpoint first, and the bridge's CPU). Returns callbacks/s end to end. */
    private static double run(String bridge, String broker, int count, JitActivity jit) throws Exception {
        List<String[]> messages = sendMessages(bridge, count); // [sid, to]
        System.out.printf("%d messages at the sandbox; posting callbacks%n", messages.size());

        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer events = session.createConsumer(session.createTopic("sms.events"));
            AtomicInteger delivered = new AtomicInteger();
            events.setMessageListener(m -> {
                try {
                    if (JSON.readTree(((TextMessage) m).getText()).path("type").asText().equals("delivered")) {
                        delivered.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            if (jit != null) {
                // The same signed forms from the same threads to a bare endpoint: what HTTP alone allows on this
                // machine today, so that figures of different days can be compared.
                Posted bare = post(bridge + "/bench/bare", messages);
                System.out.printf("bare platform-http endpoint, same forms and threads: %d in %.1f s (%.0f/s), %d errors%n",
                        messages.size() * 2, bare.seconds, messages.size() * 2 / bare.seconds, bare.errors);
                jit.restart();
            }
            long start = System.nanoTime();
            Posted answered = post(bridge + "/twilio/status", messages);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (delivered.get() < messages.size() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            double stored = (System.nanoTime() - start) / 1e9;
            int callbacks = messages.size() * 2;
            System.out.printf("callbacks answered: %d in %.1f s (%.0f/s), %d errors%n", callbacks, answered.seconds,
                    callbacks / answered.seconds, answered.errors);
            System.out.printf("end to end (received → state stored, %d delivered events): %.0f callbacks/s (target ≥ 2000/s)%n",
                    delivered.get(), callbacks / stored);
            if (jit != null) {
                System.out.printf("bridge CPU per callback, compilers excluded: %.3f ms; compilers meanwhile: %.2f cores%n",
                        jit.workCpuSeconds() * 1000 / callbacks, jit.cores());
            }
            return callbacks / stored;
        }
    }

    private record Posted(double seconds, int errors) {
    }

    /**
     * Posts each message's two signed callbacks (sent, then delivered) to {@code url} from THREADS kept-alive
     * connections. Every request is signed and encoded before the clock starts: signing is Twilio's work, not the
     * bridge's, and on two shared cores the load generator's CPU is taken from the bridge (see KeepAliveHttp).
     */
    private static Posted post(String url, List<String[]> messages) throws Exception {
        TwilioWebhookSender twilio = new TwilioWebhookSender(TwilioProperties.SANDBOX_AUTH_TOKEN);
        URI target = URI.create(url);
        List<byte[][]> requests = new ArrayList<>(messages.size());
        for (String[] m : messages) {
            byte[][] pair = new byte[2][];
            int i = 0;
            for (String status : List.of("sent", "delivered")) {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("AccountSid", TwilioProperties.SANDBOX_ACCOUNT_SID);
                form.put("MessageSid", m[0]);
                form.put("SmsSid", m[0]);
                form.put("MessageStatus", status);
                form.put("SmsStatus", status);
                form.put("To", m[1]);
                form.put("ApiVersion", "2010-04-01");
                pair[i++] = KeepAliveHttp.post(target, Map.of(
                        "Content-Type", "application/x-www-form-urlencoded",
                        "X-Twilio-Signature", twilio.sign(url, form),
                        "I-Twilio-Idempotency-Token", UUID.randomUUID().toString()), TwilioWebhookSender.encode(form));
            }
            requests.add(pair);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            work.add(pool.submit(() -> {
                try (KeepAliveHttp http = new KeepAliveHttp(target)) {
                    for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        for (byte[] request : requests.get(i)) { // a message's two callbacks in order, as Twilio posts them
                            if (http.send(request) != 200) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        return new Posted((System.nanoTime() - start) / 1e9, errors.get());
    }

    private static List<String[]> sendMessages(String bridge, int count) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String to = "+1415555" + String.format("%04d", 1000 + i % 9000);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(bridge + "/api/messages"))
                    .header("X-Api-Key", OutboundApi.SANDBOX_API_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + to + "\",\"body\":\"status bench\",\"idempotencyKey\":\"sb-"
                            + run + "-" + i + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            ids.add(JSON.readTree(r.body()).path("id").asText());
        }
        List<String[]> sent = new ArrayList<>();
        for (String id : ids) {
            while (true) {
                JsonNode m = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(bridge + "/api/messages/" + id))
                        .header("X-Api-Key", OutboundApi.SANDBOX_API_KEY).build(), HttpResponse.BodyHandlers.ofString()).body());
                if (!m.path("messageSid").isNull() && !m.path("messageSid").asText().isEmpty()) {
                    sent.add(new String[] {m.path("messageSid").asText(), m.path("to").asText()});
                    break;
                }
                Thread.sleep(50);
            }
        }
        return sent;
    }

    private StatusCallbackBench() {
    }
}
