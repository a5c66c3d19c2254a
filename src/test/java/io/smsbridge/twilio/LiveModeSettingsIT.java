package io.smsbridge.twilio;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsbridge.SmsBridgeApplication;
import io.smsbridge.support.EmbeddedDefaultsForTests;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Live mode refuses to start without the settings that keep it safe and reachable, naming each one. */
class LiveModeSettingsIT {

    @Test
    void liveCredentialsWithoutAPublicBaseUrlStopStartup() {
        assertThatThrownBy(() -> start("--smsbridge.twilio.account-sid=AC11111111111111111111111111111111",
                "--smsbridge.twilio.auth-token=live-token", "--smsbridge.outbound.api-key=k"))
                .hasStackTraceContaining("SMSBRIDGE_PUBLIC_BASE_URL is not set");
    }

    @Test
    void liveModeWithoutAnApiKeyStopsStartup() {
        assertThatThrownBy(() -> start("--smsbridge.twilio.account-sid=AC11111111111111111111111111111111",
                "--smsbridge.twilio.auth-token=live-token", "--smsbridge.public-base-url=https://sms.example.com"))
                .hasStackTraceContaining("SMSBRIDGE_API_KEY");
    }

    @Test
    void placeholderSecretsStopStartupNamingEach() {
        assertThatThrownBy(() -> start("--smsbridge.twilio.account-sid=AC11111111111111111111111111111111",
                "--smsbridge.twilio.auth-token=live-token", "--smsbridge.public-base-url=https://sms.example.com",
                "--smsbridge.outbound.api-key=change-me", "--spring.artemis.mode=native", "--spring.artemis.password=",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test", "--spring.datasource.password=change-me"))
                .hasStackTraceContaining("Live mode needs real secrets")
                .hasStackTraceContaining("SMSBRIDGE_API_KEY is a placeholder ('change-me')")
                .hasStackTraceContaining("SMSBRIDGE_DB_PASSWORD is a placeholder ('change-me')")
                .hasStackTraceContaining("ARTEMIS_PASSWORD is empty");
    }

    @Test
    void secretsComeFromFilesNamedAfterTheirVariables(@org.junit.jupiter.api.io.TempDir java.nio.file.Path secrets) throws Exception {
        java.nio.file.Files.writeString(secrets.resolve("SMSBRIDGE_API_KEY"), "change-me");
        System.setProperty("SMSBRIDGE_SECRETS_DIR", secrets.toString());
        try {
            // the file's placeholder is found and refused: the value came from the file
            assertThatThrownBy(() -> start("--smsbridge.twilio.account-sid=AC11111111111111111111111111111111",
                    "--smsbridge.twilio.auth-token=live-token", "--smsbridge.public-base-url=https://sms.example.com"))
                    .hasStackTraceContaining("SMSBRIDGE_API_KEY is a placeholder ('change-me')");
        } finally {
            System.clearProperty("SMSBRIDGE_SECRETS_DIR");
        }
    }

    @Test
    void liveModeWithoutCredentialsStopsStartup() {
        assertThatThrownBy(() -> start("--smsbridge.twilio.mode=live", "--smsbridge.public-base-url=https://sms.example.com",
                "--smsbridge.outbound.api-key=k"))
                .hasStackTraceContaining("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN");
    }

    @Test
    void liveTicketsWithoutJiraStopStartup() {
        assertThatThrownBy(() -> startWithTickets(LIVE_TWILIO))
                .hasStackTraceContaining("SMSBRIDGE_JIRA_URL");
    }

    @Test
    void jiraDataCenterWithoutAPersonalAccessTokenStopsStartup() {
        assertThatThrownBy(() -> startWithTickets(LIVE_TWILIO, "--smsbridge.jira.base-url=https://jira.example.com",
                "--smsbridge.jira.flavour=data-center", "--smsbridge.jira.webhook-secret=s"))
                .hasStackTraceContaining("SMSBRIDGE_JIRA_PAT");
    }

    @Test
    void jiraWithoutAWebhookSecretStopsStartup() {
        assertThatThrownBy(() -> startWithTickets(LIVE_TWILIO, "--smsbridge.jira.base-url=https://example.atlassian.net",
                "--smsbridge.jira.email=bot@example.com", "--smsbridge.jira.api-token=t"))
                .hasStackTraceContaining("SMSBRIDGE_JIRA_WEBHOOK_SECRET");
    }

    @Test
    void aLiveConsoleNobodyCanLogInToStopsStartup() {
        assertThatThrownBy(() -> start(concat(LIVE_TWILIO, "--smsbridge.tickets.enabled=false", "--smsbridge.console.enabled=true")))
                .hasStackTraceContaining("The console is on in live mode but nobody can log in");
    }

    @Test
    void aLiveConsoleUserWithAPasswordInClearStopsStartup() {
        assertThatThrownBy(() -> start(concat(LIVE_TWILIO, "--smsbridge.tickets.enabled=false", "--smsbridge.console.enabled=true",
                "--smsbridge.console.users[0].name=alice", "--smsbridge.console.users[0].role=OPERATOR",
                "--smsbridge.console.users[0].password={noop}alice")))
                .hasStackTraceContaining("Console user 'alice': live mode takes no password in clear");
    }

    private static String[] concat(String[] first, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more)).toArray(String[]::new);
    }

    private static final String[] LIVE_TWILIO = {"--smsbridge.twilio.account-sid=AC11111111111111111111111111111111",
            "--smsbridge.twilio.auth-token=live-token", "--smsbridge.public-base-url=https://sms.example.com",
            "--smsbridge.outbound.api-key=k", "--smsbridge.outbound.startup-guard=false"};

    /** Starts live mode with tickets off, so each test meets only the setting it is about. */
    private static void start(String... args) {
        run("smsbridge.tickets.enabled=false", args);
    }

    private static void startWithTickets(String[] live, String... more) {
        run("smsbridge.tickets.enabled=true", concat(live, more));
    }

    private static void run(String tickets, String... args) {
        new SpringApplicationBuilder(SmsBridgeApplication.class)
                .initializers(new EmbeddedDefaultsForTests())
                .properties("server.port=0", "smsbridge.sandbox.enabled=false", tickets)
                .run(args)
                .close();
    }
}
