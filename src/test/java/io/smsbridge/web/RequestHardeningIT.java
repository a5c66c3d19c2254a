package io.smsbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import io.smsbridge.support.TwilioWebhookSender;
import io.smsbridge.twilio.TwilioProperties;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What hostile or careless clients send to the bridge's HTTP endpoints, and the clear answers they get. */
@SmsBridgeIntegrationTest
class RequestHardeningIT {

    private static final String KEY = OutboundApi.SANDBOX_API_KEY;

    @Autowired
    BridgeClient bridge;
    @Autowired
    OutboundLedger ledger;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, byte[] body, String contentType, String apiKey, boolean chunked) throws Exception {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)) // no length: chunked
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path)).POST(publisher);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String message(String key, String body) {
        return "{\"to\":\"" + BridgeClient.newPhone() + "\",\"body\":\"" + body + "\",\"idempotencyKey\":\"" + key + "\"}";
    }

    @Test
    void aDeclaredCharsetIsHonoured() throws Exception {
        String key = "latin1-" + UUID.randomUUID();
        HttpResponse<String> answer = post("/api/messages", message(key, "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1),
                "application/json; charset=ISO-8859-1", KEY, false);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(ledger.findByKey(key).orElseThrow().body()).isEqualTo("caf\u00e9");
    }

    @Test
    void bytesThatAreNotUtf8Get400WithTheByte() throws Exception {
        byte[] latin1 = message("bad-utf8-" + UUID.randomUUID(), "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> answer = post("/api/messages", latin1, "application/json", KEY, false);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(BridgeClient.json(answer.body()).path("error").asText()).startsWith("the body is not valid UTF-8: malformed input at byte ");
    }

    @Test
    void anUnknownCharsetOrAnotherTypeIs415() throws Exception {
        byte[] body = message("charset-" + UUID.randomUUID(), "hi").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> unknown = post("/api/messages", body, "application/json; charset=x-klingon", KEY, false);
        assertThat(unknown.statusCode()).isEqualTo(415);
        assertThat(BridgeClient.json(unknown.body()).path("error").asText()).isEqualTo("unsupported charset 'x-klingon' (send UTF-8)");

        HttpResponse<String> form = post("/api/messages", body, "application/x-www-form-urlencoded", KEY, false);
        assertThat(form.statusCode()).isEqualTo(415);
    }

    @Test
    void theApiKeyIsCheckedBeforeTheBodyIsRead() throws Exception {
        byte[] latin1 = message("no-key-" + UUID.randomUUID(), "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(post("/api/messages", latin1, "application/json", "wrong", false).statusCode()).isEqualTo(401);
        assertThat(post("/api/messages", latin1, "application/json; charset=x-klingon", null, false).statusCode()).isEqualTo(401);
        assertThat(post("/api/messages", latin1, "text/plain", "wrong", false).statusCode()).isEqualTo(401);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413OnEveryEndpoint() throws Exception {
        byte[] big = "a".repeat(20 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII);
        for (String path : new String[] {"/api/messages", "/jira/webhook", "/twilio/inbound", "/twilio/status"}) {
            String type = path.startsWith("/twilio") ? "application/x-www-form-urlencoded" : "application/json";
            HttpResponse<String> chunked = post(path, big, type, KEY, true);
            assertThat(chunked.statusCode()).as(path + " chunked").isEqualTo(413);
            assertThat(chunked.body()).contains("larger than 64 KB");
            assertThat(post(path, new byte[70_000], type, KEY, false).statusCode()).as(path + " with a length").isEqualTo(413);
        }
        // and a chunked body within the limit goes through
        String key = "chunked-" + UUID.randomUUID();
        assertThat(post("/api/messages", message(key, "small").getBytes(StandardCharsets.UTF_8), "application/json", KEY, true)
                .statusCode()).isEqualTo(202);
    }

    @Test
    void aBlankBodyOrALoneSurrogateIsRefusedWithItsReason() throws Exception {
        HttpResponse<String> blank = post("/api/messages", message("blank-" + UUID.randomUUID(), "   ").getBytes(StandardCharsets.UTF_8),
                "application/json", KEY, false);
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("body is only white space");

        HttpResponse<String> surrogate = post("/api/messages", message("surrogate-" + UUID.randomUUID(), "a\\ud800b").getBytes(StandardCharsets.UTF_8),
                "application/json", KEY, false);
        assertThat(surrogate.statusCode()).isEqualTo(400);
        assertThat(surrogate.body()).contains("lone UTF-16 surrogate");
    }

    @Test
    void aJiraWebhookInAnUndecodableBodyIs400AfterItsSecret() throws Exception {
        byte[] latin1 = "{\"webhookEvent\":\"comment_created\",\"x\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(post("/jira/webhook", latin1, "application/json", null, false).statusCode()).isEqualTo(403);
        HttpResponse<String> answer = post("/jira/webhook?secret=sandbox-jira-webhook-secret", latin1, "application/json", null, false);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).startsWith("the body is not valid UTF-8");
    }

    @Test
    void aStatusCallbackWithAnErrorCodeThatIsNoNumberSaysWhichField() throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
        form.put("MessageStatus", "undelivered");
        form.put("ErrorCode", "abc");
        HttpResponse<String> answer = new TwilioWebhookSender(TwilioProperties.SANDBOX_AUTH_TOKEN)
                .post(bridge.baseUrl() + "/twilio/status", form);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Bad request: ErrorCode must be a number (Twilio error codes are), not 'abc'");
    }

}
