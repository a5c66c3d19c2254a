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
    private volatile String resolved;
    private volatile String local;

    public PublicBaseUrl(Environment environment) {
        this.environment = environment;
    }

    public String get() {
        String url = resolved;
        if (url == null) {
            url = lookUp();
            if (isConfigured() || environment.containsProperty("local.server.port")) {
                resolved = url;
            }
        }
        return url;
    }

    private String lookUp() {
        String configured = environment.getProperty("smsbridge.public-base-url", "");
        if (!configured.isBlank()) {
            return stripTrailingSlash(configured.trim());
        }
        return localUrl();
    }

    /** This process's own web server, as seen from this machine (the embedded sandbox lives there). */
    public String localUrl() {
        String url = local;
        if (url == null) {
            String port = environment.getProperty("local.server.port");
            url = "http://localhost:" + (port != null ? port : environment.getProperty("server.port", "8080"));
            if (port != null) {
                local = url; // the port the server bound: final from here on (every sandbox Jira call asks)
            }
        }
        return url;
    }

    /** The public URL of one of our endpoints, e.g. {@code resolve("/twilio/status")}. */
    public String resolve(String path) {
        return get() + path;
    }

    public boolean isConfigured() {
        return !environment.getProperty("smsbridge.public-base-url", "").isBlank();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
