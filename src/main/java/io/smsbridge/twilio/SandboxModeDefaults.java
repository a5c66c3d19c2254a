package io.smsbridge.twilio;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * In sandbox mode the stand-ins for Twilio, Jira and SMTP run in this process unless told otherwise: the default of
 * {@code smsbridge.sandbox.enabled} is true then. The sandbox package reads only that property: it is the outside
 * world and knows nothing of the bridge's modes.
 */
public class SandboxModeDefaults implements EnvironmentPostProcessor {

    static final String ENABLED = "smsbridge.sandbox.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty(ENABLED, "").isBlank() && TwilioMode.resolve(environment) == TwilioMode.SANDBOX) {
            environment.getPropertySources().addLast(new MapPropertySource("sandbox-mode-defaults", Map.of(ENABLED, "true")));
        }
    }

    /** Whether the sandbox runs in this process. */
    public static boolean sandboxRuns(Environment environment) {
        return Boolean.parseBoolean(environment.getProperty(ENABLED, "false").trim());
    }
}
