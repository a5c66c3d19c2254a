package io.smsbridge.sandbox;

import io.smsbridge.twilio.SandboxModeCondition;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/** The annotated component exists only where the sandbox runs (sandbox mode, or the stand-alone sandbox server). */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Conditional(SandboxModeCondition.class)
public @interface ConditionalOnSandbox {
}
