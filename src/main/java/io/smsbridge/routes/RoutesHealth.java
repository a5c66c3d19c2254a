package io.smsbridge.routes;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code routes}: DOWN while a route that was running is not, naming it. Camel's own health shows the
 * context, not routes a reload took away: with the dev profile an edit that parses but cannot start (a bean that does
 * not exist, say) stops the file's old routes and leaves nothing in their place, and the bridge must not look healthy
 * then. Every route of a route file that has run is expected from then on (a reload keeps routes it did not replace
 * running). DOWN too while no route of a route file has started: a wrong SMSBRIDGE_ROUTES leaves a bridge that answers
 * health checks and does nothing else.
 */
@Component("routes")
public class RoutesHealth extends EventNotifierSupport implements HealthIndicator {

    private final CamelContext camel;
    private final String routeFiles;
    private final Set<String> expected = new ConcurrentSkipListSet<>();

    public RoutesHealth(CamelContext camel, @Value("${camel.main.routes-include-pattern:}") String routeFiles) {
        this.camel = camel;
        this.routeFiles = routeFiles;
        setIgnoreExchangeEvents(true);
        camel.getManagementStrategy().addEventNotifier(this);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteStartedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        // the routes of route files (routes/), not those a Java RouteBuilder adds and removes on purpose
        if (event instanceof CamelEvent.RouteStartedEvent started && started.getRoute().getSourceResource() != null) {
            expected.add(started.getRoute().getRouteId());
        }
    }

    @Override
    public Health health() {
        if (expected.isEmpty()) {   // the bridge is its routes: without any it only looks alive
            return Health.down().withDetail("running", 0)
                    .withDetail("error", "no route was loaded from " + routeFiles + " (SMSBRIDGE_ROUTES): the bridge does nothing")
                    .build();
        }
        List<String> notRunning = expected.stream().filter(id -> !isRunning(id)).toList();
        Health.Builder health = notRunning.isEmpty() ? Health.up() : Health.down().withDetail("notRunning", notRunning);
        return health.withDetail("running", expected.size() - notRunning.size()).build();
    }

    private boolean isRunning(String routeId) {
        Route route = camel.getRoute(routeId);
        return route != null && camel.getRouteController().getRouteStatus(routeId) == ServiceStatus.Started;
    }
}
