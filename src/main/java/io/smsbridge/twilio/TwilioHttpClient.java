package io.smsbridge.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The HTTP client under the Twilio SDK, with two corrections:
 * <ul>
 *   <li>No retries. The SDK retries any 5xx and Apache HttpClient retries 429/503 by itself; Messages POST is not
 *   idempotent, so either can send one SMS twice. The routes decide about retries (with idempotency keys).</li>
 *   <li>An optional base URL: {@code https://api.twilio.com/2010-04-01/...} becomes
 *   {@code <base>/2010-04-01/...} and {@code https://<domain>.twilio.com/...} becomes {@code <base>/<domain>/...}.
 *   The SDK's base URL is fixed and it follows {@code next_page_uri} on api.twilio.com, so the rewrite happens on
 *   every request, paging included.</li>
 * </ul>
 */
public class TwilioHttpClient extends NetworkHttpClient {

    private static final Pattern TWILIO_URL = Pattern.compile("^https://([a-z0-9-]+)(\\.[a-z0-9-]+)*\\.twilio\\.com(/.*)?$");

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
        if (base == null || base.isBlank()) {
            return super.makeRequest(request);
        }
        return super.makeRequest(redirect(request, base));
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

    private static Request redirect(Request original, String base) {
        // constructURL() already carries the query string, so the copy needs no query params of its own.
        Request copy = new Request(original.getMethod(), rewrite(original.constructURL().toString(), base));
        original.getPostParams().forEach((name, values) -> values.forEach(v -> copy.addPostParam(name, v)));
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
