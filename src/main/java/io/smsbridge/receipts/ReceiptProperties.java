package io.smsbridge.receipts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code smsbridge.receipts.*}: posting a message's state changes to the {@code statusCallbackUrl} its producer named.
 * Documented in {@code config/application.yml} and docs/producers.md.
 *
 * @param secret            the HMAC-SHA256 key receipts are signed with (SMSBRIDGE_RECEIPT_SECRET)
 * @param allowPrivateHosts whether a statusCallbackUrl may name a loopback or private address (off: no request to
 *                          the bridge's own network on a producer's say-so)
 * @param consumers         receipts posted at once (each in order per message)
 * @param maxAttempts       posts of one receipt before it is parked on sms.receipts.dead-letter
 * @param timeout           connect and read timeout of each post
 */
@ConfigurationProperties("smsbridge.receipts")
public record ReceiptProperties(String secret, boolean allowPrivateHosts, Integer consumers, Integer maxAttempts, Duration timeout) {
    public ReceiptProperties {
        consumers = consumers == null ? 4 : consumers;
        maxAttempts = maxAttempts == null ? 8 : maxAttempts;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }
}
