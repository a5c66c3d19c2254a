package io.smsbridge.idempotency;

import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The idempotent repositories the routes name (idempotentRepository: …) and the database transaction around them. */
@Configuration(proxyBeanMethods = false)
public class IdempotencyConfiguration {

    /**
     * {@code transacted: {ref: databaseTransaction}} in a route: its steps share one database transaction, so the
     * keys an idempotent consumer takes commit together with what the route records (one commit instead of one per
     * statement), and a failure leaves neither behind for the broker's redelivery.
     */
    @Bean
    public SpringTransactionPolicy databaseTransaction(PlatformTransactionManager transactionManager) {
        SpringTransactionPolicy policy = new SpringTransactionPolicy(transactionManager);
        policy.setPropagationBehaviorName("PROPAGATION_REQUIRED");
        return policy;
    }

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
