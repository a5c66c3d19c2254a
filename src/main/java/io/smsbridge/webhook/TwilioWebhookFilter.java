package io.smsbridge.webhook;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import io.smsbridge.web.RequestBodyLimit;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The transport checks of Twilio's webhooks (/twilio/*), before Camel: anything but a well-formed form is 400. The
 * body comes already read and bounded ({@link io.smsbridge.web.RequestBodyLimit}) and goes on unchanged, so the route
 * gets the raw form (what the signature covers) and the servlet container never turns form fields into Camel headers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
public class TwilioWebhookFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && request.getRequestURI().startsWith("/twilio/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isForm(request.getContentType())) {
            reject(response, 400, "Expected application/x-www-form-urlencoded");
            return;
        }
        byte[] body = (byte[]) request.getAttribute(RequestBodyLimit.RAW_BODY); // read and bounded once, before
        try {
            FormBody.parse(new String(body, StandardCharsets.ISO_8859_1)); // percent-encoded forms are ASCII
        } catch (FormBody.MalformedFormException e) {
            reject(response, 400, "Malformed form body: " + e.getMessage());
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isForm(String contentType) {
        try {
            return contentType != null && MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void reject(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(message);
    }
}
