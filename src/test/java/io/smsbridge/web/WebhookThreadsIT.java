package io.smsbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.support.SmsBridgeIntegrationTest;
import jakarta.jms.ConnectionFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumerAware;
import org.junit.jupiter.api.Test;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** How requests reach the routes: on the container's thread, over broker connections that stay open. */
@SmsBridgeIntegrationTest
class WebhookThreadsIT {

    @Autowired
    CamelContext camel;

    @Autowired
    ConnectionFactory connectionFactory;

    @Value("${local.server.port}")
    int port;

    @Test
    void aPlatformHttpRouteRunsOnTheContainersRequestThreadAndAnswersInOnePass() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/test/which-thread").routeId("test-which-thread").setBody(simple("${threadName}"));
            }
        });
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/test/which-thread")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).as("the thread that ran the route").startsWith("http-nio-");
        assertThat(engineConsumer("status-callback-webhook")).isInstanceOf(WebhookThreads.OnRequestThread.class);
        assertThat(engineConsumer("inbound-webhook")).isInstanceOf(WebhookThreads.OnRequestThread.class);
        camel.getRouteController().stopRoute("test-which-thread");
        camel.removeRoute("test-which-thread");
    }

    private PlatformHttpConsumer engineConsumer(String routeId) {
        return ((PlatformHttpConsumerAware) camel.getRoute(routeId).getConsumer()).getPlatformHttpConsumer();
    }

    @Test
    void pooledBrokerConnectionsAreNotClosedForBeingIdle() {
        // the first webhooks after a quiet spell would otherwise wait for new connections and sessions
        assertThat(((JmsPoolConnectionFactory) connectionFactory).getConnectionIdleTimeout()).isZero();
    }
}
