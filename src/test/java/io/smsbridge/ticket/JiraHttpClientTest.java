package io.smsbridge.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsbridge.support.ScriptedHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.Test;

/**
 * Jira's HTTP client leaves retrying to the routes: a 429 with Retry-After is answered, not waited out and re-sent;
 * every request is timed by operation and answer.
 */
class JiraHttpClientTest {

    @Test
    void a429IsNotRetriedByTheClient() throws Exception {
        JiraProperties jira = new JiraProperties(null, null, null, null, null, null, null, List.of(), null, null, null, null,
                Duration.ofSeconds(2), Duration.ofSeconds(2), null);
        try (ScriptedHttpServer server = new ScriptedHttpServer(
                new ScriptedHttpServer.Answer(429, "application/json", "{}", Map.of("Retry-After", "1")),
                ScriptedHttpServer.json(201, "{\"key\":\"SUP-1\"}"))) {
            HttpClientBuilder builder = HttpClientBuilder.create();
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            new JiraHttpClient(jira, metrics).configureHttpClient(builder);
            try (CloseableHttpClient client = builder.build()) {
                HttpPost create = new HttpPost(server.url() + "/rest/api/3/issue");
                create.setEntity(new StringEntity("{}"));
                int status = client.execute(create, response -> response.getCode());
                assertThat(status).isEqualTo(429);
            }
            assertThat(server.received()).as("one POST: the issue is never created behind the route's back").hasSize(1);
            assertThat(metrics.get("smsbridge.jira.requests").tags("operation", "create-issue", "status", "429", "outcome", "throttled")
                    .timer().count()).isEqualTo(1);
        }
    }

    @Test
    void requestsAreNamedByTheirJiraOperation() {
        assertThat(JiraHttpClient.operation("POST", "/rest/api/3/issue")).isEqualTo("create-issue");
        assertThat(JiraHttpClient.operation("POST", "/rest/api/2/issue/SUP-1/comment")).isEqualTo("add-comment");
        assertThat(JiraHttpClient.operation("POST", "/rest/api/3/search/jql")).isEqualTo("search");
        assertThat(JiraHttpClient.operation("GET", "/rest/api/2/search?jql=x")).isEqualTo("search");
        assertThat(JiraHttpClient.operation("POST", "/rest/api/3/issue/SUP-1/attachments")).isEqualTo("add-attachment");
        assertThat(JiraHttpClient.operation("GET", "/rest/api/3/issue/SUP-1?fields=status")).isEqualTo("read-issue");
        assertThat(JiraHttpClient.outcome("201")).isEqualTo("success");
        assertThat(JiraHttpClient.outcome("503")).isEqualTo("server-error");
        assertThat(JiraHttpClient.outcome("404")).isEqualTo("client-error");
        assertThat(JiraHttpClient.outcome("timeout")).isEqualTo("timeout");
    }
}
