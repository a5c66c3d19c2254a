package io.smsbridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import io.smsbridge.twilio.TwilioMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.smsbridge.twilio.SetterCachingBeanIntrospection;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** One command, no setup: the application comes up on its embedded defaults and says so in its health. */
@SmsBridgeIntegrationTest
class ApplicationStartupIT {

    @LocalServerPort
    int port;
    @Autowired
    TwilioMode twilioMode;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    ServletWebServerApplicationContext web;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthIsUpWithBrokerAndDatabase() throws Exception {
        JsonNode health = get("/actuator/health");

        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("jms").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("details").path("database").asText()).isEqualTo("H2");
    }

    @Test
    void prometheusMetricsAreExposed() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void runsInSandboxModeWithoutCredentials() {
        assertThat(twilioMode).isEqualTo(TwilioMode.SANDBOX);
    }

    @Test
    void flywayMigratedTheEmbeddedDatabase() {
        Integer failed = jdbc.queryForObject("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = FALSE", Integer.class);
        Integer applied = jdbc.queryForObject("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE", Integer.class);
        assertThat(failed).isZero();
        assertThat(applied).isPositive();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM opt_out", Integer.class)).isNotNull();
    }

    @Test
    void routesAreLoadedFromTheRoutesFolder() {
        assertThat(camel.getRoutes()).isNotEmpty();
    }

    @Test
    void openConnectionsAreBoundedAndIdleOnesClosed() {
        // each open connection holds 16 KB of heap: Tomcat's defaults (8,192, idle for 60 s) let a callback burst take 134 MB
        Connector connector = ((TomcatWebServer) web.getWebServer()).getTomcat().getConnector();
        assertThat(connector.getProperty("maxConnections")).isEqualTo(2048);
        assertThat(connector.getProperty("keepAliveTimeout")).isEqualTo(15_000);
    }

    @Test
    void camelTwilioSettersAreLookedUpOnce() {
        assertThat(PluginHelper.getBeanIntrospection(camel)).isInstanceOf(SetterCachingBeanIntrospection.class);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }
}
