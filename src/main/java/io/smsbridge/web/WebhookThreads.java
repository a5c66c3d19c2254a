package io.smsbridge.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * platform-http routes run on the servlet container's request thread, start to finish.
 * <p>
 * Camel's Spring Boot engine hands every request to Spring's task executor and answers Spring MVC with a future;
 * MVC then puts the request into asynchronous mode and, when the future completes, dispatches it through the
 * container, the filters and the DispatcherServlet a second time just to close it. Our routes are short (verify,
 * one persistent send or one database read, answer): the hand-off and the second pass were a third of a webhook's
 * CPU (BENCHMARKS.md, twelfth round). Here the route runs inside the first pass and the handler returns no future,
 * which MVC takes as "the response is complete". A route blocks a container thread for its few milliseconds, and
 * the container has {@code server.tomcat.threads.max} of them (200 by default) for that.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookThreads {

    /** Replaces Camel's engine, which is only built when there is no PlatformHttpEngine bean. */
    @Bean(name = "platform-http-engine")
    PlatformHttpEngine platformHttpEngine(Environment environment) {
        return new SpringBootPlatformHttpEngine(environment.getProperty("server.port", Integer.class, 8080)) {
            @Override
            public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
                return new OnRequestThread(endpoint, processor);
            }
        };
    }

    /** Spring MVC calls {@link #service} (found by Camel's handler mapping by that name) for each request. */
    static final class OnRequestThread extends SpringBootPlatformHttpConsumer {

        private static final Logger log = LoggerFactory.getLogger(OnRequestThread.class);

        OnRequestThread(PlatformHttpEndpoint endpoint, Processor processor) {
            super(endpoint, processor, Runnable::run); // the executor goes unused: service() runs the route itself
        }

        @Override
        public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
            try {
                handleService(request, response);
            } catch (Exception e) {
                // as Camel's engine does: the route's own error handling has already answered if it could
                log.warn("Error handling {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e);
                if (!response.isCommitted()) {
                    try {
                        response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                    } catch (IOException ignored) {
                        // the client has gone
                    }
                }
            }
            return null; // no future: the response is complete, Spring MVC starts no asynchronous dispatch
        }
    }
}
