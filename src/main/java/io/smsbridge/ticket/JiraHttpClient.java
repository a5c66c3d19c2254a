package io.smsbridge.ticket;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Locale;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * The HTTP client of the jira-call route (camel-http's httpClientConfigurer): explicit timeouts, and no retries of
 * its own. Apache HttpClient would otherwise wait out a 429/503's Retry-After inside the consumer thread and send the
 * request again by itself — issue creation included, which is not idempotent. Retrying is the route's decision
 * (inbound-errors: the broker's back-off, or the Retry-After as the text's delivery delay).
 * <p>
 * Each request is timed into {@code smsbridge.jira.requests} by operation and answer (status code, or timeout /
 * io-error when none came), the figure behind the Jira alerts: camel-http's own metrics know the route, not Jira's answer.
 */
@Component("jiraHttpClient")
public class JiraHttpClient implements HttpClientConfigurer {

    private final JiraProperties jira;
    private final MeterRegistry metrics;

    public JiraHttpClient(JiraProperties jira, MeterRegistry metrics) {
        this.jira = jira;
        this.metrics = metrics;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        Timeout connect = Timeout.of(jira.connectTimeout());
        Timeout read = Timeout.of(jira.readTimeout());
        builder.addExecInterceptorFirst("smsbridge-metrics", this::timed);
        builder.disableAutomaticRetries()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(read).build())
                        .setMaxConnTotal(50)
                        .setMaxConnPerRoute(50)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(connect).setResponseTimeout(read).build());
    }

    private ClassicHttpResponse timed(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain) throws IOException, HttpException {
        long start = System.nanoTime();
        String status = "io-error";
        try {
            ClassicHttpResponse response = chain.proceed(request, scope);
            status = String.valueOf(response.getCode());
            return response;
        } catch (InterruptedIOException timeout) {
            status = "timeout";
            throw timeout;
        } finally {
            Timer.builder("smsbridge.jira.requests")
                    .description("Requests to Jira's REST API by operation and answer: an HTTP status, timeout or io-error")
                    .tags("operation", operation(request.getMethod(), request.getPath()), "status", status, "outcome", outcome(status))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(5))
                    .maximumExpectedValue(Duration.ofMinutes(1))
                    .register(metrics)
                    .record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** The Jira call a request is, from its method and path (few values: a metric label, not the issue key). */
    static String operation(String method, String path) {
        String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
        int query = p.indexOf('?');
        if (query >= 0) {
            p = p.substring(0, query);
        }
        if (p.contains("/search")) {
            return "search";
        }
        if (p.endsWith("/comment")) {
            return "add-comment";
        }
        if (p.endsWith("/attachments")) {
            return "add-attachment";
        }
        if (p.endsWith("/issue") && "POST".equalsIgnoreCase(method)) {
            return "create-issue";
        }
        if (p.contains("/issue/")) {
            return "read-issue";
        }
        return "other";
    }

    /** success (2xx), client-error (4xx but 429), throttled (429), server-error (5xx), or the status when none came. */
    static String outcome(String status) {
        if (status.length() != 3 || !Character.isDigit(status.charAt(0))) {
            return status;
        }
        return switch (status.charAt(0)) {
            case '2' -> "success";
            case '4' -> status.equals("429") ? "throttled" : "client-error";
            case '5' -> "server-error";
            default -> "other";
        };
    }
}
