package io.smsbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/** Health component routes: DOWN with no route loaded, UP while the route files' routes run, DOWN naming one that stops. */
class RoutesHealthTest {

    final DefaultCamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aBridgeWithoutRoutesIsDownSayingWhereItLooked() {
        RoutesHealth health = new RoutesHealth(camel, "file:no-such-dir/*.camel.yaml");
        camel.start();

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails().get("error")).asString()
                .contains("no route was loaded from file:no-such-dir/*.camel.yaml");
    }

    @Test
    void theRoutesOfARouteFileAreExpectedOnceTheyRan() throws Exception {
        RoutesHealth health = new RoutesHealth(camel, "file:routes/*.camel.yaml");
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("ticks.camel.yaml", """
                - route:
                    id: ticks
                    from:
                      uri: timer:ticks
                      parameters:
                        period: 60000
                      steps:
                        - log: tick
                """));
        camel.start();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("running", 1);

        camel.getRouteController().stopRoute("ticks");

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails().get("notRunning")).asList().containsExactly("ticks");
    }
}
