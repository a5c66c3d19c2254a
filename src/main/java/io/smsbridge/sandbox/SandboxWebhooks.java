package io.smsbridge.sandbox;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Delivers webhooks the way Twilio does: a form POST signed with X-Twilio-Signature over the exact URL called,
 * carrying an {@code I-Twilio-Idempotency-Token} that identifies the delivery.
 */
@Component
@ConditionalOnSandbox
public class SandboxWebhooks {

    private final SandboxAccount account;
    private final SandboxProperties properties;
    private final Environment environment;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public SandboxWebhooks(SandboxAccount account, SandboxProperties properties, Environment environment) {
        this.account = account;
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * Where the bridge receives the sandbox's webhooks: smsbridge.sandbox.webhook-base-url, else the URL the bridge is
     * configured with for Twilio (smsbridge.public-base-url), else this process's own web server (the embedded sandbox).
     */
    public String bridgeUrl(String path) {
        String configured = properties.webhookBaseUrl();
        if (configured == null || configured.isBlank()) {
            configured = SandboxAccount.setting(environment, "smsbridge.public-base-url",
                    "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080")));
        }
        return configured.replaceAll("/+$", "") + path;
    }

    /** A JSON webhook (as Jira sends them) with the given extra headers. */
    public CompletableFuture<HttpResponse<String>> postJson(String url, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public CompletableFuture<HttpResponse<String>> post(String url, Map<String, List<String>> form, String idempotencyToken) {
        String body = form.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "TwilioProxy/1.1")
                .header("X-Twilio-Signature", TwilioSignatures.sign(account.authToken(), url, form))
                .header("I-Twilio-Idempotency-Token", idempotencyToken)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
