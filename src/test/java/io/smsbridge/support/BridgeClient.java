package io.smsbridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.sandbox.ConditionalOnSandbox;
import io.smsbridge.sandbox.SandboxMessage;
import io.smsbridge.sandbox.SandboxMessages;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.core.env.Environment;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * What tests do to the running bridge from outside: queue and post messages, read outcomes, read the sandbox. A bean
 * of the test context (component scan reaches the test sources): {@code @Autowired BridgeClient bridge}.
 */
@Component
@ConditionalOnSandbox // it reads the sandbox; contexts without one (live-mode tests) have no BridgeClient
public final class BridgeClient {

    private static final AtomicInteger NEXT_PHONE = new AtomicInteger((int) (System.nanoTime() % 5000));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Environment environment;
    private final JmsTemplate jms;
    private final OutboundLedger ledger;
    private final SandboxMessages sandbox;
    private final HttpClient http = HttpClient.newHttpClient();

    public BridgeClient(Environment environment, ConnectionFactory connectionFactory, OutboundLedger ledger, SandboxMessages sandbox) {
        this.environment = environment;
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setReceiveTimeout(15_000);
        this.ledger = ledger;
        this.sandbox = sandbox;
    }

    /** A US number no other test uses in this run. */
    public static String newPhone() {
        return "+1415555" + String.format("%04d", 1000 + NEXT_PHONE.getAndIncrement() % 9000);
    }

    public void queue(String json) {
        jms.convertAndSend("sms.outbound", json);
    }

    /** The bridge's own URL; the port is known only once the web server has started. */
    public String baseUrl() {
        return "http://localhost:" + environment.getProperty("local.server.port");
    }

    public HttpResponse<String> post(String path, String json, String apiKey, String contentType) throws IOException, InterruptedException {
        return post(path, json, apiKey, contentType, Map.of());
    }

    /** {@link #post(String, String, String, String)} with further request headers. */
    public HttpResponse<String> post(String path, String json, String apiKey, String contentType, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What GET /api/parked lists of one parking queue (count, releasesTo, messages); for use inside {@link #await}. */
    public JsonNode parked(String queue) {
        try {
            return json(get("/api/parked", OutboundApi.SANDBOX_API_KEY).body()).path(queue);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    /** The rejected message carrying this idempotency key, or null after 15 s. */
    public Message rejected(String idempotencyKey) {
        return jms.receiveSelected("sms.outbound.rejected", "SmsBridgeIdempotencyKey = '" + idempotencyKey + "'");
    }

    /**
     * Waits until the ledger's message with this key has been through {@code status} (its history shows it: later
     * delivery reports may already have moved it on), and returns the message as it is then.
     */
    public OutboundRecord awaitStatus(String idempotencyKey, String status) throws InterruptedException {
        return awaitStatus(idempotencyKey, status, Duration.ofSeconds(30));
    }

    public OutboundRecord awaitStatus(String idempotencyKey, String status, Duration timeout) throws InterruptedException {
        return await(() -> ledger.findByKey(idempotencyKey)
                        .filter(r -> ledger.history(r.id()).stream().anyMatch(h -> h.status().equals(status)))
                        .flatMap(r -> ledger.find(r.id())),
                timeout, "message " + idempotencyKey + " to reach " + status + " (now: "
                        + ledger.findByKey(idempotencyKey).map(OutboundRecord::status).orElse("absent") + ")");
    }

    /** What the sandbox holds, sent to {@code to}. */
    public List<SandboxMessage.Snapshot> atSandbox(String to) {
        return sandbox.list(m -> to.equals(m.to()), null, Integer.MAX_VALUE);
    }

    public List<SandboxMessage.Snapshot> atSandbox(Predicate<SandboxMessage.Snapshot> filter) {
        return sandbox.list(filter, null, Integer.MAX_VALUE);
    }

    public static <T> T await(Supplier<Optional<T>> probe, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(25);
        }
        return probe.get().orElseThrow(() -> new AssertionError("Timed out waiting for " + what));
    }
}
