package io.smsbridge.broker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * JMS client settings. Transactions: a transacted JMS route consumes a message and sends its follow-up messages in
 * one local broker transaction (the listener's session, which Spring exposes to the route's producers), so a crash
 * between the two neither loses nor duplicates a message. Database writes have their own transactions; they are
 * idempotent, which is what makes replaying a redelivered message safe.
 */
@Configuration(proxyBeanMethods = false)
public class JmsClientConfiguration {

    @Bean
    static ArtemisClientTuning artemisClientTuning() {
        return new ArtemisClientTuning();
    }

}
