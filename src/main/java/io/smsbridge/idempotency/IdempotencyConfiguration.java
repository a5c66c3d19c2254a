package io.smsbridge.idempotency;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The idempotent repositories the routes name (idempotentRepository: …). */
@Configuration(proxyBeanMethods = false)
public class IdempotencyConfiguration {

    /** Inbound messages by MessageSid: Twilio delivers webhooks at least once. */
    @Bean
    public ProcessedKeyRepository inboundMessageSids(JdbcTemplate jdbc) {
        return new ProcessedKeyRepository(jdbc, "inbound-message-sid");
    }

    /** Webhook deliveries by I-Twilio-Idempotency-Token (inbound and status callbacks). */
    @Bean
    public ProcessedKeyRepository webhookDeliveries(JdbcTemplate jdbc) {
        return new ProcessedKeyRepository(jdbc, "twilio-delivery-token");
    }
}
