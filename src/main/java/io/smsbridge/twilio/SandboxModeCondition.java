package io.smsbridge.twilio;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * True when the sandbox (Twilio-, Jira- and SMTP-compatible stand-ins) should run in this process:
 * {@code smsbridge.sandbox.enabled} when set, otherwise whenever Twilio runs in sandbox mode.
 */
public class SandboxModeCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return sandboxRuns(context.getEnvironment());
    }

    public static boolean sandboxRuns(Environment environment) {
        String explicit = environment.getProperty("smsbridge.sandbox.enabled", "").trim();
        if (!explicit.isEmpty()) {
            return Boolean.parseBoolean(explicit);
        }
        return TwilioMode.resolve(environment) == TwilioMode.SANDBOX;
    }
}
