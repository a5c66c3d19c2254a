package io.smsbridge.ticket;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code smsbridge.jira.*}: which Jira the help desk lives in and how the bridge signs in. Documented in
 * config/application.yml.
 *
 * @param flavour             cloud (REST v3, email + API token) or data-center (REST v2, personal access token)
 * @param baseUrl             e.g. https://example.atlassian.net; empty in sandbox mode: this application's sandbox Jira
 * @param email               Jira Cloud: the integration user's email
 * @param apiToken            Jira Cloud: its API token
 * @param personalAccessToken Jira Data Center: the integration user's personal access token
 * @param projectKey          the project tickets are opened in
 * @param issueType           the issue type of new tickets
 * @param labels              labels of new tickets
 * @param phoneField          the custom field (customfield_NNNNN, a single-line text field) that carries the phone
 * @param webhookSecret       the secret of POST /jira/webhook (Jira's X-Hub-Signature, or the token given as the
 *                            {@code secret} query parameter or X-SmsBridge-Webhook-Secret header)
 * @param internalMarker      comments starting with this stay in Jira (as do restricted and JSM-internal ones)
 * @param bridgeAccount       the integration user's accountId (Cloud) or name (Data Center): its comments are never
 *                            sent as SMS (the bridge's own comments are recognised by their marker too)
 * @param connectTimeout      TCP connect timeout to Jira
 * @param readTimeout         how long to wait for Jira's answer (a create that times out is in doubt: looked for first
 *                            on the next attempt)
 * @param maxRetryAfter       the longest wait a 429/503's Retry-After may ask for before a text is tried again
 */
@ConfigurationProperties("smsbridge.jira")
public record JiraProperties(
        String flavour,
        String baseUrl,
        String email,
        String apiToken,
        String personalAccessToken,
        String projectKey,
        String issueType,
        List<String> labels,
        String phoneField,
        String webhookSecret,
        String internalMarker,
        String bridgeAccount,
        Duration connectTimeout,
        Duration readTimeout,
        Duration maxRetryAfter) {

    public JiraProperties {
        flavour = blank(flavour) ? "cloud" : flavour.trim().toLowerCase();
        projectKey = blank(projectKey) ? "SUP" : projectKey.trim();
        issueType = blank(issueType) ? "Task" : issueType.trim();
        labels = labels == null ? List.of() : labels;
        phoneField = blank(phoneField) ? "customfield_10050" : phoneField.trim();
        internalMarker = internalMarker == null ? "#internal" : internalMarker.trim();
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(15) : readTimeout;
        maxRetryAfter = maxRetryAfter == null ? Duration.ofMinutes(5) : maxRetryAfter;
    }

    /** The number of the phone custom field, for JQL's cf[NNNNN]. */
    public String phoneFieldNumber() {
        return phoneField.replaceFirst("^customfield_", "");
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
