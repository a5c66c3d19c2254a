package io.smsbridge.broker.batch;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Sends to the queue in the transaction of the batch the exchange belongs to ({@link JmsBatch}); outside a batch (an
 * HTTP request, a camel-jms route), as {@code jms:queue:<queue>} fire-and-forget does, joining that route's transaction
 * if it has one. One hand-off route then serves both. With {@code take=true} it takes a message off the queue instead,
 * in the batch's transaction (an operator's release of a parked message: taken and put back in one commit).
 */
public class JmsBatchProducer extends DefaultProducer {

    private final JmsBatchEndpoint endpoint;
    private Producer outsideBatches;

    JmsBatchProducer(JmsBatchEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    /** Header: whether a take found a message (then the exchange's body and headers are that message's). */
    public static final String TAKEN = "CamelJmsBatchTaken";
    /** Header: the JMSMessageID of the message taken (as on a batch's messages). */
    public static final String MESSAGE_ID = "JMSMessageID";

    /**
     * {@code take=true}: the first message the selector matches leaves the queue in the exchange's broker transaction
     * ({@code policy: oneBrokerTransaction}), so that what the route then sends with it commits, or rolls back, with
     * the take. Its text (or bytes) becomes the body and its properties the headers, as a batch's messages have them,
     * but the broker's own (_AMQ…); a send drops JMS's (JMSX…, but the group JMSXGroupID).
     */
    private void take(Exchange exchange, JmsBatch batch) throws JMSException {
        if (batch == null) {
            throw new IllegalStateException("jms-batch:" + endpoint.getQueue() + "?take=true needs a broker transaction: "
                    + "wrap it in policy: oneBrokerTransaction (or a jms-batch: consumer's batch)");
        }
        Message taken = batch.take(endpoint.getQueue(), endpoint.getSelector(), endpoint.getTakeTimeout());
        org.apache.camel.Message message = exchange.getMessage();
        message.setHeader(TAKEN, taken != null);
        if (taken == null) {
            message.setBody(null);
            return;
        }
        JmsBatch.copy(taken, message);
        message.removeHeaders("_AMQ*");   // the broker's own: set again, they would mean something to it (duplicate ids)
    }

    /** {@code jms:queue:<queue>}, made on first use: a route that sends only in batches needs no camel-jms set up. */
    private synchronized Producer outsideBatches() throws Exception {
        if (outsideBatches == null) {
            Producer producer = endpoint.getCamelContext().getEndpoint("jms:queue:" + endpoint.getQueue()).createProducer();
            ServiceHelper.startService(producer);
            outsideBatches = producer;
        }
        return outsideBatches;
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(outsideBatches);
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        JmsBatch batch = JmsBatch.of(exchange);
        if (endpoint.isTake()) {
            take(exchange, batch);
            return;
        }
        if (batch != null) {
            batch.send(endpoint.getQueue(), exchange.getMessage());
            return;
        }
        ExchangePattern pattern = exchange.getPattern();
        exchange.setPattern(ExchangePattern.InOnly);
        try {
            outsideBatches().process(exchange);
        } finally {
            exchange.setPattern(pattern);
        }
    }
}
