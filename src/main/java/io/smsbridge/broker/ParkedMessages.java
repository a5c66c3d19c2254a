package io.smsbridge.broker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.web.JsonAnswer;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The operator's view of what the bridge parked after every attempt (routes/parked-messages.camel.yaml): each parking
 * queue with its messages' reasons, and a release that moves them back to the queue they came from once the cause is
 * fixed (Twilio, Jira or SMTP back). Works on the embedded broker, which has no console, and on an external one.
 */
@Component("parkedMessages")
public class ParkedMessages {

    /** Parking queue → the queue its messages came from and go back to. */
    public static final Map<String, String> ORIGINS = Map.of(
            "sms.send.dead-letter", "sms.send",
            "sms.inbound.dead-letter", "sms.inbound",
            "sms.status.dead-letter", "sms.status",
            "sms.receipts.dead-letter", "sms.receipts");
    /** What the list shows of each message: the reason and the ids a parking sets. */
    private static final List<String> SHOWN = List.of("SmsBridgeReason", "SmsBridgeIdempotencyKey", "SmsBridgeMessageSid");
    private static final int LISTED = 100;
    /** A JMSMessageID as Artemis gives it; nothing else reaches the selector. */
    private static final Pattern MESSAGE_ID = Pattern.compile("ID:[0-9A-Za-z-]{1,64}");
    private static final Logger log = LoggerFactory.getLogger(ParkedMessages.class);

    private final JmsTemplate jms;
    private final ObjectMapper json;

