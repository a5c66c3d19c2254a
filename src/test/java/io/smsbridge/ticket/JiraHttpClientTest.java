package io.smsbridge.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.support.ScriptedHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.Test;

/** Jira's HTTP client leaves retrying to the routes: a 429 with Retry-After is answered, not waited out and re-sent. */
class JiraHttpClientTest {

    @Test
    void a429IsNotRetriedByTheClient() throws Exception {
        JiraProperties jira = new JiraProperties(null, null, null, null, null, null, null, List.of(), null, null, null, null,
                Duration.ofSeconds(2), Duration.ofSeconds(2), null);
        try (ScriptedHttpServer server = new ScriptedHttpServer(
                new ScriptedHttpServer.Answer(429, "application/json", "{}", Map.of("Retry-After", "1")),
                ScriptedHttpServer.json(201, "{\"key\":\"SUP-1\"}"))) {
            HttpClientBuilder builder = HttpClientBuilder.create();
            new JiraHttpClient(jira).configureHttpClient(builder);
            try (CloseableHttpClient client = builder.build()) {
                HttpPost create = new HttpPost(server.url() + "/rest/api/3/issue");
                create.setEntity(new StringEntity("{}"));
                int status = client.execute(create, response -> response.getCode());
                assertThat(status).isEqualTo(429);
            }
            assertThat(server.received()).as("one POST: the issue is never created behind the route's back").hasSize(1);
        }
    }
}
