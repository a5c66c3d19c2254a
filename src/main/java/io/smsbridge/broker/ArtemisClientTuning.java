package io.smsbridge.broker;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Lets the Artemis client remember queues and topics it has looked up. By default every
 * {@code session.createQueue(name)} asks the broker whether the queue exists: one blocking round trip for each
 * message a route sends. Applies to the connection factory Spring Boot builds, embedded or native.
 */
class ArtemisClientTuning implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (artemis(bean) instanceof ActiveMQConnectionFactory factory) {
            factory.setCacheDestinations(true);
        }
        return bean;
    }

    private static Object artemis(Object bean) {
        if (bean instanceof JmsPoolConnectionFactory pool) {
            return pool.getConnectionFactory();
        }
        if (bean instanceof CachingConnectionFactory caching) {
            ConnectionFactory target = caching.getTargetConnectionFactory();
            return target;
        }
        return bean;
    }
}
