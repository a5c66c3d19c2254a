package io.smsbridge.outbound;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The one circuit breaker in front of Twilio (Resilience4j), which the {@code circuitBreaker} step of the
 * {@code twilio-message-create} route uses for every create, in batches and one at a time alike (bean {@code twilio}).
 * After {@code failureThreshold} calls in a row fail in a way worth retrying (5xx, 429, timeouts:
 * {@link TwilioErrors#isRetryable}) it opens: for {@code openDuration} every create fails at once without a request
 * ({@link CallNotPermittedException}, retryable like the outage it stands for), and Twilio is left alone. Then one
 * trial call goes through; its success closes the breaker, its failure opens it again. Refusals (4xx) show Twilio is up
 * and count as successes.
 * <p>
 * What operators see: a WARN naming the failure that opened it, {@code smsbridge_twilio_circuit_open} and
 * {@code smsbridge_twilio_circuit_rejected_total}; a message parked behind the open breaker names that failure too
 * ({@link #openedBy}).
 */
@Component("twilioCircuitBreaker")
public class TwilioCircuitBreaker {

    private static final Logger log = LoggerFactory.getLogger(TwilioCircuitBreaker.class);

    /**
     * {@code smsbridge.outbound.circuit-breaker.*}.
     *
     * @param failureThreshold failures in a row that open the breaker
     * @param openDuration     how long it stays open before one trial call
     */
    @ConfigurationProperties("smsbridge.outbound.circuit-breaker")
    public record Settings(Integer failureThreshold, Duration openDuration) {
        public Settings {
            failureThreshold = failureThreshold == null ? 5 : failureThreshold;
            openDuration = openDuration == null ? Duration.ofSeconds(10) : openDuration;
        }
    }

    private final CircuitBreaker breaker;
    private volatile Throwable lastFailure;
    private volatile Throwable openedBy;

    public TwilioCircuitBreaker(Settings settings, TwilioErrors errors, MeterRegistry meters) {
        // "failureThreshold in a row": the last failureThreshold calls, all failed
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.failureThreshold())
                .minimumNumberOfCalls(settings.failureThreshold())
                .failureRateThreshold(100)
                .waitDurationInOpenState(settings.openDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof Exception error && errors.isRetryable(error))
                .build();
        this.breaker = CircuitBreaker.of("twilio", config);
        Counter rejected = Counter.builder("smsbridge.twilio.circuit.rejected")
                .description("Twilio calls not made because the circuit breaker was open").register(meters);
        Gauge.builder("smsbridge.twilio.circuit.open", this, b -> b.isOpen() ? 1 : 0)
                .description("1 while the Twilio circuit breaker is open").register(meters);
        breaker.getEventPublisher()
                .onError(event -> lastFailure = event.getThrowable())
                .onCallNotPermitted(event -> rejected.increment())
                .onStateTransition(event -> {
                    switch (event.getStateTransition().getToState()) {
                        case OPEN -> {
                            openedBy = lastFailure;
                            log.warn("Twilio unavailable (last: {}): circuit breaker open for {}", describe(openedBy), settings.openDuration());
                        }
                        case CLOSED -> log.info("Twilio answers again: circuit breaker closed");
                        default -> { }
                    }
                });
    }

    /** The Resilience4j breaker itself: the routes' {@code circuitBreaker} step refers to it (bean {@code twilio}). */
    public CircuitBreaker breaker() {
        return breaker;
    }

    public boolean isOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /** The failure that opened the breaker last, for the reason of a message parked behind it; null if none. */
    public Throwable openedBy() {
        return openedBy;
    }

    private static String describe(Throwable error) {
        return error == null ? "unknown" : TwilioErrors.describe(error);
    }
}
