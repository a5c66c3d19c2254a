package io.smsbridge.outbound;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Message;

/**
 * The idempotency key a queued message goes by when its JSON has no {@code idempotencyKey}, from what its producer's
 * protocol carries (the table in docs/producers.md). The broker turns every protocol's message into one kind (Artemis
 * CORE), keeping the protocol's own fields as properties; this reads them back:
 * <ol>
 * <li>a message property {@code idempotencyKey}: a JMS string property, an AMQP application property, a STOMP header,
 * an MQTT 5 user property;</li>
 * <li>the producer's own message id: AMQP {@code message-id} (property {@code NATIVE_MESSAGE_ID}), MQTT 5 correlation
 * data (UTF-8), the JMS message id of a CORE/JMS producer;</li>
 * <li>none (STOMP and MQTT 3.1.1 have no message id of the producer's): the message is rejected with that reason.</li>
 * </ol>
 */
public final class ProducerKeys {

    /** The message property a producer may name its key with, in any protocol. */
    public static final String PROPERTY = "idempotencyKey";

    /** Where Artemis keeps an AMQP message's own message-id when a CORE consumer reads it. */
    static final String AMQP_MESSAGE_ID = "NATIVE_MESSAGE_ID";
    /** Where Artemis keeps MQTT 5 user properties: {@code mqtt.ordered.user.property.<index>.<name>}. */
    static final String MQTT_USER_PROPERTY = "mqtt.ordered.user.property.";
    static final String MQTT_CORRELATION_DATA = "mqtt.correlation.data";

    /** How Qpid's AMQP-to-JMS mapping marks a message-id that was not a JMS one; the producer's id follows it. */
    private static final String[] AMQP_ID_PREFIXES = {"ID:AMQP_NO_PREFIX:", "ID:AMQP_STRING:"};

    private ProducerKeys() {
    }

    /** The key for a message from the broker, or null when its protocol carries none. */
    public static String of(Message message) {
        String property = property(message, PROPERTY);
        if (property != null) {
            return property;
        }
        String amqp = text(message.getHeader(AMQP_MESSAGE_ID));
        if (amqp != null) {
            for (String prefix : AMQP_ID_PREFIXES) {
                if (amqp.startsWith(prefix)) {
                    return amqp.substring(prefix.length());
                }
            }
            return amqp;
        }
        String correlation = text(message.getHeader(MQTT_CORRELATION_DATA));
        if (correlation != null) {
            return correlation;
        }
        return text(message.getHeader("JMSMessageID"));
    }

    /**
     * A producer's message property {@code name} as any protocol sets it: a JMS property, AMQP application property or
     * STOMP header (all one header here), or an MQTT 5 user property; null when absent or blank.
     */
    public static String property(Message message, String name) {
        String plain = text(message.getHeader(name));
        if (plain != null) {
            return plain;
        }
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            String key = header.getKey();
            if (key.startsWith(MQTT_USER_PROPERTY) && key.endsWith("." + name) && key.length() == key.lastIndexOf('.') + 1 + name.length()) {
                String value = text(header.getValue());
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    private static String text(Object value) {
        String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value == null ? null : value.toString();
        return text == null || text.isBlank() ? null : text;
    }
}
