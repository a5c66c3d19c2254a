package io.smsbridge.faults;

import static io.smsbridge.support.TwilioWebhookSender.inboundText;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.sandbox.TwilioSignatures;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import io.smsbridge.support.TwilioWebhookSender;
import io.smsbridge.twilio.TwilioProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 10,000 forged and malformed webhooks — wrong, missing and foreign-token signatures, bodies over 64 KB, broken
 * percent-encoding and UTF-8, signed forms missing their fields, JSON instead of a form — with genuine texts mixed in.
 * None is accepted, none is answered 5xx, and every genuine one is answered and handled meanwhile.
 */
@SmsBridgeIntegrationTest
class ForgedWebhookFloodIT {

    private static final int FORGED = 10_000;
    private static final int GENUINE_EVERY = 50;
    private static final String BRIDGE_NUMBER = "+15005550006";

    @Autowired
    BridgeClient bridge;
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void forgedAndMalformedWebhooksAreRefusedWhileGenuineOnesAreServed() throws Exception {
        String inbound = bridge.baseUrl() + "/twilio/inbound";
        String status = bridge.baseUrl() + "/twilio/status";
        String forgedPrefix = "SMforged" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Map<Integer, AtomicInteger> forgedAnswers = new ConcurrentHashMap<>();
        List<Long> genuineMillis = Collections.synchronizedList(new ArrayList<>());
        List<String> genuineSids = Collections.synchronizedList(new ArrayList<>());
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<?>> all = new ArrayList<>();

        for (int i = 0; i < FORGED; i++) {
            if (i % GENUINE_EVERY == 0) {
                Map<String, String> text = inboundText(BridgeClient.newPhone(), BRIDGE_NUMBER, "START");
                genuineSids.add(text.get("MessageSid"));
                all.add(send(inFlight, signed(inbound, text, TwilioProperties.SANDBOX_AUTH_TOKEN), r -> {
                    assertThat(r.statusCode()).as("a genuine webhook").isEqualTo(200);
                }, genuineMillis));
            }
            HttpRequest forged = forged(i, inbound, status, forgedPrefix + String.format("%06d", i));
            all.add(send(inFlight, forged, r -> forgedAnswers.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet(), null));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();

        Map<Integer, Integer> answers = forgedAnswers.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
        System.out.println("forged webhooks answered: " + answers);
        assertThat(answers.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(FORGED);
        assertThat(answers.keySet()).as("403, 413 or 400 only: nothing accepted, nothing 5xx").isSubsetOf(400, 403, 413, 415);

        // Nothing forged got in; every genuine text was handled.
        Integer stored = jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message WHERE message_sid LIKE ?", Integer.class, forgedPrefix + "%");
        assertThat(stored).isZero();
        BridgeClient.await(() -> storedCount(genuineSids) == genuineSids.size() ? Optional.of(true) : Optional.empty(),
                Duration.ofSeconds(60), genuineSids.size() + " genuine texts stored");
        long slowest = genuineMillis.stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.println("genuine webhooks during the flood: " + genuineMillis.size() + ", slowest " + slowest + " ms");
        assertThat(slowest).as("genuine webhooks stay answered during the flood").isLessThan(5_000);
    }

    /** The i-th forged or malformed webhook: eight kinds in turn. */
    private HttpRequest forged(int i, String inbound, String status, String sid) {
        Map<String, String> text = inboundText("+14155550100", BRIDGE_NUMBER, "forged " + i);
        text.put("MessageSid", sid);
        text.put("SmsMessageSid", sid);
        text.put("SmsSid", sid);
        return switch (i % 8) {
            case 0 -> form(inbound, TwilioWebhookSender.encode(text), "bm90IGEgc2lnbmF0dXJl"); // wrong signature
            case 1 -> form(inbound, TwilioWebhookSender.encode(text), null);                    // no signature
            case 2 -> signed(inbound, text, "someone-elses-token");                            // another account's token
            case 3 -> form(inbound, "Body=" + "x".repeat(70 * 1024) + "&MessageSid=" + sid, null); // over 64 KB
            case 4 -> form(inbound, "Body=%ZZ%E0%A4&MessageSid=" + sid, null);                   // broken encoding
            case 5 -> { // signed by the right token, but no MessageSid, From or To
                text.remove("MessageSid");
                text.remove("SmsMessageSid");
                text.remove("SmsSid");
                text.remove("From");
                yield signed(inbound, text, TwilioProperties.SANDBOX_AUTH_TOKEN);
            }
            case 6 -> HttpRequest.newBuilder(URI.create(inbound)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"MessageSid\":\"" + sid + "\"}")).build();  // not a form
            default -> form(status, "MessageSid=" + sid + "&MessageStatus=delivered", "Zm9yZ2Vk");           // forged report
        };
    }

    private static HttpRequest form(String url, String body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return request.build();
    }

    private static HttpRequest signed(String url, Map<String, String> fields, String token) {
        String signature = TwilioSignatures.sign(token, url, fields.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .header("I-Twilio-Idempotency-Token", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(TwilioWebhookSender.encode(fields))).build();
    }

    private CompletableFuture<?> send(Semaphore inFlight, HttpRequest request,
                                      Consumer<HttpResponse<Void>> check, List<Long> millis) throws InterruptedException {
        inFlight.acquire();
        long start = System.nanoTime();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((r, e) -> inFlight.release())
                .thenAccept(r -> {
                    if (millis != null) {
                        millis.add((System.nanoTime() - start) / 1_000_000);
                    }
                    check.accept(r);
                });
    }

    private int storedCount(List<String> sids) {
        return sids.stream().mapToInt(sid -> jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message WHERE message_sid = ?",
                Integer.class, sid)).sum();
    }
}
