package io.smsbridge.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * The annotated component exists only where the sandbox runs: {@code smsbridge.sandbox.enabled=true}. The bridge sets
 * that default in its sandbox mode; the stand-alone sandbox server's profile sets
 * it. The sandbox itself knows nothing of the bridge's modes.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ConditionalOnProperty(name = "smsbridge.sandbox.enabled", havingValue = "true")
public @interface ConditionalOnSandbox {
}
