package io.smsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml is valid (Debian's docker-compose; .ci/run installs it, no Docker engine needed) and gives the
 * bridge every setting production needs.
 */
class DockerComposeIT {

    /** What a production bridge cannot start without, or would run wrongly without. */
    private static final List<String> REQUIRED = List.of("SPRING_PROFILES_ACTIVE", "SMSBRIDGE_ARTEMIS_MODE", "ARTEMIS_URL",
            "ARTEMIS_USER", "ARTEMIS_PASSWORD", "SMSBRIDGE_DB_URL", "SMSBRIDGE_DB_USER", "SMSBRIDGE_DB_PASSWORD",
            "SMSBRIDGE_SMTP_HOST", "SMSBRIDGE_SMTP_PORT", "SMSBRIDGE_PUBLIC_BASE_URL", "SMSBRIDGE_API_KEY",
            "SMSBRIDGE_JIRA_FLAVOUR", "SMSBRIDGE_JIRA_URL", "SMSBRIDGE_JIRA_EMAIL", "SMSBRIDGE_JIRA_API_TOKEN", "SMSBRIDGE_JIRA_PAT",
            "SMSBRIDGE_JIRA_WEBHOOK_SECRET",
            "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN");

    @Test
    @SuppressWarnings("unchecked")
    void composeFileValidatesAndWiresTheBridge() throws Exception {
        assumeTrue(onPath("docker-compose"), "docker-compose is not installed (.ci/run installs it)");
        Process config = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String rendered = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(config.exitValue()).as("docker-compose config exit code").isZero();

        Map<String, Object> compose = new Yaml().load(rendered);
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKeys("artemis", "postgres", "mailpit", "sms-bridge");
        Map<String, Object> bridge = (Map<String, Object>) services.get("sms-bridge");
        Map<String, Object> environment = (Map<String, Object>) bridge.get("environment");
        assertThat(environment).containsKeys(REQUIRED.toArray(String[]::new));
        assertThat(environment.get("SMSBRIDGE_ARTEMIS_MODE")).isEqualTo("native");
        assertThat(environment.get("SPRING_PROFILES_ACTIVE")).isEqualTo("postgres");
        for (String service : List.of("artemis", "postgres", "mailpit", "sms-bridge")) {
            assertThat((Map<String, Object>) services.get(service)).as("%s has a health check", service).containsKey("healthcheck");
        }
        assertThat((Map<String, Object>) compose.get("volumes")).containsKeys("artemis-data", "postgres-data");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, command).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
