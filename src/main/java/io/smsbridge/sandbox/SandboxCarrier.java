package io.smsbridge.sandbox;

import jakarta.annotation.PreDestroy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The simulated carrier: moves an accepted outbound message to {@code sent} and then to {@code delivered}, or to
 * the failure configured for its recipient, and POSTs a signed status callback for each transition (none for the
 * initial status, as Twilio). Callbacks of one message are sent in order, one after the other.
 */
@Component
@ConditionalOnSandbox
public class SandboxCarrier {

    private static final Logger log = LoggerFactory.getLogger(SandboxCarrier.class);
    private static final BigDecimal PRICE_PER_SEGMENT = new BigDecimal("-0.00790");
    private static final DateTimeFormatter RAW_DLR_DONE_DATE = DateTimeFormatter.ofPattern("yyMMddHHmm").withZone(ZoneOffset.UTC);

    private final SandboxProperties properties;
    private final SandboxWebhooks webhooks;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-carrier");
        t.setDaemon(true);
        return t;
    });

    public SandboxCarrier(SandboxProperties properties, SandboxWebhooks webhooks) {
        this.properties = properties;
        this.webhooks = webhooks;
    }

    /** Starts the message's journey, at {@code sendAt} for a scheduled message, else now. */
    public void accept(SandboxMessage message, Instant sendAt) {
        long startDelay = sendAt == null ? 0 : Math.max(0, Duration.between(Instant.now(), sendAt).toMillis());
        after(startDelay).thenCompose(v -> {
            SandboxProperties.FailingRecipient failure = failureFor(message.snapshot().to());
            if (failure != null && failure.status().equals("failed")) {
                return transition(message, "failed", failure.errorCode());
            }
            return transition(message, "sent", null)
                    .thenCompose(x -> after(properties.callbackDelay().toMillis()))
                    .thenCompose(x -> failure == null
                            ? transition(message, "delivered", null)
                            : transition(message, failure.status(), failure.errorCode()));
        }).exceptionally(e -> {
            log.warn("Sandbox carrier could not finish message {}: {}", message.sid(), e.toString());
            return null;
        });
    }

    private SandboxProperties.FailingRecipient failureFor(String to) {
        return properties.failingRecipients().stream().filter(f -> f.number().equals(to)).findFirst().orElse(null);
    }

    private CompletableFuture<Void> transition(SandboxMessage message, String status, Integer errorCode) {
        Instant now = Instant.now();
        message.moveTo(status, errorCode, errorCode == null ? null : SandboxErrors.carrierErrorMessage(errorCode), now);
        if (!status.equals("failed")) {
            message.charge(PRICE_PER_SEGMENT.multiply(BigDecimal.valueOf(message.snapshot().numSegments())));
        }
        SandboxMessage.Snapshot m = message.snapshot();
        if (m.statusCallback() == null || m.statusCallback().isBlank() || !properties.statusCallbacks()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("AccountSid", List.of(m.accountSid()));
        form.put("ApiVersion", List.of("2010-04-01"));
        form.put("From", List.of(m.from() == null ? "" : m.from()));
        form.put("To", List.of(m.to()));
        form.put("MessageSid", List.of(m.sid()));
        form.put("SmsSid", List.of(m.sid()));
        form.put("MessageStatus", List.of(status));
        form.put("SmsStatus", List.of(status));
        if (m.messagingServiceSid() != null) {
            form.put("MessagingServiceSid", List.of(m.messagingServiceSid()));
        }
        if (errorCode != null) {
            form.put("ErrorCode", List.of(String.valueOf(errorCode)));
        }
        if (status.equals("delivered") || status.equals("undelivered")) {
            form.put("RawDlrDoneDate", List.of(RAW_DLR_DONE_DATE.format(now)));
        }
        return webhooks.post(m.statusCallback(), form, UUID.randomUUID().toString())
                .handle((response, error) -> {
                    if (error != null) {
                        log.warn("Status callback {} for {} to {} failed: {}", status, m.sid(), m.statusCallback(), error.toString());
                    } else if (response.statusCode() >= 300) {
                        log.warn("Status callback {} for {} answered {}", status, m.sid(), response.statusCode());
                    }
                    return null;
                });
    }

    private CompletableFuture<Void> after(long millis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.schedule(() -> done.complete(null), millis, TimeUnit.MILLISECONDS);
        return done;
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
