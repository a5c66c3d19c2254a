package io.smsbridge.twilio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.env.Environment;

/**
 * Live mode refuses to start with a secret left empty or at a placeholder (change-me, the sandbox's documented
 * values), naming each one by the environment variable that sets it. Only the secrets in use are checked: the
 * database password when the database is not the embedded H2, the broker's when the broker is external, the SMTP
 * password when an SMTP user is set.
 */
public final class LiveSecrets {

    /** Values that are no secret: the compose file's and the sandbox's placeholders. */
    static final Set<String> PLACEHOLDERS = Set.of("change-me", "changeme", "change_me", "password", "secret", "admin",
            "sandbox-api-key", TwilioProperties.SANDBOX_AUTH_TOKEN, "sandbox-jira-webhook-secret", "sandbox-jira-token",
            "sandbox-jira-pat");

    private LiveSecrets() {
    }

    /**
     * Runs before any bean is made (a BeanFactoryPostProcessor in {@link TwilioClientConfiguration}), so that a placeholder
     * secret is named before anything uses it (Flyway would otherwise fail first on a wrong database password).
     */
    public static void check(Environment environment) {
        if (TwilioMode.resolve(environment) != TwilioMode.LIVE) {
            return;
        }
        List<String> problems = new ArrayList<>();
        check(problems, environment, "smsbridge.outbound.api-key", "SMSBRIDGE_API_KEY");
        // Twilio's credentials missing altogether are TwilioClientConfiguration's to report; a placeholder is ours
        boolean apiKey = !environment.getProperty("smsbridge.twilio.api-key", "").isBlank();
        String twilioSecret = apiKey ? "smsbridge.twilio.api-secret" : "smsbridge.twilio.auth-token";
        if (!environment.getProperty(twilioSecret, "").isBlank()) {
            check(problems, environment, twilioSecret, apiKey ? "TWILIO_API_SECRET" : "TWILIO_AUTH_TOKEN");
        }
        if (!environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:")) {
            check(problems, environment, "spring.datasource.password", "SMSBRIDGE_DB_PASSWORD");
        }
        if ("native".equalsIgnoreCase(environment.getProperty("spring.artemis.mode", ""))) {
            check(problems, environment, "spring.artemis.password", "ARTEMIS_PASSWORD");
        }
        if (!environment.getProperty("smsbridge.mail.username", "").isBlank()) {
            check(problems, environment, "smsbridge.mail.password", "SMSBRIDGE_SMTP_PASSWORD");
        }
        String webhookSecret = environment.getProperty("smsbridge.jira.webhook-secret", "");
        if (!webhookSecret.isBlank() && PLACEHOLDERS.contains(webhookSecret.trim().toLowerCase(Locale.ROOT))) {
            problems.add("SMSBRIDGE_JIRA_WEBHOOK_SECRET is a placeholder");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Live mode needs real secrets (from the environment, or files in "
                    + "SMSBRIDGE_SECRETS_DIR named after the variables): " + String.join("; ", problems));
        }
    }

    private static void check(List<String> problems, Environment environment, String property, String variable) {
        String value = environment.getProperty(property, "");
        if (value.isBlank()) {
            problems.add(variable + " is empty");
        } else if (PLACEHOLDERS.contains(value.trim().toLowerCase(Locale.ROOT))) {
            problems.add(variable + " is a placeholder ('" + value.trim() + "')");
        }
    }
}
