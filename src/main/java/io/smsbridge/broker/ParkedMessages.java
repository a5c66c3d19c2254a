package io.smsbridge.broker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.web.JsonAnswer;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The operator's view of what the bridge parked after every attempt (routes/parked-messages.camel.yaml): each parking
 * queue with its messages' reasons, browsed; the checks and answers of the API's release and discard, whose moving of
 * messages is routes parked-release and parked-discard. Works on the embedded broker and on an external one.
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
    public Map<String, Object> browseParked(String queue) {
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
     * The queue a parking queue's messages go back to, for routes parked-release and parked-discard; null when
     * {@code queue} is not a parking queue or {@code id} is missing (where {@code idRequired}) or no message id.
     */
    public String originOf(String queue, String id, boolean idRequired) {
        boolean idOk = id == null ? !idRequired : isMessageId(id);
        return isParkingQueue(queue) && idOk ? ORIGINS.get(queue) : null;
    }

    /** 200 with how many route parked-release moved back; 404 when the one message asked for was not there. */
    public void released(Exchange exchange, String queue, String id, String origin, int released) {
        if (id != null && released == 0) {
            notFound(exchange, queue, id);
            return;
        }
        JsonAnswer.set(exchange, json, 200, Map.of("queue", queue, "releasedTo", origin, "released", released));
    }

    /** 200 when route parked-discard removed the message; 404 if it was not there. */
    public void discarded(Exchange exchange, String queue, String id, boolean discarded) {
        if (!discarded) {
            notFound(exchange, queue, id);
            return;
        }
        JsonAnswer.set(exchange, json, 200, Map.of("queue", queue, "discarded", id));
    }

    public static boolean isParkingQueue(String queue) {
        return queue != null && ORIGINS.containsKey(queue);
    }

    public static boolean isMessageId(String id) {
        return id != null && MESSAGE_ID.matcher(id).matches();
    }

    /** 404 for POST /api/parked/{queue}/{action} with an action other than release or discard. */
    public void unknownAction(Exchange exchange, String action) {
        JsonAnswer.set(exchange, json, 404, Map.of("error", "no action " + action + " on parked messages: release or discard"));
    }

    /** 404 for a queue that is not a parking queue, 400 for a missing (where required) or malformed id. */
    public void refuse(Exchange exchange, String queue, String id, boolean idRequired) {
        if (!isParkingQueue(queue)) {
            JsonAnswer.set(exchange, json, 404, Map.of("error", "not a parking queue: " + queue, "parkingQueues", ORIGINS.keySet()));
            return;
        }
        if ((id == null && idRequired) || (id != null && !isMessageId(id))) {
            JsonAnswer.set(exchange, json, 400, Map.of("error", "id must be a parked message's id as GET /api/parked lists it (ID:…)"));
        }
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
}
