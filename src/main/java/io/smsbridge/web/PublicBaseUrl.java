package io.smsbridge.web;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The URL Twilio uses to reach this bridge: {@code smsbridge.public-base-url}, or, when that is empty (the
 * embedded sandbox), {@code http://localhost:<the port Tomcat actually bound>}.
 * <p>
 * Twilio signs the URL it calls, so signature checks and the StatusCallback we hand to Twilio must both use this
 * value, never what the servlet container sees behind a proxy. Resolved once the local port is known (it is only
 * known after the web server has started), then kept: every webhook and every send asks, and a property lookup
 * walks all of Spring's property sources.
 */
@Component
public class PublicBaseUrl {

    private final Environment environment;
    /** smsbridge.public-base-url without a trailing slash, or null: read once, it does not change at run time. */
    private final String configured;
    private volatile String local;

    public PublicBaseUrl(Environment environment) {
        this.environment = environment;
        String url = environment.getProperty("smsbridge.public-base-url", "").trim();
        this.configured = url.isEmpty() ? null : stripTrailingSlash(url);
    }

    public String get() {
        return configured != null ? configured : localUrl();
    }

    /** This process's own web server, as seen from this machine (the embedded sandbox lives there). */
    public String localUrl() {
        String url = local;
        if (url == null) {
            String port = environment.getProperty("local.server.port");
            url = "http://localhost:" + (port != null ? port : environment.getProperty("server.port", "8080"));
            if (port != null) {
                local = url; // the port the server bound: final from here on
            }
        }
        return url;
    }

    /** The public URL of one of our endpoints, e.g. {@code resolve("/twilio/status")}. */
    public String resolve(String path) {
        return get() + path;
    }

    public boolean isConfigured() {
        return configured != null;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
