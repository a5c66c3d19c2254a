package io.smsbridge.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.outbound.OutboundRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.DelegatingConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes what happened to a message on the {@code sms.events} topic, as JSON, for producers to follow:
 * {@code {"type":"sent","messageId":…,"idempotencyKey":…,"to":…,"sender":…,"messageSid":…,"status":…,
 * "errorCode":…,"reason":…,"at":…}}. Types: accepted, duplicate, rejected, suppressed, parked, sent, delivered,
 * undelivered, failed, fallback. Events carry no message body.
 */
@Component("smsEvents")
public class SmsEvents {

    public static final String TOPIC = "sms.events";
    private static final Logger log = LoggerFactory.getLogger(SmsEvents.class);
    /** Set while a batch consumer publishes through its own session (see {@link #publishingThrough}). */
    private static final ThreadLocal<Channel> CHANNEL = new ThreadLocal<>();

    private final JmsTemplate topic;
    private final ObjectMapper json;

    public SmsEvents(ConnectionFactory connectionFactory, ObjectMapper json) {
        // An event tells what the ledger has committed, so it must not ride on the broker transaction of the route
        // that publishes it: a rollback there (a failed email, a redelivery) would take back news of a state that
        // stays. JmsTemplate joins the transacted listener's session it finds bound to its connection factory, so
        // events go through a connection factory of their own (the same pool underneath).
        DelegatingConnectionFactory eventsOnly = new DelegatingConnectionFactory();
        eventsOnly.setTargetConnectionFactory(connectionFactory);
        this.topic = new JmsTemplate(eventsOnly);
        this.topic.setPubSubDomain(true);
        // Notifications, not records (the ledger is): non-persistent, so publishing never waits for a disk.
        this.topic.setExplicitQosEnabled(true);
        this.topic.setDeliveryPersistent(false);
        this.json = json;
    }

    /** An event about a message in the ledger. */
    public void publish(String type, OutboundRecord message, String reason) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("messageId", message.id());
        event.put("idempotencyKey", message.idempotencyKey());
        event.put("to", message.to());
        event.put("sender", message.sender());
        event.put("messageSid", message.messageSid());
        event.put("status", message.status());
        event.put("errorCode", message.errorCode());
        event.put("reason", reason != null ? reason : message.reason());
        send(event);
        log.info("Message {} (key {}, sid {}): {}", message.id(), message.idempotencyKey(), message.messageSid(), type);
    }

    /** A message refused before it had a place in the ledger: it is known only by its key. */
    public void rejected(String idempotencyKey, List<String> reasons) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "rejected");
        event.put("idempotencyKey", idempotencyKey);
        event.put("reason", String.join("; ", reasons));
        send(event);
        log.info("Message with key {} rejected: {}", idempotencyKey, String.join("; ", reasons));
    }

    /**
     * A batch consumer's own way to publish: a session without a transaction on the consumer's connection, kept as long
     * as it. An event then costs one send, not a pooled session's round trip (checkout, producer, return).
     */
    public static final class Channel {
        private final Session session;
        private final MessageProducer producer;

        private Channel(Session session, MessageProducer producer) {
            this.session = session;
            this.producer = producer;
        }
    }

    /** A {@link Channel} on {@code connection}. */
    public static Channel channel(Connection connection) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createTopic(TOPIC));
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        return new Channel(session, producer);
    }

    /** Until the returned publishing is closed, this thread's events go through {@code channel}. */
    public Publishing publishingThrough(Channel channel) {
        Channel outer = CHANNEL.get();
        CHANNEL.set(channel);
        return () -> CHANNEL.set(outer);
    }

    /** The span of {@link #publishingThrough}; closing it ends it. */
    public interface Publishing extends AutoCloseable {
        @Override
        void close();
    }

    private void send(Map<String, Object> event) {
        event.put("at", Instant.now().toString());
        try {
            String text = json.writeValueAsString(event);
            Channel channel = CHANNEL.get();
            if (channel != null) {
                channel.producer.send(channel.session.createTextMessage(text));
            } else {
                topic.send(TOPIC, session -> session.createTextMessage(text));
            }
        } catch (JsonProcessingException | JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
