package io.smsbridge.console;

import io.smsbridge.twilio.TwilioMode;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the console is served: {@code smsbridge.console.enabled} (SMSBRIDGE_CONSOLE_ENABLED) when set, otherwise on
 * in sandbox mode and off in live mode. A condition, because the console's controllers exist only when it is on.
 */
public class ConsoleEnabled implements Condition {

    public static boolean isEnabled(Environment environment) {
        String enabled = environment.getProperty("smsbridge.console.enabled", "").trim();
        return enabled.isEmpty() ? TwilioMode.resolve(environment) == TwilioMode.SANDBOX : Boolean.parseBoolean(enabled);
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return isEnabled(context.getEnvironment());
    }
}
