package io.smsbridge.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smsbridge.broker.BrokerProperties;
import io.smsbridge.idempotency.ProcessedKeyRepository;
import io.smsbridge.ticket.JiraProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * What happens to a text whose handling failed (Jira or the database down, Jira refusing the ticket): it goes back
 * to the broker and is redelivered with back-off, except when retrying cannot help (Jira answered a 4xx such as a
 * wrong project or credentials) or the attempts are used up. Then it is parked on {@code sms.inbound.dead-letter}
 * with the reason, and its replay keys are released so that an operator can move it back once the cause is fixed.
 */
@Component("inboundFailures")
public class InboundFailures {

    private static final Logger log = LoggerFactory.getLogger(InboundFailures.class);
    /** 4xx answers worth retrying: timeouts, conflicts, locks and rate limits pass. */
    private static final Set<Integer> TRANSIENT_4XX = Set.of(408, 409, 423, 429);

    private final BrokerProperties.Redelivery redelivery;
    private final ProcessedKeyRepository messageSids;
    private final ProcessedKeyRepository deliveries;
    private final Duration maxRetryAfter;

    public InboundFailures(BrokerProperties broker,
                           @Qualifier("inboundMessageSids") ProcessedKeyRepository messageSids,
                           @Qualifier("webhookDeliveries") ProcessedKeyRepository deliveries,
                           JiraProperties jira) {
        this.redelivery = broker.redelivery();
        this.messageSids = messageSids;
        this.deliveries = deliveries;
        this.maxRetryAfter = jira.maxRetryAfter();
    }

    /**
     * The text's attempt: the broker's delivery count, plus the attempts it had before it was put back to wait for a
     * Retry-After (a message put back starts counting again at the broker; property SmsBridgeAttempts keeps them).
     */
    public int attempt(Integer deliveryCount, Integer earlierAttempts) {
        return (deliveryCount == null ? 1 : deliveryCount) + (earlierAttempts == null ? 0 : earlierAttempts);
    }

    /**
     * How long Jira asked to be left alone (429 or 503 with Retry-After, in seconds or as an HTTP date), at most
     * smsbridge.jira.max-retry-after, in milliseconds; 0 when it did not ask or when this is the text's last attempt
     * (then it is parked as usual).
     */
    public long retryAfterMillis(Exception failure, Integer attempt) {
        if (redelivery.isLastAttempt(attempt)) {
            return 0;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http && (http.getStatusCode() == 429 || http.getStatusCode() == 503)) {
                String value = http.getResponseHeaders() == null ? null : http.getResponseHeaders().entrySet().stream()
                        .filter(h -> h.getKey().equalsIgnoreCase("Retry-After")).map(Map.Entry::getValue).findFirst().orElse(null);
                Duration wait = retryAfter(value);
                return wait == null ? 0 : Math.max(1, Math.min(wait.toMillis(), maxRetryAfter.toMillis()));
            }
        }
        return 0;
    }

    public boolean asksToWait(Exception failure, Integer attempt) {
        return retryAfterMillis(failure, attempt) > 0;
    }

    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                return Duration.between(Instant.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)).abs();
            } catch (DateTimeParseException neither) {
                return null;
            }
        }
    }

    /** The text goes back to sms.inbound to wait for Jira's Retry-After: its keys are released for the copy. */
    public void putBack(InboundMessage text, long delayMillis, Integer attempt) {
        messageSids.remove(text.messageSid());
        deliveries.remove(text.deliveryKey());
        log.warn("Message {} waits {} ms before attempt {}: Jira asked for it (Retry-After)", text.messageSid(), delayMillis, attempt + 1);
    }

    /** Whether the text is parked now instead of rolled back for another attempt. */
    public boolean park(Exception failure, Integer attempt) {
        return permanent(failure) || redelivery.isLastAttempt(attempt);
    }

    public String reason(Exception failure, Integer attempt) {
        String what = failure instanceof HttpOperationFailedException http
                ? "HTTP " + http.getStatusCode() + " from " + http.getUri().replaceAll("\\?.*$", "") + ": " + abbreviate(http.getResponseBody())
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return (permanent(failure) ? "refused (retrying cannot help): " : "failed " + attempt + " times, last: ") + what;
    }

    /** Forgets that the text was received, so it is handled if moved back to sms.inbound. */
    public void release(InboundMessage text, String reason) {
        messageSids.remove(text.messageSid());
        deliveries.remove(text.deliveryKey());
        log.error("Message {} parked on sms.inbound.dead-letter: {}", text.messageSid(), reason);
    }

    static boolean permanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                int status = http.getStatusCode();
                return status >= 400 && status < 500 && !TRANSIENT_4XX.contains(status);
            }
            if (t instanceof JsonProcessingException) {
                return true; // a message nobody can read does not become readable by waiting
            }
        }
        return false;
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
