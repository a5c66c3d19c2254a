package io.smsbridge.broker;

import jakarta.jms.ConnectionFactory;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jms.connection.JmsTransactionManager;

/**
 * Transactions: a transacted JMS route consumes a message and sends its follow-up messages in one broker
 * transaction (camel-jms uses {@code jmsTransactionManager}, see config/application.yml), so a crash between the two
 * neither loses nor duplicates a message. Database writes have their own transactions (the primary manager);
 * they are idempotent, which is what makes replaying a redelivered message safe.
 */
@Configuration(proxyBeanMethods = false)
public class JmsTransactionConfiguration {

    @Bean
    public JmsTransactionManager jmsTransactionManager(ConnectionFactory connectionFactory) {
        return new JmsTransactionManager(connectionFactory);
    }

    @Bean
    @Primary
    public DataSourceTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }
}
