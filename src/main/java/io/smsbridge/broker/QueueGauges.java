package io.smsbridge.broker;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Depth and oldest message's age of each queue the bridge uses, for /actuator/prometheus:
 * {@code smsbridge_queue_messages{queue}} and {@code smsbridge_queue_oldest_age_seconds{queue}} (0 when empty; NaN until
 * the broker first answered, or when it refuses). The route queue-gauges (routes/housekeeping.camel.yaml) calls
 * {@link #refresh} on a timer, so a scrape never waits for the broker.
 * <p>
 * Asked through Artemis' management address with JMS messages ({@link JMSManagementHelper}), the way Artemis' own
 * tools do: the same code serves the embedded broker and an external one (whose user then needs the {@code manage}
 * permission on it). Artemis' Micrometer plugin would count messages only inside the broker's process, and has no
 * oldest-message age, which is what a queue-age alert needs.
 */
@Component("queueGauges")
public class QueueGauges {

    private static final Logger log = LoggerFactory.getLogger(QueueGauges.class);
    private static final long ANSWER_WAIT_MILLIS = 5_000;

    private final JmsTemplate jms;
    private final String managementAddress;
    private final List<String> queues;
    private final Map<String, double[]> figures = new ConcurrentHashMap<>();   // queue → {messages, oldest age in ms}
    private volatile boolean refusedBefore;

    public QueueGauges(ConnectionFactory connectionFactory, MeterRegistry metrics, QueueGaugeProperties properties) {
        this.jms = new JmsTemplate(connectionFactory);
        this.managementAddress = properties.managementAddress();
        this.queues = properties.queues();
        for (String queue : this.queues) {
            double[] figure = {Double.NaN, Double.NaN};
            figures.put(queue, figure);
            Gauge.builder("smsbridge.queue.messages", figure, f -> f[0])
                    .description("Messages on the queue, in flight to a consumer or scheduled included")
                    .tag("queue", queue).register(metrics);
            TimeGauge.builder("smsbridge.queue.oldest.age", figure, TimeUnit.MILLISECONDS, f -> f[1])
                    .description("How long the queue's oldest message has waited (0: the queue is empty)")
                    .tag("queue", queue).register(metrics);
        }
    }

    /** A queue's figures as last asked: messages on it, and how long its oldest has waited; NaN while unknown. */
    public record QueueFigure(String queue, double messages, double oldestAgeMillis) {
    }

    /** Every watched queue's figures as the last refresh left them, in the configured order. */
    public List<QueueFigure> figures() {
        return queues.stream().map(q -> new QueueFigure(q, figures.get(q)[0], figures.get(q)[1])).toList();
    }

    /** Asks the broker for each queue's figures: two management requests per queue, in one session. */
    public void refresh() {
        try {
            jms.execute(session -> {
                TemporaryQueue answers = session.createTemporaryQueue();
                try (MessageProducer requests = session.createProducer(session.createQueue(managementAddress));
                     MessageConsumer replies = session.createConsumer(answers)) {
                    for (String queue : queues) {
                        double[] figure = figures.get(queue);
                        Object count = ask(session, requests, replies, answers, queue, "messageCount");
                        Object age = ask(session, requests, replies, answers, queue, "firstMessageAge");
                        figure[0] = count instanceof Number n ? n.doubleValue() : Double.NaN;
                        figure[1] = age instanceof Number n ? n.doubleValue() : (count instanceof Number n && n.longValue() == 0 ? 0 : Double.NaN);
                    }
                } finally {
                    answers.delete();
                }
                return null;
            }, true);
            if (refusedBefore) {
                log.info("The broker answers queue figures again");
                refusedBefore = false;
            }
        } catch (RuntimeException e) {
            if (!refusedBefore) {   // once per outage, not every poll
                log.warn("Queue figures unavailable (smsbridge_queue_* are NaN until the broker answers): {}", e.toString());
                refusedBefore = true;
            }
            figures.values().forEach(f -> { f[0] = Double.NaN; f[1] = Double.NaN; });
        }
    }

    /**
     * One attribute of one queue; 0 when the broker has no such queue (a parking queue nothing was ever parked on is
     * empty); null when the broker does not answer or refuses.
     */
    private Object ask(Session session, MessageProducer requests, MessageConsumer replies, TemporaryQueue answers,
                       String queue, String attribute) throws JMSException {
        Message request = session.createMessage();
        JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, attribute);
        request.setJMSReplyTo(answers);
        requests.send(request);
        Message reply = replies.receive(ANSWER_WAIT_MILLIS);
        if (reply == null) {
            return null;
        }
        try {
            Object result = JMSManagementHelper.getResult(reply);
            if (JMSManagementHelper.hasOperationSucceeded(reply)) {
                return result;
            }
            return String.valueOf(result).contains("Cannot find resource") ? 0L : null;   // Artemis' AMQ229106-style refusal text
        } catch (Exception unreadable) {
            return null;
        }
    }
}
