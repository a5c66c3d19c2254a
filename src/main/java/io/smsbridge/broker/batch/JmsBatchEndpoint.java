package io.smsbridge.broker.batch;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/** A queue of {@code jms-batch:} (see {@link JmsBatchComponent}). */
@UriEndpoint(firstVersion = "4.17.0", scheme = "jms-batch", title = "JMS batch", syntax = "jms-batch:queue",
        category = {org.apache.camel.Category.MESSAGING})
public class JmsBatchEndpoint extends DefaultEndpoint {

    @UriPath(description = "The queue")
    private final String queue;
    @UriParam(label = "consumer", defaultValue = "64", description = "The most messages in one batch")
    private int size = 64;
    @UriParam(label = "consumer", defaultValue = "1", description = "Consumers, each with its own connection and session")
    private int consumers = 1;
    @UriParam(label = "consumer", defaultValue = "1000",
            description = "How long a consumer waits for the first message of a batch (ms); then it looks again")
    private long receiveTimeout = 1000;
    @UriParam(label = "consumer", description = "Decides whether a batch not yet full may take one more message")
    private BatchLimit batchLimit;

    @UriParam(label = "producer", defaultValue = "false", description = "The producer takes a message off the queue"
            + " (in the exchange's broker transaction) instead of sending one: the body and headers become the message's")
    private boolean take;
    @UriParam(label = "producer", description = "take: a JMS message selector; only a message it matches is taken")
    private String selector;
    @UriParam(label = "producer", defaultValue = "500", description = "take: how long to wait for a message (ms)")
    private long takeTimeout = 500;

    JmsBatchEndpoint(String uri, JmsBatchComponent component, String queue) {
        super(uri, component);
        this.queue = queue;
    }

    @Override
    public JmsBatchComponent getComponent() {
        return (JmsBatchComponent) super.getComponent();
    }

    public String getQueue() {
        return queue;
    }

    public int getSize() {
        return size;
    }

    public void setSize(int size) {
        this.size = size;
    }

    public int getConsumers() {
        return consumers;
    }

    public void setConsumers(int consumers) {
        this.consumers = consumers;
    }

    public long getReceiveTimeout() {
        return receiveTimeout;
    }

    public void setReceiveTimeout(long receiveTimeout) {
        this.receiveTimeout = receiveTimeout;
    }

    public boolean isTake() {
        return take;
    }

    public void setTake(boolean take) {
        this.take = take;
    }

    public String getSelector() {
        return selector;
    }

    public void setSelector(String selector) {
        this.selector = selector;
    }

    public long getTakeTimeout() {
        return takeTimeout;
    }

    public void setTakeTimeout(long takeTimeout) {
        this.takeTimeout = takeTimeout;
    }

    public BatchLimit getBatchLimit() {
        return batchLimit;
    }

    public void setBatchLimit(BatchLimit batchLimit) {
        this.batchLimit = batchLimit;
    }

    @Override
    public Producer createProducer() {
        return new JmsBatchProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        JmsBatchConsumer consumer = new JmsBatchConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** Ends a batch before it is full: asked, with the batch's messages so far, whether it may take one more. */
    @FunctionalInterface
    public interface BatchLimit {
        boolean takesMore(java.util.List<org.apache.camel.Message> batch);
    }
}
