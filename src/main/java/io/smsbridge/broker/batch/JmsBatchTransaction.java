package io.smsbridge.broker.batch;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;

/**
 * A route policy ({@code policy: ref: oneBrokerTransaction}) that gives the steps it wraps one broker transaction, as a
 * batch taken from a queue has: what they send with {@code to: jms-batch:<queue>} leaves with one commit when they
 * complete, or not at all when they fail. For a batch that did not come from a queue (an HTTP request of many
 * messages), where each send would otherwise wait for the broker's disk on its own. Inside a batch already, it adds
 * nothing.
 */
public class JmsBatchTransaction implements Policy {

    private final ConnectionFactory connectionFactory;

    public JmsBatchTransaction(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return exchange -> {
            if (JmsBatch.of(exchange) != null) {
                processor.process(exchange);
                return;
            }
            try (Connection connection = connectionFactory.createConnection()) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                JmsBatch batch = new JmsBatch(connection, session);
                exchange.setProperty(JmsBatch.PROPERTY, batch);
                try {
                    processor.process(exchange);
                } finally {
                    exchange.removeProperty(JmsBatch.PROPERTY);
                    finish(exchange, session);
                }
            }
        };
    }

    private static void finish(Exchange exchange, Session session) throws JMSException {
        if (exchange.getException() == null && !exchange.isRollbackOnly()) {
            session.commit();
        } else {
            session.rollback();
        }
    }
}