    public ParkedMessages(ConnectionFactory connectionFactory, ObjectMapper json) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.json = json;
    }

    /** 200: per parking queue, how many messages and the first 100 with their reasons. */
    public void list(Exchange exchange) {
        JsonAnswer.set(exchange, json, 200, parked());
    }

    /** Per parking queue (sorted by name): its count, where a release sends them, its first 100 messages. */
    public Map<String, Map<String, Object>> parked() {
        Map<String, Map<String, Object>> answer = new LinkedHashMap<>();
        for (String queue : ORIGINS.keySet().stream().sorted().toList()) {
            answer.put(queue, browseParked(queue));
        }
        return answer;
    }

    /**
     * The count and first messages of one parking queue; empty when the broker has no such queue (an external broker
     * where nothing was parked yet, or whose auto-created queue was deleted when a release emptied it).
     */
    private Map<String, Object> browseParked(String queue) {
        try {
            return jms.browse(queue, (session, browser) -> {
                int count = 0;
                List<Map<String, String>> shown = new ArrayList<>();
                for (Enumeration<?> parked = browser.getEnumeration(); parked.hasMoreElements(); count++) {
                    Message m = (Message) parked.nextElement();
                    if (count < LISTED) {
                        shown.add(describe(m));
                    }
                }
                return Map.of("count", count, "releasesTo", ORIGINS.get(queue), "messages", shown);
            });
        } catch (org.springframework.jms.InvalidDestinationException noSuchQueue) {
            return Map.of("count", 0, "releasesTo", ORIGINS.get(queue), "messages", List.of());
        }
    }

    /**
     * 200 with how many were moved back: all of the queue's messages, or only the one whose {@code id} (JMSMessageID,
     * as the list shows it) is given; 404 for a queue that is not a parking queue or an id that is not on it.
     */
    public void release(Exchange exchange, String queue, String id) {
        String origin = ORIGINS.get(queue);
        if (refused(exchange, queue, id, false)) {
            return;
        }
        int moved = releaseParked(queue, id);
        if (id != null && moved == 0) {
            notFound(exchange, queue, id);
            return;
        }
        JsonAnswer.set(exchange, json, 200, Map.of("queue", queue, "releasedTo", origin, "released", moved));
    }

    /**
     * Moves the messages of parking queue {@code queue} (or only the one whose {@code id} is given) back to the queue
     * they came from; returns how many. The queue and id must have passed {@link #isParkingQueue} and {@link #isMessageId}.
     */
    public int releaseParked(String queue, String id) {
        String origin = ORIGINS.get(queue);
        int moved = take(queue, id, (session, parked) -> {
            try (MessageProducer to = session.createProducer(session.createQueue(origin))) {
                to.send(copyWithoutReason(session, parked));
            }
        });
        log.info("Released {} message(s) from {} back to {}{}", moved, queue, origin, id == null ? "" : " (" + id + ")");
        return moved;
    }

    /** Removes the parked message {@code id} of {@code queue} for good, logging its reason and ids; false if not there. */
    public boolean discardParked(String queue, String id) {
        return take(queue, id, (session, parked) ->
                log.warn("Discarded parked message {} from {}: {}", id, queue, describe(parked))) > 0;
    }

    public static boolean isParkingQueue(String queue) {
        return queue != null && ORIGINS.containsKey(queue);
    }

    public static boolean isMessageId(String id) {
        return id != null && MESSAGE_ID.matcher(id).matches();
    }

    /**
     * 200 when the parked message {@code id} has been removed for good (a report for a message sent by another
     * system, a text that should never become a ticket); its reason and ids are logged. 404 if it is not there.
     */
    public void discard(Exchange exchange, String queue, String id) {
        if (refused(exchange, queue, id, true)) {
            return;
        }
        if (!discardParked(queue, id)) {
            notFound(exchange, queue, id);
            return;
        }
        JsonAnswer.set(exchange, json, 200, Map.of("queue", queue, "discarded", id));
    }

    /** 404 for POST /api/parked/{queue}/{action} with an action other than release or discard. */
    public void unknownAction(Exchange exchange, String action) {
        JsonAnswer.set(exchange, json, 404, Map.of("error", "no action " + action + " on parked messages: release or discard"));
    }

    /** What is done with each parked message taken off its queue, in the broker transaction that takes it. */
    private interface ParkedMessageAction {
        void apply(Session session, Message parked) throws JMSException;
    }

    /** Takes the queue's messages (or the one with {@code id}) one broker transaction each; returns how many. */
    private int take(String queue, String id, ParkedMessageAction action) {
        return jms.execute(session -> {
            int n = 0;
            String selector = id == null ? null : "JMSMessageID = '" + id + "'";
            try (MessageConsumer from = session.createConsumer(session.createQueue(queue), selector)) {
                for (Message m = from.receive(500); m != null; m = id == null ? from.receive(500) : null) {
                    action.apply(session, m);
                    session.commit(); // one message at a time: off the parking queue and handled together
                    n++;
                }
            }
            return n;
        }, true);
    }

    /** 404 for a queue that is not a parking queue, 400 for a missing (where required) or malformed id. */
    private boolean refused(Exchange exchange, String queue, String id, boolean idRequired) {
        if (!isParkingQueue(queue)) {
            JsonAnswer.set(exchange, json, 404, Map.of("error", "not a parking queue: " + queue, "parkingQueues", ORIGINS.keySet()));
            return true;
        }
        if ((id == null && idRequired) || (id != null && !isMessageId(id))) {
            JsonAnswer.set(exchange, json, 400, Map.of("error", "id must be a parked message's id as GET /api/parked lists it (ID:…)"));
            return true;
        }
        return false;
    }

    private void notFound(Exchange exchange, String queue, String id) {
        JsonAnswer.set(exchange, json, 404, Map.of("error", "no message " + id + " on " + queue));
    }

    private static Map<String, String> describe(Message m) throws JMSException {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("id", m.getJMSMessageID());
        for (String name : SHOWN) {
            if (m.propertyExists(name)) {
                shown.put(name, m.getStringProperty(name));
            }
        }
        return shown;
    }

    /** The message as it was parked, less the reason (a new attempt has none yet); group and ids kept. */
    private static TextMessage copyWithoutReason(Session session, Message parked) throws JMSException {
        TextMessage copy = session.createTextMessage(parked.getBody(String.class));
        for (Enumeration<?> names = parked.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            if (!name.equals("SmsBridgeReason") && (!name.startsWith("JMSX") || name.equals("JMSXGroupID")) && !name.startsWith("_AMQ")) {
                copy.setObjectProperty(name, parked.getObjectProperty(name));
            }
        }
        return copy;
    }
}
