package io.smsbridge.receipts;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code smsbridge.receipts.*} as the Java side reads them: posting a message's state changes to the
 * {@code statusCallbackUrl} its producer named. The rest (consumers, retries, timeout) are the receipts route's own
 * placeholders. Documented in {@code config/application.yml} and docs/producers.md.
 *
 * @param secret            the HMAC-SHA256 key receipts are signed with (SMSBRIDGE_RECEIPT_SECRET)
 * @param allowPrivateHosts whether a statusCallbackUrl may name a loopback or private address (off: no request to
 *                          the bridge's own network on a producer's say-so)
 */
@ConfigurationProperties("smsbridge.receipts")
public record ReceiptProperties(String secret, boolean allowPrivateHosts) {
}
