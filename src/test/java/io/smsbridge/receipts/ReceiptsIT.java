package io.smsbridge.receipts;

import static io.smsbridge.support.BridgeClient.await;
import static io.smsbridge.support.BridgeClient.json;
import static io.smsbridge.support.BridgeClient.newPhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A producer names a statusCallbackUrl and gets each state of its message there, signed, in order, once each even
 * though its endpoint failed the first posts (it is tried again); a URL on a private network is refused at intake.
 */
@SmsBridgeIntegrationTest
class ReceiptsIT {

    @Autowired
    BridgeClient bridge;

    /** A producer's receiver: answers 503 to the first {@code failures} posts, then 200; records what it was sent. */
    static final class Receiver implements AutoCloseable {
        record Post(String body, String signature) {
        }

        final HttpServer server;
        final List<Post> posts = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();

        Receiver(int failures) throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/receipts", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean fail = attempts.incrementAndGet() <= failures;
                if (!fail) {
                    posts.add(new Post(body, exchange.getRequestHeaders().getFirst(ReceiptSignature.HEADER)));
                }
                exchange.sendResponseHeaders(fail ? 503 : 200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/receipts";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void everyStateOfTheMessageArrivesOnceInOrderSignedAfterTheReceiverFailedTwice() throws Exception {
        try (Receiver receiver = new Receiver(2)) {
            String key = "receipt-" + UUID.randomUUID();
            HttpResponse<String> accepted = bridge.post("/api/messages", "{\"to\":\"" + newPhone() + "\",\"body\":\"with receipts\","
                    + "\"idempotencyKey\":\"" + key + "\",\"statusCallbackUrl\":\"" + receiver.url() + "\"}", OutboundApi.SANDBOX_API_KEY, "application/json");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            await(() -> receiver.posts.size() >= 2 ? Optional.of(true) : Optional.empty(), Duration.ofSeconds(30), "sent and delivered receipts");
            List<String> types = new ArrayList<>();
            for (Receiver.Post post : receiver.posts) {
                assertThat(ReceiptSignature.verify(Receipts.SANDBOX_SECRET, post.signature(), post.body(),
                        System.currentTimeMillis() / 1000, 300)).as("signed: %s", post.signature()).isTrue();
                assertThat(json(post.body()).path("idempotencyKey").asText()).isEqualTo(key);
                types.add(json(post.body()).path("type").asText());
            }
            assertThat(types).containsExactly("sent", "delivered");
            assertThat(receiver.attempts.get()).as("two failed posts, then one for each state").isEqualTo(4);
        }
    }

    @Test
    void aQueuedMessageRejectedAtIntakeIsToldByReceiptToo() throws Exception {
        try (Receiver receiver = new Receiver(0)) {
            String key = "rejected-" + UUID.randomUUID();
            bridge.queue("{\"body\":\"no recipient\",\"idempotencyKey\":\"" + key + "\",\"statusCallbackUrl\":\"" + receiver.url() + "\"}");

            await(() -> receiver.posts.isEmpty() ? Optional.empty() : Optional.of(true), Duration.ofSeconds(30), "the rejected receipt");
            Receiver.Post post = receiver.posts.get(0);
            assertThat(json(post.body()).path("type").asText()).isEqualTo("rejected");
            assertThat(json(post.body()).path("idempotencyKey").asText()).isEqualTo(key);
            assertThat(json(post.body()).path("reason").asText()).contains("to is required");
            assertThat(ReceiptSignature.verify(Receipts.SANDBOX_SECRET, post.signature(), post.body(), System.currentTimeMillis() / 1000, 300)).isTrue();
        }
    }

    @Test
    void aUrlOnAPrivateNetworkIsRefusedAtIntakeWhenNotAllowed() throws Exception {
        // the test context allows loopback (its receivers); the rule itself is ReceiptSignatureTest's
        HttpResponse<String> refused = bridge.post("/api/messages", "{\"to\":\"" + newPhone() + "\",\"body\":\"x\",\"idempotencyKey\":\"r-"
                + UUID.randomUUID() + "\",\"statusCallbackUrl\":\"ftp://example.com/\"}", OutboundApi.SANDBOX_API_KEY, "application/json");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("statusCallbackUrl must be an absolute http or https URL");
    }
}
