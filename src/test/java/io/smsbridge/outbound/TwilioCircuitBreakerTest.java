package io.smsbridge.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.twilio.exception.ApiException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TwilioCircuitBreakerTest {

    private final TwilioErrors errors = new TwilioErrors();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TwilioCircuitBreaker breaker = new TwilioCircuitBreaker(
            new TwilioCircuitBreaker.Settings(2, Duration.ofMinutes(1)), errors, meters);

    @Test
    void opensAfterFailuresInARowAndNamesWhatTwilioLastAnswered() {
        ApiException unavailable = new ApiException("Service Unavailable", 20503, null, 503, null);
        call(unavailable);
        call(unavailable);

        Throwable refused = call(null);

        assertThat(refused).isInstanceOf(CallNotPermittedException.class);
        assertThat(errors.isRetryable((Exception) refused)).as("later, not never").isTrue();
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.openedBy()).as("the failure that opened it").isSameAs(unavailable);
        assertThat(meters.get("smsbridge.twilio.circuit.rejected").counter().count()).isEqualTo(1);
        assertThat(meters.get("smsbridge.twilio.circuit.open").gauge().value()).isEqualTo(1);
    }

    @Test
    void refusalsDoNotOpenIt() {
        ApiException refusal = new ApiException("The 'To' number is not a valid phone number.", 21211, null, 400, null);
        for (int i = 0; i < 5; i++) {
            assertThat(call(refusal)).isSameAs(refusal);
        }
        assertThat(breaker.isOpen()).isFalse();
    }

    @Test
    void aSuccessBetweenFailuresKeepsItClosed() {
        ApiException unavailable = new ApiException("Service Unavailable", 20503, null, 503, null);
        call(unavailable);
        call(null);
        call(unavailable);
        assertThat(breaker.isOpen()).as("not two in a row").isFalse();
    }

    /** One call through the breaker that fails with {@code failure} (or succeeds); what it threw. */
    private Throwable call(RuntimeException failure) {
        return catchThrowable(() -> breaker.breaker().executeRunnable(() -> {
            if (failure != null) {
                throw failure;
            }
        }));
    }
}
