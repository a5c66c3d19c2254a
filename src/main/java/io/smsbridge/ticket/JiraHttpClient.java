package io.smsbridge.ticket;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * The HTTP client of the jira-call route (camel-http's httpClientConfigurer): explicit timeouts, and no retries of
 * its own. Apache HttpClient would otherwise wait out a 429/503's Retry-After inside the consumer thread and send the
 * request again by itself — issue creation included, which is not idempotent. Retrying is the route's decision
 * (inbound-errors: the broker's back-off, or the Retry-After as the text's delivery delay).
 */
@Component("jiraHttpClient")
public class JiraHttpClient implements HttpClientConfigurer {

    private final JiraProperties jira;

    public JiraHttpClient(JiraProperties jira) {
        this.jira = jira;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        Timeout connect = Timeout.of(jira.connectTimeout());
        Timeout read = Timeout.of(jira.readTimeout());
        builder.disableAutomaticRetries()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(read).build())
                        .setMaxConnTotal(50)
                        .setMaxConnPerRoute(50)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(connect).setResponseTimeout(read).build());
    }
}
