package io.smsbridge.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Profile dev: route files reloaded when saved, by {@link SafeRouteReload} (in place of Camel's own reloader). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("smsbridge.routes-reload")
public class RouteReloadConfiguration {

    @Bean
    CamelContextConfiguration safeRouteReload(@Value("${smsbridge.routes-dir}") String directory) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                SafeRouteReload reload = new SafeRouteReload(directory);
                reload.setPattern("*.camel.yaml");
                reload.setRemoveAllRoutes(false); // replace the edited file's routes only (Camel's default removes all)
                try {
                    camel.addService(reload);
                } catch (Exception e) {
                    throw new IllegalStateException("route reloading could not be set up", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
            }
        };
    }
}
