package io.smsbridge.broker.batch;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes what waits on a queue in batches and hands each batch to the route as one exchange, in one broker transaction.
 * <p>
 * Each of {@code consumers} loops keeps a connection and a transacted session of its own, receives what is waiting, up
 * to {@code size} messages (it waits {@code receiveTimeout} for the first; a {@code batchLimit} may end a batch sooner),
 * and hands them to the route: the exchange's body is the list of the messages as Camel messages (body: text or bytes;
 * headers: the JMS properties, JMSMessageID, JMSXGroupID, JMSXDeliveryCount). When the exchange completes, the session
 * is committed; when it fails, rolled back, and the batch's messages, delivered again, are then handed over one at a
 * time: one message that cannot be handled must not hold back the rest of its batch. After a broker failure a loop
 * connects again, with a pause that grows to 10 s.
 */
public class JmsBatchConsumer extends DefaultConsumer {

    private static final Logger log = LoggerFactory.getLogger(JmsBatchConsumer.class);

    private final JmsBatchEndpoint endpoint;
    private ExecutorService loops;
    private volatile boolean running;
    private CountDownLatch stopped;

    JmsBatchConsumer(JmsBatchEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (endpoint.getComponent().getConnectionFactory() == null) {
            throw new IllegalStateException("jms-batch has no connection factory");
        }
        running = true;
        int consumers = endpoint.getConsumers();
        stopped = new CountDownLatch(consumers);
        loops = endpoint.getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "JmsBatch[" + endpoint.getQueue() + "]", consumers);
        for (int i = 0; i < consumers; i++) {
            loops.execute(this::consume);
        }
        log.info("{} consumer(s) take what waits on {} in batches of up to {}", consumers, endpoint.getQueue(), endpoint.getSize());
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (stopped != null && !stopped.await(10, TimeUnit.SECONDS)) {
            log.warn("Consumers of {} still busy after 10 s; their batches will be delivered again", endpoint.getQueue());
        }
        if (loops != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(loops);
            loops = null;
        }
        super.doStop();
    }

    /** One loop: a connection of its own, kept; after a broker failure, a new one. */
    private void consume() {
        try {
            Duration pause = Duration.ofMillis(500);
            while (running) {
                try (Connection connection = endpoint.getComponent().getConnectionFactory().createConnection()) {
                    Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                    MessageConsumer consumer = session.createConsumer(session.createQueue(endpoint.getQueue()));
                    JmsBatch batch = new JmsBatch(connection, session);
                    connection.start();
                    pause = Duration.ofMillis(500);
                    int oneAtATime = 0; // after a failed batch, its messages come again one by one
                    while (running) {
                        List<org.apache.camel.Message> messages = receive(consumer, oneAtATime > 0 ? 1 : endpoint.getSize());
                        if (messages.isEmpty()) {
                            continue;
                        }
                        Exception failure = handle(batch, messages);
                        if (failure == null) {
                            session.commit();
                            oneAtATime = Math.max(0, oneAtATime - 1);
                        } else {
                            log.warn("A batch of {} message(s) of {} failed and will be delivered again{}: {}", messages.size(),
                                    endpoint.getQueue(), messages.size() > 1 ? ", one at a time" : "", failure.toString());
                            oneAtATime = Math.max(oneAtATime - 1, messages.size() > 1 ? messages.size() : 0);
                            session.rollback();
                        }
                    }
                } catch (JMSException | RuntimeException e) {
                    if (running) {
                        log.warn("Consumer of {}: {}; connecting again in {} ms", endpoint.getQueue(), e.toString(), pause.toMillis());
                        sleep(pause);
                        pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : pause.multipliedBy(2);
                    }
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Hands the batch to the route as one exchange; returns what made it fail, or null. */
    private Exception handle(JmsBatch batch, List<org.apache.camel.Message> messages) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(messages);
            exchange.setProperty(JmsBatch.PROPERTY, batch);
            batch.bindToThread();
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            } finally {
                batch.unbindFromThread();
            }
            if (exchange.getException() != null) {
                return exchange.getException();
            }
            return exchange.isRollbackOnly() ? new IllegalStateException("the route rolled the batch back") : null;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** What is waiting, up to {@code most} messages; waits up to receiveTimeout for the first. */
    private List<org.apache.camel.Message> receive(MessageConsumer consumer, int most) throws JMSException {
        List<org.apache.camel.Message> batch = new ArrayList<>();
        Message next = consumer.receive(endpoint.getReceiveTimeout());
        while (next != null) {
            batch.add(toCamel(next));
            next = batch.size() < most && (endpoint.getBatchLimit() == null || endpoint.getBatchLimit().takesMore(batch))
                    ? consumer.receiveNoWait() : null;
        }
        return batch;
    }

    private org.apache.camel.Message toCamel(Message jms) throws JMSException {
        DefaultMessage message = new DefaultMessage(endpoint.getCamelContext());
        JmsBatch.copy(jms, message);
        message.setMessageId(jms.getJMSMessageID());
        return message;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
