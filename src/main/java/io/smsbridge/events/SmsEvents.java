package io.smsbridge.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.broker.batch.JmsBatch;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.receipts.Receipts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import io.smsbridge.tracing.MessageTraces;
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

    private final JmsTemplate topic;
    private final Receipts receipts;
    private final ObjectMapper json;

    public SmsEvents(ConnectionFactory connectionFactory, ObjectMapper json, Receipts receipts) {
        this.receipts = receipts;
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
        publish(type, message, reason, null);
    }

    /** An event of intake, naming the HTTP producer (its API key's name) when there is one. */
    public void publish(String type, OutboundRecord message, String reason, String producer) {
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
        if (producer != null) {
            event.put("producer", producer);
        }
        send(event);
        receipts.stateChanged(type, message, reason);
        MessageTraces.logWithTrace(message.traceParent(), () ->
                log.info("Message {} (key {}, sid {}): {}", message.id(), message.idempotencyKey(), message.messageSid(), type));
    }

    /** A message refused before it had a place in the ledger: it is known only by its key. */
    public void rejected(String idempotencyKey, List<String> reasons) {
        rejected(idempotencyKey, reasons, null);
    }

    public void rejected(String idempotencyKey, List<String> reasons, String producer) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "rejected");
        event.put("idempotencyKey", idempotencyKey);
        event.put("reason", String.join("; ", reasons));
        if (producer != null) {
            event.put("producer", producer);
        }
        send(event);
        log.info("Message with key {} rejected: {}", idempotencyKey, String.join("; ", reasons));
    }

    private void send(Map<String, Object> event) {
        event.put("at", Instant.now().toString());
        try {
            String text = json.writeValueAsString(event);
            JmsBatch batch = JmsBatch.current();
            if (batch != null) {
                // handling a batch: its own session without a transaction, one send (no pooled session's round trip)
                batch.publish(TOPIC, text);
            } else {
                topic.send(TOPIC, session -> session.createTextMessage(text));
            }
        } catch (JsonProcessingException | JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
