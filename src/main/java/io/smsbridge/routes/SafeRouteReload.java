package io.smsbridge.routes;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's route reloader (profile dev) with one rule added: an edit after which a route of the file does not run is
 * refused, and the routes the file had before run again. Camel 4.17 refuses an edit that does not parse, but one that
 * parses and cannot start (a bean that does not exist, say) leaves the file's routes stopped or gone ("This exception
 * is ignored"); the bridge then quietly lacks a flow. Camel's own "Error reloading routes" line is still logged.
 */
public class SafeRouteReload extends RouteWatcherReloadStrategy {

    private static final Logger log = LoggerFactory.getLogger(SafeRouteReload.class);

    public SafeRouteReload(String directory) {
        super(directory, false);
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        Model model = getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
        Set<URI> edited = resources == null ? Set.of() : resources.stream().map(Resource::getURI).collect(Collectors.toSet());
        List<RouteDefinition> previous = model.getRouteDefinitions().stream()
                .filter(d -> d.getResource() != null && edited.contains(d.getResource().getURI())).toList();
        Set<String> previousIds = previous.stream().map(RouteDefinition::getRouteId).collect(Collectors.toSet());
        RuntimeException failure = null;
        try {
            super.onRouteReload(resources, removeEverything);
        } catch (RuntimeException e) {
            failure = e;
        }
        List<Route> fromEdited = getCamelContext().getRoutes().stream()
                .filter(r -> r.getSourceResource() != null && edited.contains(r.getSourceResource().getURI())).toList();
        Set<String> running = fromEdited.stream().map(Route::getRouteId)
                .filter(id -> getCamelContext().getRouteController().getRouteStatus(id) == ServiceStatus.Started)
                .collect(Collectors.toSet());
        boolean broken = fromEdited.size() > running.size() || (failure != null && !running.containsAll(previousIds));
        if (broken) {
            restore(model, fromEdited, previous);
            log.warn("Refused the edit of {}: {}. Its previous routes {} run again; fix the file and save it again", edited,
                    failure != null ? failure.getMessage() : "not every route started", previousIds);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Takes out what the failed reload left of the file's routes and puts the previous definitions back. */
    private void restore(Model model, List<Route> left, List<RouteDefinition> previous) {
        try {
            for (Route route : left) {
                getCamelContext().getRouteController().stopRoute(route.getRouteId());
                getCamelContext().removeRoute(route.getRouteId());
            }
            Set<String> leftIds = left.stream().map(Route::getRouteId).collect(Collectors.toSet());
            model.removeRouteDefinitions(model.getRouteDefinitions().stream().filter(d -> leftIds.contains(d.getRouteId())).toList());
            model.addRouteDefinitions(previous);
        } catch (Exception e) {
            log.error("Could not put the previous routes {} back: they stay stopped (health DOWN names them)",
                    previous.stream().map(RouteDefinition::getRouteId).toList(), e);
        }
    }
}
