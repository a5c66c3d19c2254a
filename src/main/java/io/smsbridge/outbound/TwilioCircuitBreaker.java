package io.smsbridge.outbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Stops calling Twilio while it is down. After {@code failureThreshold} calls in a row fail in a way worth retrying
 * (5xx, 429, timeouts: {@link TwilioErrors#isRetryable}) the breaker opens: for {@code openDuration} every send fails
 * at once without a request, is retried later by the route and then the broker, and Twilio is left alone. Then one
 * trial call goes through; its success closes the breaker, its failure opens it again. Refusals (4xx) show Twilio
 * is up and count as successes.
 * <p>
 * As a Camel {@link Processor} it is the routes' onRedelivery hook: each failed attempt is counted.
 */
@Component("twilioCircuitBreaker")
public class TwilioCircuitBreaker implements Processor {

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

    /**
     * Thrown instead of calling Twilio while the breaker is open; retryable like the outage it stands for. Its cause is
     * the failure that opened the breaker, so that a message parked after it names what Twilio last answered.
     */
    public static final class OpenException extends RuntimeException {
        OpenException(Instant until, Exception openedBy) {
            super("Twilio circuit breaker open until " + until + ": not calling Twilio during its outage", openedBy);
        }
    }

    private final Settings settings;
    private final TwilioErrors errors;
    private final Clock clock = Clock.systemUTC();
    private final Counter rejected;
    private int failuresInARow;
    private Instant openUntil;
    private Exception openedBy;
    private boolean trialInFlight;

    public TwilioCircuitBreaker(Settings settings, TwilioErrors errors, MeterRegistry meters) {
        this.settings = settings;
        this.errors = errors;
        this.rejected = Counter.builder("smsbridge.twilio.circuit.rejected")
                .description("Twilio calls not made because the circuit breaker was open").register(meters);
        Gauge.builder("smsbridge.twilio.circuit.open", this, b -> b.isOpen() ? 1 : 0)
                .description("1 while the Twilio circuit breaker is open").register(meters);
    }

    /** Before a Twilio call: returns when the call may go ahead, throws {@link OpenException} when it may not. */
    public synchronized void permit() {
        if (openUntil == null) {
            return;
        }
        Instant now = clock.instant();
        if (now.isBefore(openUntil) || trialInFlight) {
            rejected.increment();
            throw new OpenException(openUntil, openedBy);
        }
        trialInFlight = true; // half-open: this call is the trial
    }

    /** Twilio answered (a success, or a refusal: either way it is up). */
    public synchronized void succeeded() {
        if (openUntil != null) {
            log.info("Twilio answers again: circuit breaker closed");
        }
        failuresInARow = 0;
        openUntil = null;
        trialInFlight = false;
    }

    /** A Twilio call failed; only failures worth retrying count towards opening. */
    public synchronized void failed(Exception error) {
        if (TwilioErrors.cause(error, OpenException.class) != null || !errors.isRetryable(error)) {
            return;
        }
        failuresInARow++;
        if (trialInFlight || failuresInARow >= settings.failureThreshold()) {
            openUntil = clock.instant().plus(settings.openDuration());
            openedBy = error;
            trialInFlight = false;
            log.warn("Twilio unavailable ({} failures in a row, last: {}): circuit breaker open until {}", failuresInARow,
                    error.getMessage(), openUntil);
        }
    }

    public synchronized boolean isOpen() {
        return openUntil != null && clock.instant().isBefore(openUntil);
    }

    /** onRedelivery hook: the attempt that is about to be repeated failed. */
    @Override
    public void process(Exchange exchange) {
        Exception error = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (error != null) {
            failed(error);
        }
    }
}
