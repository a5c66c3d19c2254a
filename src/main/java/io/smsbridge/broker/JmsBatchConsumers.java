package io.smsbridge.broker;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Consumers that take what waits on a queue in batches, one broker transaction per batch: where one transaction per
 * message (a Camel JMS route) makes the commits, not the work, the cost of a path.
 * <p>
 * Each of {@code consumers} threads keeps a connection and a transacted session of its own, receives what is waiting,
 * up to {@code batchSize} messages (it waits up to a second for the first; {@link #takesMore} may end a batch sooner),
 * and hands the batch to {@link #handle}, which commits the session. A batch that fails is rolled back, and its
 * messages, delivered again, are then taken one at a time: one message that cannot be handled must not hold back the
 * rest of its batch. After a broker failure a consumer connects again, with a pause that grows to 10 s.
 *
 * @param <D> what a consumer looks up once per connection (its destinations) and hands to every batch
 */
public abstract class JmsBatchConsumers<D> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JmsBatchConsumers.class);

    private final ConnectionFactory connectionFactory;
    private final String queue;
    private final int consumers;
    private final int batchSize;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private CountDownLatch stopped;

    protected JmsBatchConsumers(ConnectionFactory connectionFactory, String queue, int consumers, int batchSize) {
        this.connectionFactory = connectionFactory;
        this.queue = queue;
        this.consumers = consumers;
        this.batchSize = batchSize;
    }

    public int consumers() {
        return consumers;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Once per connection: what every batch of that connection needs (destinations, usually). */
    protected abstract D connected(Connection connection, Session session) throws JMSException;

    /** One batch, received in {@code session}'s transaction: the method commits it, or throws to have it rolled back. */
    protected abstract void handle(List<Message> batch, Session session, MessageProducer producer, D destinations)
            throws Exception;

    /** Whether the batch, not yet full, may take one more message. */
    protected boolean takesMore(List<Message> batch) {
        return true;
    }

    @Override
    public synchronized void start() {
        running = true;
        stopped = new CountDownLatch(consumers);
        for (int i = 1; i <= consumers; i++) {
            Thread consumer = new Thread(this::consume, queue + "-" + i);
            consumer.setDaemon(true);
            threads.add(consumer);
            consumer.start();
        }
        log.info("{} consumers take what waits on {} in batches of up to {}", consumers, queue, batchSize);
    }

    @Override
    public synchronized void stop() {
        running = false;
        try {
            if (!stopped.await(10, TimeUnit.SECONDS)) {
                log.warn("Consumers of {} still busy after 10 s; their batches will be delivered again", queue);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One consumer: a connection of its own, kept; after a broker failure, a new one. */
    private void consume() {
        try {
            Duration pause = Duration.ofMillis(500);
            while (running) {
                try (Connection connection = connectionFactory.createConnection()) {
                    Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                    MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
                    MessageProducer producer = session.createProducer(null);
                    D destinations = connected(connection, session);
                    connection.start();
                    pause = Duration.ofMillis(500);
                    int oneAtATime = 0; // after a failed batch, its messages come again one by one
                    while (running) {
                        List<Message> batch = receive(consumer, oneAtATime > 0 ? 1 : batchSize);
                        if (batch.isEmpty()) {
                            continue;
                        }
                        try {
                            handle(batch, session, producer, destinations);
                            oneAtATime = Math.max(0, oneAtATime - 1);
                        } catch (Exception e) {
                            log.warn("A batch of {} message(s) of {} failed and will be delivered again{}: {}", batch.size(), queue,
                                    batch.size() > 1 ? ", one at a time" : "", e.toString());
                            oneAtATime = Math.max(oneAtATime - 1, batch.size() > 1 ? batch.size() : 0);
                            session.rollback();
                        }
                    }
                } catch (JMSException | RuntimeException e) {
                    if (running) {
                        log.warn("Consumer of {}: {}; connecting again in {} ms", queue, e.toString(), pause.toMillis());
                        sleep(pause);
                        pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : pause.multipliedBy(2);
                    }
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    /** What is waiting, up to {@code most} messages; waits up to a second for the first. */
    private List<Message> receive(MessageConsumer consumer, int most) throws JMSException {
        List<Message> batch = new ArrayList<>();
        Message next = consumer.receive(1000);
        while (next != null) {
            batch.add(next);
            next = batch.size() < most && takesMore(batch) ? consumer.receiveNoWait() : null;
        }
        return batch;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
