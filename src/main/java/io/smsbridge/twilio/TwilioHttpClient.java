package io.smsbridge.twilio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The HTTP client under the Twilio SDK, with these corrections:
 * <ul>
 *   <li>No retries. The SDK retries any 5xx and Apache HttpClient retries 429/503 by itself; Messages POST is not
 *   idempotent, so either can send one SMS twice. The routes decide about retries (with idempotency keys).</li>
 *   <li>An optional base URL: {@code https://api.twilio.com/2010-04-01/...} becomes
 *   {@code <base>/2010-04-01/...} and {@code https://<domain>.twilio.com/...} becomes {@code <base>/<domain>/...}.
 *   The SDK's base URL is fixed and it follows {@code next_page_uri} on api.twilio.com, so the rewrite happens on
 *   every request, paging included.</li>
 *   <li>{@code SendAt} with its offset: the SDK formats it {@code yyyy-MM-dd'T'HH:mm:ss}, without one, where Twilio's
 *   API asks for RFC 3339. The bridge always schedules in UTC, so a bare time gets {@code Z}.</li>
 *   <li>Error answers that are not Twilio's (a proxy's HTML 502, an empty 500, some other JSON) would reach the SDK's
 *   exceptions as "null": they are turned into a Twilio-shaped error whose message names the HTTP status and starts
 *   the body, with the status unchanged (so a 5xx stays retryable).</li>
 * </ul>
 */
public class TwilioHttpClient extends NetworkHttpClient {

    private static final Pattern TWILIO_URL = Pattern.compile("^https://([a-z0-9-]+)(\\.[a-z0-9-]+)*\\.twilio\\.com(/.*)?$");

    private static final Pattern BARE_TIME = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<String> baseUrl;

    /**
     * @param builder an Apache HttpClient builder with timeouts set and automatic retries disabled
     * @param baseUrl where Twilio requests go instead; a supplier returning null or blank means Twilio itself
     */
    public TwilioHttpClient(HttpClientBuilder builder, Supplier<String> baseUrl) {
        super(builder);
        this.baseUrl = baseUrl;
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        String base = baseUrl.get();
        String url = request.constructURL().toString();
        boolean rewritten = base != null && !base.isBlank();
        Request sent = rewritten || hasBareSendAt(request) ? copy(request, rewritten ? rewrite(url, base) : url) : request;
        return explained(super.makeRequest(sent), url);
    }

    /** The answer, or for an error that is not Twilio's JSON, a Twilio-shaped one that says what came back. */
    static Response explained(Response response, String url) {
        int status = response.getStatusCode();
        if (status < 400) {
            return response;
        }
        String content = response.getContent();
        try {
            JsonNode error = content == null || content.isBlank() ? null : JSON.readTree(content);
            if (error != null && error.isObject() && error.path("message").isTextual()) {
                return new Response(content, status, response.getHeaders()); // Twilio's own error (its stream is read)
            }
        } catch (JsonProcessingException notJson) {
            // an HTML page or plain text: explained below
        }
        ObjectNode explained = JSON.createObjectNode();
        explained.putNull("code");
        explained.put("message", "HTTP " + status + " from " + hostOf(url) + ", not a Twilio error: " + excerpt(content));
        explained.putNull("more_info");
        explained.put("status", status);
        return new Response(explained.toString(), status, response.getHeaders());
    }

    private static String excerpt(String content) {
        if (content == null || content.isBlank()) {
            return "(empty body)";
        }
        String text = content.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
        return text.length() <= 120 ? "'" + text + "'" : "'" + text.substring(0, 117) + "...'";
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "Twilio";
        }
    }

    /** The Twilio URL rewritten onto {@code base}; other URLs are returned unchanged. */
    public static String rewrite(String url, String base) {
        Matcher m = TWILIO_URL.matcher(url);
        if (!m.matches()) {
            return url;
        }
        String domain = m.group(1);
        String path = m.group(3) == null ? "" : m.group(3);
        String trimmedBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return domain.equals("api") ? trimmedBase + path : trimmedBase + "/" + domain + path;
    }

    private static boolean hasBareSendAt(Request request) {
        return request.getPostParams().getOrDefault("SendAt", List.of()).stream().anyMatch(v -> BARE_TIME.matcher(v).matches());
    }

    private static Request copy(Request original, String url) {
        // constructURL() already carries the query string, so the copy needs no query params of its own.
        Request copy = new Request(original.getMethod(), url);
        original.getPostParams().forEach((name, values) -> values.forEach(v -> copy.addPostParam(name,
                name.equals("SendAt") && BARE_TIME.matcher(v).matches() ? v + "Z" : v)));
        original.getHeaderParams().forEach((name, values) -> values.forEach(v -> copy.addHeaderParam(name, v)));
        if (original.getAuthStrategy() != null) {
            copy.setAuth(original.getAuthStrategy());
        } else if (original.getUsername() != null) {
            copy.setAuth(original.getUsername(), original.getPassword());
        }
        copy.setContentType(original.getContentType());
        copy.setBody(original.getBody());
        copy.setUserAgentExtensions(original.getUserAgentExtensions());
        if (original.getFormParameters() != null) {
            copy.setFormParameters(original.getFormParameters());
        }
        return copy;
    }
}
