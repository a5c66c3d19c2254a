package io.smsbridge.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every 5xx the bridge answers gets a log line naming the request and its cause: the exception that escaped (which
 * Tomcat would otherwise turn into an empty 500), or, when a route chose the status, the route's own log line before
 * it. Outermost filter, so nothing below it can answer 5xx unseen.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ServerErrorLog extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ServerErrorLog.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            log.error("{} {} failed, answered 500: {}", request.getMethod(), request.getRequestURI(), e.toString(), e);
            throw e;
        }
        if (response.getStatus() >= 500 && !request.getRequestURI().startsWith("/actuator/")) { // health's 503 is its answer
            Object cause = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            log.error("{} {} answered {}: {}", request.getMethod(), request.getRequestURI(), response.getStatus(),
                    cause != null ? cause : "the cause is in the route's log line before this one");
        }
    }
}
