package io.smsbridge.broker.batch;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The batch a {@link JmsBatchConsumer} is handling: its transacted session, which the {@code jms-batch:} producer sends
 * in (exchange property {@link #PROPERTY}; a split's exchanges inherit it), and a session without a transaction on the
 * same connection for notifications that must not wait for, nor be taken back with, the batch ({@link #publish}).
 * A consumer keeps one for as long as its connection; sends are serialised, since a JMS session is single-threaded and
 * a parallel split may send from several threads.
 */
public final class JmsBatch {

    /** The exchange property that holds the batch being handled. */
    public static final String PROPERTY = "CamelJmsBatch";
    /** Header: a delay (ms) before the broker delivers the message sent (JMS 2 delivery delay); batch sends only. */
    public static final String DELIVERY_DELAY = "CamelJmsBatchDeliveryDelay";

    private static final ThreadLocal<JmsBatch> HANDLING = new ThreadLocal<>();

    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final Map<String, Destination> queues = new HashMap<>();
    private Session notifications;
    private final Map<String, MessageProducer> topics = new HashMap<>();

    JmsBatch(Connection connection, Session session) throws JMSException {
        this.connection = connection;
        this.session = session;
        this.producer = session.createProducer(null);
    }

    /** The batch the current thread is handling (the consumer's thread, not a parallel split's), or null. */
    public static JmsBatch current() {
        return HANDLING.get();
    }

    /** The batch an exchange belongs to, or null. */
    public static JmsBatch of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, JmsBatch.class);
    }

    void bindToThread() {
        HANDLING.set(this);
    }

    void unbindFromThread() {
        HANDLING.remove();
    }

    Session session() {
        return session;
    }

    /** Sends the Camel message to {@code queue} in the batch's transaction: it leaves when the batch is committed. */
    public synchronized void send(String queue, org.apache.camel.Message message) throws JMSException {
        Message jms = toJms(message);
        Destination destination = queues.get(queue);
        if (destination == null) {
            destination = session.createQueue(queue);
            queues.put(queue, destination);
        }
        Long delay = message.getHeader(DELIVERY_DELAY, Long.class);
        if (delay != null && delay > 0) {
            producer.setDeliveryDelay(delay);
            try {
                producer.send(destination, jms);
            } finally {
                producer.setDeliveryDelay(0);
            }
        } else {
            producer.send(destination, jms);
        }
    }

    /**
     * Takes the first message of {@code queue} that {@code selector} matches (null: any) in the batch's transaction,
     * waiting up to {@code timeoutMillis}; null when there is none. It leaves the queue only when the batch is
     * committed, together with what the batch sends: taken and sent on, or neither.
     */
    public synchronized Message take(String queue, String selector, long timeoutMillis) throws JMSException {
        connection.start();   // a batch made for sends only (JmsBatchTransaction) has not started its connection
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector)) {
            return timeoutMillis <= 0 ? consumer.receiveNoWait() : consumer.receive(timeoutMillis);
        }
    }

    /**
     * Publishes {@code text} on {@code topic} at once, non-persistent and outside the batch's transaction: news of what
     * has been committed elsewhere (the database), which a rollback of the batch must not take back.
     */
    public synchronized void publish(String topic, String text) throws JMSException {
        if (notifications == null) {
            notifications = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        }
        MessageProducer publisher = topics.get(topic);
        if (publisher == null) {
            publisher = notifications.createProducer(notifications.createTopic(topic));
            publisher.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            topics.put(topic, publisher);
        }
        publisher.send(notifications.createTextMessage(text));
    }

    /**
     * A JMS message as the routes see it, written into {@code message}: text or bytes as the body, its properties as
     * headers, with JMSMessageID, the group JMSXGroupID and JMSXDeliveryCount (1 when the broker sets none).
     */
    static void copy(Message jms, org.apache.camel.Message message) throws JMSException {
        if (jms instanceof TextMessage text) {
            message.setBody(text.getText());
        } else if (jms instanceof BytesMessage bytes) {
            byte[] content = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(content);
            message.setBody(content);
        }
        for (Enumeration<?> names = jms.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            message.setHeader(name, jms.getObjectProperty(name));
        }
        message.setHeader("JMSMessageID", jms.getJMSMessageID());
        String group = jms.getStringProperty("JMSXGroupID");
        if (group != null) {
            message.setHeader("JMSXGroupID", group);
        }
        message.setHeader("JMSXDeliveryCount", jms.propertyExists("JMSXDeliveryCount") ? jms.getIntProperty("JMSXDeliveryCount") : 1);
    }

    /**
     * The JMS message for a Camel message: text for a String (or anything convertible), bytes for a byte[]; headers
     * that JMS can carry become properties (not Camel's own, nor JMS headers, except the group JMSXGroupID).
     */
    private Message toJms(org.apache.camel.Message message) throws JMSException {
        Object body = message.getBody();
        Message jms;
        if (body instanceof byte[] bytes) {
            BytesMessage b = session.createBytesMessage();
            b.writeBytes(bytes);
            jms = b;
        } else {
            jms = session.createTextMessage(body == null ? null : message.getBody(String.class));
        }
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            String name = header.getKey();
            Object value = header.getValue();
            boolean carried = value instanceof String || value instanceof Number || value instanceof Boolean;
            if (carried && !name.startsWith("Camel") && (!name.startsWith("JMS") || name.equals("JMSXGroupID"))
                    && isIdentifier(name)) {
                jms.setObjectProperty(name, value);
            }
        }
        return jms;
    }

    private static boolean isIdentifier(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        return name.chars().skip(1).allMatch(Character::isJavaIdentifierPart);
    }
}
