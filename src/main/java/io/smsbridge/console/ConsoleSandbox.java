package io.smsbridge.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.twilio.TwilioApiBaseUrl;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The console's window on the sandbox (the phone simulator, the mail inbox), over the sandbox's own HTTP API as a
 * tester reaches it with curl: the bridge shares no code with the sandbox, which stands for the outside world. Works
 * with the in-process sandbox and with a stand-alone one alike: the sandbox is wherever the bridge's Twilio requests go
 * when that is a sandbox ({@code …/sandbox/twilio}); with the real Twilio there is none.
 */
@Component
public class ConsoleSandbox {

    private static final String TWILIO_PATH = "/sandbox/twilio";
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final TwilioApiBaseUrl twilio;
    private final ObjectMapper json;
    // a webhook the sandbox posts for a text is answered before its send returns: allow for a slow bridge
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConsoleSandbox(TwilioApiBaseUrl twilio, ObjectMapper json) {
        this.twilio = twilio;
        this.json = json;
    }

    /** The sandbox's base URL ({@code …/sandbox}), or null when the bridge talks to Twilio itself. */
    public String base() {
        String base = twilio.get();
        return base != null && base.endsWith(TWILIO_PATH) ? base.substring(0, base.length() - "/twilio".length()) : null;
    }

    public boolean isAvailable() {
        return base() != null;
    }

    /** The phone's thread as the phone shows it: what it sent and received, oldest first. */
    public List<Map<String, Object>> thread(String phone) throws IOException, InterruptedException {
        return json.readValue(get("/phones/" + encode(phone) + "/messages"), LIST);
    }

    /** The phone texts the bridge; the sandbox's answer (its webhook's status among it). */
    public Map<String, Object> send(String phone, String body) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(required() + "/phones/" + encode(phone) + "/send"))
                .timeout(Duration.ofSeconds(35))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("body=" + encode(body))).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Object> result = answer.body().isBlank() ? new java.util.HashMap<>() : json.readValue(answer.body(), OBJECT);
        result.putIfAbsent("status", answer.statusCode());
        return result;
    }

    /** Every mail the sandbox's SMTP server received, oldest first. */
    public List<Map<String, Object>> mail() throws IOException, InterruptedException {
        return json.readValue(get("/mail"), LIST);
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(required() + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("the sandbox answered " + answer.statusCode() + " to GET " + path);
        }
        return answer.body();
    }

    /** The base URL; a console page that needs the sandbox where there is none answers 404. */
    private String required() {
        String base = base();
        if (base == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no sandbox: the bridge talks to Twilio itself");
        }
        return base;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
