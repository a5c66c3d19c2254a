package io.smsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.security.RequestValidator;
import com.twilio.type.PhoneNumber;
import io.smsbridge.support.EmbeddedDefaultsForTests;
import io.smsbridge.support.WebhookRecorder;
import io.smsbridge.twilio.TwilioHttpClient;
import io.smsbridge.twilio.TwilioProperties;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.smsbridge.ticket.JiraConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.junit.jupiter.api.Test;

/**
 * The sandbox as its own process (what two bridge nodes or a benchmark share): started the way the README says,
 * driven by the SDK, and delivering a signed inbound webhook from a sandbox phone to a receiver.
 */
class StandaloneSandboxIT {

    private static Process sandbox;
    private static String sandboxUrl;
    private static WebhookRecorder bridge;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startSandboxProcess() throws Exception {
        bridge = new WebhookRecorder();
        int port = EmbeddedDefaultsForTests.freePort();
        sandboxUrl = "http://localhost:" + port;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SandboxServerApplication.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/standalone-sandbox.log"));
        builder.environment().put("SANDBOX_PORT", String.valueOf(port));
        builder.environment().put("SMSBRIDGE_SANDBOX_WEBHOOK_BASE_URL", bridge.url());
        builder.environment().put("SMSBRIDGE_SANDBOX_SMTP_PORT", String.valueOf(EmbeddedDefaultsForTests.freePort()));
        sandbox = builder.start();
        awaitUp(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (sandbox != null) {
            sandbox.destroy();
            sandbox.waitFor();
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void servesTheTwilioApiToTheSdk() {
        TwilioRestClient client = new TwilioRestClient.Builder(TwilioProperties.SANDBOX_ACCOUNT_SID, TwilioProperties.SANDBOX_AUTH_TOKEN)
                .accountSid(TwilioProperties.SANDBOX_ACCOUNT_SID)
                .httpClient(new TwilioHttpClient(HttpClientBuilder.create().disableAutomaticRetries(), () -> sandboxUrl + "/sandbox/twilio"))
                .build();

        Message message = Message.creator(new PhoneNumber("+14155550150"), new PhoneNumber("+15005550006"), "standalone").create(client);

        assertThat(Message.fetcher(message.getSid()).fetch(client).getBody()).isEqualTo("standalone");
    }

    @Test
    void aSandboxPhoneDeliversASignedInboundWebhookWithEveryField() throws Exception {
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/phones/+14155550151/send"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("body=Printer+on+floor+3+is+jammed&mediaUrl=https%3A%2F%2Fexample.com%2Fjam.png"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).isEqualTo(200);
        JsonNode result = new ObjectMapper().readTree(sent.body());
        assertThat(result.path("webhookStatus").asInt()).isEqualTo(200);

        List<WebhookRecorder.Received> webhooks = bridge.await(r -> r.url().endsWith("/twilio/inbound"), 1, Duration.ofSeconds(10));
        assertThat(webhooks).hasSize(1);
        WebhookRecorder.Received webhook = webhooks.get(0);
        assertThat(webhook.form())
                .containsEntry("From", "+14155550151")
                .containsEntry("To", "+15005550006")
                .containsEntry("Body", "Printer on floor 3 is jammed")
                .containsEntry("MessageSid", result.path("sid").asText())
                .containsEntry("SmsStatus", "received")
                .containsEntry("NumMedia", "1")
                .containsEntry("MediaContentType0", "image/png")
                .containsEntry("ApiVersion", "2010-04-01")
                .containsEntry("FromCity", "")
                .containsKeys("AccountSid", "SmsSid", "SmsMessageSid", "NumSegments", "ToCountry", "FromCountry");
        assertThat(new RequestValidator(TwilioProperties.SANDBOX_AUTH_TOKEN)
                .validate(webhook.url(), webhook.form(), webhook.headers().get("x-twilio-signature"))).isTrue();

        // Like Twilio, the sandbox hosts the media: readable with the account's credentials, via a redirect to storage.
        String mediaUrl = webhook.form().get("MediaUrl0");
        assertThat(mediaUrl).matches("https://api\\.twilio\\.com/2010-04-01/Accounts/AC0{32}/Messages/MM[0-9a-f]{32}/Media/ME[0-9a-f]{32}");
        URI atSandbox = URI.create(TwilioHttpClient.rewrite(mediaUrl, sandboxUrl + "/sandbox/twilio"));
        assertThat(http.send(HttpRequest.newBuilder(atSandbox).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .as("no credentials").isEqualTo(401);
        HttpResponse<Void> redirect = http.send(HttpRequest.newBuilder(atSandbox).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString((TwilioProperties.SANDBOX_ACCOUNT_SID + ":" + TwilioProperties.SANDBOX_AUTH_TOKEN).getBytes())).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(redirect.statusCode()).isEqualTo(307);
        HttpResponse<byte[]> stored = http.send(HttpRequest.newBuilder(URI.create(redirect.headers().firstValue("Location").orElseThrow())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(stored.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(stored.body()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(webhook.headers()).containsKey("i-twilio-idempotency-token");

        JsonNode phone = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                URI.create(sandboxUrl + "/sandbox/phones/+14155550151/messages")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(phone).hasSize(1);
        assertThat(phone.get(0).path("direction").asText()).isEqualTo("sent");
    }

    @Test
    void multipartUploadsWorkAsInTheEmbeddedSandbox() throws Exception {
        RestClient rest = RestClient.create(sandboxUrl);
        MultiValueMap<String, Object> phoneForm = new LinkedMultiValueMap<>();
        phoneForm.add("body", "Photo attached");
        phoneForm.add("media", new ByteArrayResource("%PDF-1.4 log".getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public String getFilename() {
                return "log.pdf";
            }
        });
        ResponseEntity<String> sent = rest.post().uri("/sandbox/phones/+14155550152/send").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(phoneForm).retrieve().toEntity(String.class);
        assertThat(sent.getStatusCode().value()).isEqualTo(200);

        String basic = "Basic " + Base64.getEncoder().encodeToString((JiraConnection.SANDBOX_EMAIL + ":" + JiraConnection.SANDBOX_API_TOKEN)
                .getBytes(StandardCharsets.UTF_8));
        String key = new ObjectMapper().readTree(rest.post().uri("/sandbox/jira/rest/api/2/issue").header("Authorization", basic)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("fields", Map.of("project", Map.of("key", "SUP"),
                        "issuetype", Map.of("name", "Task"), "summary", "upload check", "description", "text")))
                .retrieve().body(String.class)).path("key").asText();
        MultiValueMap<String, Object> upload = new LinkedMultiValueMap<>();
        upload.add("file", new ByteArrayResource("%PDF-1.4 log".getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public String getFilename() {
                return "log.pdf";
            }
        });
        ResponseEntity<String> attached = rest.post().uri("/sandbox/jira/rest/api/2/issue/" + key + "/attachments")
                .header("Authorization", basic).header("X-Atlassian-Token", "no-check")
                .contentType(MediaType.MULTIPART_FORM_DATA).body(upload).retrieve().toEntity(String.class);
        assertThat(attached.getStatusCode().value()).isEqualTo(200);
        assertThat(attached.getBody()).contains("log.pdf");
    }

    private static void awaitUp(Duration timeout) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!sandbox.isAlive()) {
                throw new IllegalStateException("The sandbox process exited; see target/standalone-sandbox.log");
            }
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/admin/faults")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The sandbox process did not come up; see target/standalone-sandbox.log");
    }
}
