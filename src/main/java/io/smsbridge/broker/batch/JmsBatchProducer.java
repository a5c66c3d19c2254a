package io.smsbridge.broker.batch;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Sends to the queue in the transaction of the batch the exchange belongs to ({@link JmsBatch}); outside a batch (an
 * HTTP request, a camel-jms route), as {@code jms:queue:<queue>} fire-and-forget does, joining that route's transaction
 * if it has one. One hand-off route then serves both.
 */
public class JmsBatchProducer extends DefaultProducer {

    private final JmsBatchEndpoint endpoint;
    private Producer outsideBatches;

    JmsBatchProducer(JmsBatchEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
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
