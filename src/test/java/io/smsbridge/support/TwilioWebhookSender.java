package io.smsbridge.support;

import io.smsbridge.sandbox.TwilioSignatures;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Posts webhooks the way Twilio does (or deliberately not quite), for tests of /twilio/*. */
public final class TwilioWebhookSender {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String token;

    public TwilioWebhookSender(String authToken) {
        this.token = authToken;
    }

    /** The fields of an inbound text, as the sandbox phone would send them. */
    public static Map<String, String> inboundText(String from, String to, String body) {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ToCountry", "US");
        form.put("SmsMessageSid", sid);
        form.put("NumMedia", "0");
        form.put("FromCity", "");
        form.put("SmsSid", sid);
        form.put("SmsStatus", "received");
        form.put("Body", body);
        form.put("To", to);
        form.put("NumSegments", "1");
        form.put("MessageSid", sid);
        form.put("AccountSid", "AC00000000000000000000000000000000");
        form.put("From", from);
        form.put("ApiVersion", "2010-04-01");
        return form;
    }

    /** POSTs {@code form} to {@code url}, signed over {@code signedUrl} with the token. */
    public HttpResponse<String> post(String url, String signedUrl, Map<String, String> form, String idempotencyToken)
            throws IOException, InterruptedException {
        return send(url, encode(form), "application/x-www-form-urlencoded", sign(signedUrl, form), idempotencyToken);
    }

    /** X-Twilio-Signature of {@code form} posted to {@code signedUrl}, as Twilio computes it. */
    public String sign(String signedUrl, Map<String, String> form) {
        return TwilioSignatures.sign(token, signedUrl, form.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
    }

    public HttpResponse<String> post(String url, Map<String, String> form) throws IOException, InterruptedException {
        return post(url, url, form, UUID.randomUUID().toString());
    }

    public HttpResponse<String> send(String url, String body, String contentType, String signature, String idempotencyToken)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        if (idempotencyToken != null) {
            request.header("I-Twilio-Idempotency-Token", idempotencyToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
