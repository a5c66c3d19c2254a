package io.smsbridge.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One limit on every request body the bridge takes (the send API, Jira's and Twilio's webhooks), counted on the stream
 * itself, so a chunked body (no Content-Length) is cut off like a declared one: at most the limit plus one byte is ever
 * read, before anything (a signature check, the API key's route, Camel) reads the body. The body is then handed on
 * from memory. The sandbox (/sandbox/**) is the outside world and keeps its own limits.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class RequestBodyLimit extends OncePerRequestFilter {

    /** The request attribute that holds the body's bytes as they came. */
    public static final String RAW_BODY = RequestBodyLimit.class.getName() + ".body";

    private static final Logger log = LoggerFactory.getLogger(RequestBodyLimit.class);

    /** The one endpoint that takes many messages at once, and so a larger body. */
    static final String BATCH_PATH = "/api/messages/batch";

    private final int maxBytes;
    private final int maxBatchBytes;

    public RequestBodyLimit(@Value("${smsbridge.max-request-body:64KB}") DataSize max,
                            @Value("${smsbridge.max-batch-request-body:1MB}") DataSize maxBatch) {
        this.maxBytes = bytes(max);
        this.maxBatchBytes = bytes(maxBatch);
    }

    private static int bytes(DataSize size) {
        return (int) Math.min(Integer.MAX_VALUE - 1, size.toBytes());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !(method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))
                || request.getRequestURI().startsWith("/sandbox/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int limit = request.getRequestURI().equals(BATCH_PATH) ? maxBatchBytes : maxBytes;
        if (request.getContentLengthLong() > limit) {
            tooLarge(request, response, limit, request.getContentLengthLong() + " bytes declared");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(limit + 1);
        if (body.length > limit) {
            tooLarge(request, response, limit, "more than " + limit + " bytes sent" + (request.getContentLengthLong() < 0 ? " (chunked)" : ""));
            return;
        }
        request.setAttribute(RAW_BODY, body);
        chain.doFilter(request.getRequestURI().startsWith("/console/") ? new CachedForm(request, body) : new CachedBody(request, body), response);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response, int limit, String what) throws IOException {
        log.warn("Refused {} {}: request body too large ({}; the limit is {} bytes, smsbridge.{})", request.getMethod(),
                request.getRequestURI(), what, limit, limit == maxBatchBytes && request.getRequestURI().equals(BATCH_PATH)
                        ? "max-batch-request-body" : "max-request-body");
        response.setStatus(413);
        response.setHeader("Connection", "close"); // the rest of the body is not read
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"request body larger than " + limit / 1024 + " KB\"}");
    }

    /**
     * The console's form posts: their parameters (the CSRF token, a login's name and password) read from the body
     * already taken, as the servlet container would have read them. Only there: elsewhere (the webhooks) a form's fields
     * are read from the bytes where they are needed, and must not become request parameters (Camel headers).
     */
    private static final class CachedForm extends CachedBody {
        private Map<String, String[]> parameters;

        CachedForm(HttpServletRequest request, byte[] body) {
            super(request, body);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            if (parameters == null) {
                Map<String, List<String>> all = new LinkedHashMap<>();
                addPairs(all, getQueryString());
                String type = getContentType() == null ? "" : getContentType().toLowerCase(Locale.ROOT);
                if (type.startsWith("application/x-www-form-urlencoded")) {
                    addPairs(all, new String(body(), StandardCharsets.ISO_8859_1)); // percent-encoded: ASCII
                }
                Map<String, String[]> map = new LinkedHashMap<>();
                all.forEach((k, v) -> map.put(k, v.toArray(String[]::new)));
                parameters = Collections.unmodifiableMap(map);
            }
            return parameters;
        }

        private static void addPairs(Map<String, List<String>> into, String encoded) {
            if (encoded == null || encoded.isEmpty()) {
                return;
            }
            for (String pair : encoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                into.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }

        @Override
        public String getParameter(String name) {
            String[] values = getParameterMap().get(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public String[] getParameterValues(String name) {
            return getParameterMap().get(name);
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(getParameterMap().keySet());
        }
    }

    /** The request with its already-read body available again, to the stream and the reader alike. */
    private static class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        byte[] body() {
            return body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        /** Lenient on purpose: what must be decoded strictly is decoded from the bytes ({@link RequestText}). */
        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
