package io.smsbridge.broker;

import io.smsbridge.broker.batch.JmsBatchComponent;
import io.smsbridge.broker.batch.JmsBatchTransaction;
import jakarta.jms.ConnectionFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * JMS client settings. Transactions: a transacted JMS route consumes a message and sends its follow-up messages in
 * one local broker transaction (the listener's session, which Spring exposes to the route's producers), so a crash
 * between the two neither loses nor duplicates a message. Database writes have their own transactions; they are
 * idempotent, which is what makes replaying a redelivered message safe.
 */
@Configuration(proxyBeanMethods = false)
public class JmsClientConfiguration {

    /** {@code jms-batch:}, the routes' batch consumer of a queue (see JmsBatchComponent). */
    @Bean("jms-batch")
    JmsBatchComponent jmsBatchComponent(ConnectionFactory connectionFactory) {
        return new JmsBatchComponent(connectionFactory);
    }

    /** {@code policy: ref: oneBrokerTransaction}: one broker transaction for what the wrapped steps send (JmsBatchTransaction). */
    @Bean
    JmsBatchTransaction oneBrokerTransaction(ConnectionFactory connectionFactory) {
        return new JmsBatchTransaction(connectionFactory);
    }

    /** Read from the environment, not from BrokerProperties: a BeanPostProcessor is made before properties beans. */
    @Bean
    static ArtemisClientTuning artemisClientTuning(Environment environment) {
        DataSize window = Binder.get(environment).bind("smsbridge.broker.consumer-window-size", DataSize.class)
                .orElse(ArtemisClientTuning.DEFAULT_CONSUMER_WINDOW);
        return new ArtemisClientTuning(window);
    }

}
