package io.smsbridge.broker.batch;

import jakarta.jms.ConnectionFactory;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code jms-batch:<queue>}: a JMS queue taken in batches, one broker transaction per batch. Camel 4 has no batch JMS
 * consumer (camel-sjms-batch was removed, and an aggregator cannot hold one broker transaction across messages), and
 * one transaction per message made the commits, not the work, the cost of the busiest paths (BENCHMARKS.md, fifteenth
 * round). So this small component of the project's own does it, and the routes keep their {@code from:}.
 * <p>
 * As a consumer ({@link JmsBatchConsumer}) it hands a route one exchange per batch, whose body is the list of the
 * batch's messages as Camel messages (a {@code split} gives each its own exchange, body and headers), and commits the
 * batch's session when that exchange completes, or rolls it back when it fails. As a producer ({@link JmsBatchProducer})
 * it sends in the transaction of the batch being handled, so that what a batch hands on leaves with it; outside a batch
 * it sends as {@code jms:queue:<queue>} would.
 */
@Component("jms-batch")
public class JmsBatchComponent extends DefaultComponent {

    private ConnectionFactory connectionFactory;

    public JmsBatchComponent() {
    }

    public JmsBatchComponent(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    public ConnectionFactory getConnectionFactory() {
        return connectionFactory;
    }

    public void setConnectionFactory(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String queue = remaining.startsWith("queue:") ? remaining.substring("queue:".length()) : remaining;
        if (queue.isBlank()) {
            throw new IllegalArgumentException("jms-batch needs a queue name: jms-batch:<queue>");
        }
        JmsBatchEndpoint endpoint = new JmsBatchEndpoint(uri, this, queue);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
