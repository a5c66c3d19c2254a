package io.smsbridge.broker;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.util.unit.DataSize;

/**
 * Tunes the Artemis client of the connection factory Spring Boot builds, embedded or native:
 * <ul>
 * <li>it remembers queues and topics it has looked up. By default every {@code session.createQueue(name)} asks the
 * broker whether the queue exists: one blocking round trip for each message a route sends;</li>
 * <li>each consumer holds at most {@code smsbridge.broker.consumer-window-size} of messages it has not yet taken
 * (Artemis' default is 1 MB, ~1,000 notifications, for each of the ~30 consumers). With a backlog they all fill up,
 * and the embedded broker keeps a second copy of each in the same heap: under the outbound benchmark's 20,000
 * messages 13,000 sat in consumer buffers (BENCHMARKS.md, "Twenty-fourth round"). A batch takes 64 at most.</li>
 * </ul>
 */
class ArtemisClientTuning implements BeanPostProcessor {

    static final DataSize DEFAULT_CONSUMER_WINDOW = DataSize.ofKilobytes(256);

    private final DataSize consumerWindow;

    ArtemisClientTuning(DataSize consumerWindow) {
        this.consumerWindow = consumerWindow;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (artemis(bean) instanceof ActiveMQConnectionFactory factory) {
            factory.setCacheDestinations(true);
            factory.setConsumerWindowSize(Math.toIntExact(consumerWindow.toBytes()));
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
