package io.smsbridge.ticket;

import io.smsbridge.twilio.SandboxModeDefaults;
import io.smsbridge.twilio.TwilioMode;
import io.smsbridge.web.PublicBaseUrl;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where Jira is and how the bridge signs in: the configured Jira in production, this application's sandbox Jira
 * (with its documented credentials) in sandbox mode. Startup stops, naming the setting, when tickets are on but
 * Jira is not configured outside the sandbox.
 */
@Component
public class JiraConnection {

    private static final Logger log = LoggerFactory.getLogger(JiraConnection.class);

    /** Path under which this application serves its Jira-compatible sandbox API. */
    public static final String SANDBOX_JIRA_PATH = "/sandbox/jira";
    /** The sandbox Jira's integration user (Cloud: email + API token; Data Center: personal access token). */
    public static final String SANDBOX_EMAIL = "sms-bridge@example.com";
    public static final String SANDBOX_API_TOKEN = "sandbox-jira-token";
    public static final String SANDBOX_PERSONAL_ACCESS_TOKEN = "sandbox-jira-pat";
    public static final String SANDBOX_WEBHOOK_SECRET = "sandbox-jira-webhook-secret";

    private final JiraProperties properties;
    private final JiraFlavour flavour;
    private final PublicBaseUrl publicBaseUrl;
    /** The sandbox Jira in this process (no smsbridge.jira.base-url, sandbox running here). */
    private final boolean sandbox;
    /** Twilio in sandbox mode: a sandbox Jira (here or stand-alone) with the documented credentials is fine. */
    private final boolean sandboxCredentials;

    public JiraConnection(JiraProperties properties, TicketProperties tickets, PublicBaseUrl publicBaseUrl, Environment environment) {
        this.properties = properties;
        this.flavour = JiraFlavour.of(properties.flavour());
        this.publicBaseUrl = publicBaseUrl;
        this.sandbox = JiraProperties.blank(properties.baseUrl()) && SandboxModeDefaults.sandboxRuns(environment);
        this.sandboxCredentials = TwilioMode.resolve(environment) == TwilioMode.SANDBOX;
        if (tickets.enabled() && !sandbox) {
            requireProductionSettings();
        }
        log.info("Help-desk tickets {}: Jira {} ({}, REST v{}), project {}", tickets.enabled() ? "on" : "OFF",
                sandbox ? "sandbox in this application" : properties.baseUrl(), flavour.label(), flavour.restVersion(),
                properties.projectKey());
    }

    private void requireProductionSettings() {
        if (JiraProperties.blank(properties.baseUrl())) {
            throw new IllegalStateException("smsbridge.tickets.enabled is true but SMSBRIDGE_JIRA_URL (smsbridge.jira.base-url) "
                    + "is not set: set it to your Jira, e.g. https://example.atlassian.net (or a stand-alone sandbox's "
                    + "http://localhost:8089/sandbox/jira), or set SMSBRIDGE_TICKETS_ENABLED=false");
        }
        if (sandboxCredentials) {
            return; // Twilio sandbox mode: a sandbox Jira with its documented credentials
        }
        if (flavour == JiraFlavour.CLOUD && (JiraProperties.blank(properties.email()) || JiraProperties.blank(properties.apiToken()))) {
            throw new IllegalStateException("Jira Cloud needs SMSBRIDGE_JIRA_EMAIL and SMSBRIDGE_JIRA_API_TOKEN "
                    + "(smsbridge.jira.email, smsbridge.jira.api-token) of the integration user");
        }
        if (flavour == JiraFlavour.DATA_CENTER && JiraProperties.blank(properties.personalAccessToken())) {
            throw new IllegalStateException("Jira Data Center needs SMSBRIDGE_JIRA_PAT (smsbridge.jira.personal-access-token) "
                    + "of the integration user");
        }
        if (JiraProperties.blank(properties.webhookSecret())) {
            throw new IllegalStateException("SMSBRIDGE_JIRA_WEBHOOK_SECRET (smsbridge.jira.webhook-secret) is not set: "
                    + "without it anyone could post agent replies to /jira/webhook");
        }
    }

    /** e.g. https://example.atlassian.net, or this application's sandbox Jira. */
    public String baseUrl() {
        String base = sandbox ? publicBaseUrl.localUrl() + SANDBOX_JIRA_PATH : properties.baseUrl().trim();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public JiraFlavour flavour() {
        return flavour;
    }

    /** The Authorization header of the integration user. */
    public String authorization() {
        if (flavour == JiraFlavour.DATA_CENTER) {
            return "Bearer " + (sandboxCredentials && JiraProperties.blank(properties.personalAccessToken())
                    ? SANDBOX_PERSONAL_ACCESS_TOKEN : properties.personalAccessToken());
        }
        String email = sandboxCredentials && JiraProperties.blank(properties.email()) ? SANDBOX_EMAIL : properties.email();
        String token = sandboxCredentials && JiraProperties.blank(properties.apiToken()) ? SANDBOX_API_TOKEN : properties.apiToken();
        return "Basic " + Base64.getEncoder().encodeToString((email + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    public String webhookSecret() {
        return sandboxCredentials && JiraProperties.blank(properties.webhookSecret()) ? SANDBOX_WEBHOOK_SECRET : properties.webhookSecret();
    }
}
