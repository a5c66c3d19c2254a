package io.smsbridge.web;

import io.smsbridge.outbound.OutboundApi;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The JSON endpoints (/api/**, /jira/webhook) answer a form or multipart body with 415 here, before Camel: the
 * servlet stack parses those types itself when platform-http binds the request, and fails with a 500. Every other
 * type reaches the route, which checks the API key and then the JSON ({@link RequestText}); so that a wrong key is
 * 401 whatever the body, the key is checked here first for these two types too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
public class FormBodiesRefused extends OncePerRequestFilter {

    private final OutboundApi api;

    public FormBodiesRefused(OutboundApi api) {
        this.api = api;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        return !"POST".equals(request.getMethod())
                || !(path.startsWith("/api/") || path.equals("/jira/webhook"))
                || !(type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException {
        boolean unauthorized = request.getRequestURI().startsWith("/api/") && !api.isAuthorized(request.getHeader("X-Api-Key"));
        response.setStatus(unauthorized ? 401 : 415);
        response.setContentType("application/json");
        response.getWriter().write(unauthorized ? "{\"error\":\"" + OutboundApi.UNAUTHORIZED + "\"}"
                : "{\"error\":\"send JSON with Content-Type: application/json\"}");
    }
}
