package io.smsbridge.outbound;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code smsbridge.outbound.*}: how notifications are checked, paced and sent. Documented in
 * {@code config/application.yml}.
 *
 * @param defaultFrom               sender when a message names none (a number of the Twilio account)
 * @param defaultMessagingServiceSid sender when a message names none and there is no defaultFrom
 * @param senders                   further From numbers producers may name (defaultFrom is always allowed)
 * @param defaultRegion             region for numbers written without +country code (ISO 3166, e.g. US)
 * @param allowedCountries          destinations allowed (the local guard against Twilio error 21408)
 * @param mmsCountries              destinations where MMS exists
 * @param mmsElsewhere              what to do with media for other countries: reject | send-as-sms
 * @param throttle                  per-sender pacing in segments per second
 * @param retry                     retries of Twilio calls that may succeed later (429, 5xx, timeouts, 21611)
 * @param startupGuard              check every configured sender against the account at startup
 * @param apiKey                    X-Api-Key of POST /api/messages (env SMSBRIDGE_API_KEY)
 * @param intakeConsumers           consumers of sms.outbound, each taking a batch at a time
 * @param intakeBatchSize           the most messages of sms.outbound in one batch (one broker and one database transaction)
 * @param sendConsumers             consumers of sms.send, each sending a batch at a time (senders are spread over them)
 * @param sendBatchSize             the most messages of sms.send in one batch (one broker and two database transactions)
 * @param concurrentCreates         Twilio creates of the batches in flight at once, over all consumers
 * @param retryConsumers            consumers of sms.send.retry, each sending one message at a time
 * @param apiBatchMax               the most messages in one POST /api/messages/batch
 * @param apiKeysFile               named API keys, one producer=key per line, read again when it changes (env SMSBRIDGE_API_KEYS_FILE)
 */
@ConfigurationProperties("smsbridge.outbound")
public record OutboundProperties(
        String defaultFrom,
        String defaultMessagingServiceSid,
        List<String> senders,
        String defaultRegion,
        List<String> allowedCountries,
        List<String> mmsCountries,
        MmsElsewhere mmsElsewhere,
        Throttle throttle,
        Retry retry,
        boolean startupGuard,
        String apiKey,
        Integer intakeConsumers,
        Integer intakeBatchSize,
        Integer sendConsumers,
        Integer sendBatchSize,
        Integer concurrentCreates,
        Integer retryConsumers,
        Integer apiBatchMax,
        String apiKeysFile) {

    public enum MmsElsewhere { REJECT, SEND_AS_SMS }

    /** The numbers messages may be sent from: the default sender (when a number is set) and the other senders. */
    public java.util.Set<String> numbers() {
        java.util.Set<String> numbers = new java.util.LinkedHashSet<>();
        if (defaultFrom != null && !defaultFrom.isBlank()) {
            numbers.add(defaultFrom);
        }
        numbers.addAll(senders);
        return numbers;
    }

    public OutboundProperties {
        senders = senders == null ? List.of() : senders;
        defaultRegion = defaultRegion == null || defaultRegion.isBlank() ? "US" : defaultRegion;
        allowedCountries = allowedCountries == null ? List.of("US", "CA") : allowedCountries;
        mmsCountries = mmsCountries == null ? List.of("US", "CA", "AU") : mmsCountries;
        mmsElsewhere = mmsElsewhere == null ? MmsElsewhere.REJECT : mmsElsewhere;
        throttle = throttle == null ? new Throttle(true, null, null, null) : throttle;
        retry = retry == null ? new Retry(null, null, null, null) : retry;
        intakeConsumers = intakeConsumers == null ? 4 : intakeConsumers;
        intakeBatchSize = intakeBatchSize == null ? 64 : intakeBatchSize;
        sendConsumers = sendConsumers == null ? 4 : sendConsumers;
        sendBatchSize = sendBatchSize == null ? 64 : sendBatchSize;
        concurrentCreates = concurrentCreates == null ? 32 : concurrentCreates;
        retryConsumers = retryConsumers == null ? 8 : retryConsumers;
        apiBatchMax = apiBatchMax == null ? 100 : apiBatchMax;
    }

    /**
     * @param enabled   pace sends per sender (off only for benchmarks)
     * @param rates     segments per second by sender type: long-code, toll-free, short-code, messaging-service
     * @param senders   segments per second for individual senders (E.164 number or MG SID), overriding the type
     * @param guard     extra time added to the 1-second window so network jitter cannot squeeze one more send in
     */
    public record Throttle(boolean enabled, Map<String, Double> rates, Map<String, Double> senders, Duration guard) {
        public Throttle {
            rates = rates == null ? Map.of("long-code", 1.0, "toll-free", 3.0, "short-code", 100.0, "messaging-service", 10.0) : rates;
            senders = senders == null ? Map.of() : senders;
            guard = guard == null ? Duration.ofMillis(25) : guard;
        }
    }

    /** Exponential back-off with jitter: delay, delay×multiplier, … up to maxDelay, maxRetries after the first try. */
    public record Retry(Integer maxRetries, Duration initialDelay, Double multiplier, Duration maxDelay) {
        public Retry {
            maxRetries = maxRetries == null ? 5 : maxRetries;
            initialDelay = initialDelay == null ? Duration.ofMillis(500) : initialDelay;
            multiplier = multiplier == null ? 2.0 : multiplier;
            maxDelay = maxDelay == null ? Duration.ofSeconds(30) : maxDelay;
        }
    }
}
