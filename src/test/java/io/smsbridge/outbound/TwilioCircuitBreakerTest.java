package io.smsbridge.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.twilio.exception.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TwilioCircuitBreakerTest {

    private final TwilioErrors errors = new TwilioErrors();
    private final TwilioCircuitBreaker breaker = new TwilioCircuitBreaker(
            new TwilioCircuitBreaker.Settings(2, Duration.ofMinutes(1)), errors, new SimpleMeterRegistry());

    @Test
    void opensAfterFailuresInARowAndItsRefusalNamesWhatTwilioLastAnswered() {
        ApiException unavailable = new ApiException("Service Unavailable", 20503, null, 503, null);
        breaker.permit();
        breaker.failed(unavailable);
        breaker.permit();
        breaker.failed(unavailable);

        TwilioCircuitBreaker.OpenException refused = catchThrowableOfType(TwilioCircuitBreaker.OpenException.class, breaker::permit);

        assertThat(refused).isNotNull();
        assertThat(errors.isRetryable(refused)).isTrue();
        assertThat(TwilioErrors.apiException(refused)).as("the failure that opened it").isSameAs(unavailable);
    }

    @Test
    void refusalsDoNotOpenIt() {
        ApiException refusal = new ApiException("The 'To' number is not a valid phone number.", 21211, null, 400, null);
        for (int i = 0; i < 5; i++) {
            breaker.permit();
            breaker.failed(refusal);
        }
        assertThat(breaker.isOpen()).isFalse();
    }
}
