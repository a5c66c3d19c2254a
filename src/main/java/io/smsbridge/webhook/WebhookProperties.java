package io.smsbridge.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code smsbridge.webhooks.*}, documented in config/application.yml.
 *
 * @param verifySignature check X-Twilio-Signature on /twilio/* (off only for local experiments: anyone could then
 *                        forge messages and delivery reports)
 */
@ConfigurationProperties("smsbridge.webhooks")
public record WebhookProperties(Boolean verifySignature) {
    public WebhookProperties {
        verifySignature = verifySignature == null || verifySignature;
    }
}
