package io.smsbridge.broker;

import static io.smsbridge.support.BridgeClient.await;
import static io.smsbridge.support.BridgeClient.json;
import static io.smsbridge.support.BridgeClient.newPhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import io.smsbridge.support.StompClient;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Producers that are not on the JVM's CORE client queue notifications over the embedded broker's one port, each with
 * a client written for its protocol (Qpid JMS for AMQP 1.0, Eclipse Paho for MQTT 5, STOMP frames as its specification
 * writes them): distinct keys are each sent once, one key sent twice sends once, a malformed body is rejected with its
 * reason, and the key may come from the protocol's own fields (docs/producers.md). Events are read back over the
 * same protocol.
 */
@SmsBridgeIntegrationTest
class BrokerProtocolsIT {

    private static final int DISTINCT = 5;

    @Value("${smsbridge.broker.tcp-acceptor.port}")
    int port;
    @Autowired
    BridgeClient bridge;
    @Autowired
    OutboundLedger ledger;

    @Test
    void amqpProducers() throws Exception {
        String run = UUID.randomUUID().toString();
        try (Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer events = session.createConsumer(session.createTopic("sms.events"));
            MessageProducer producer = session.createProducer(session.createQueue("sms.outbound"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT); // AMQP durable: survives a broker crash

            List<String> phones = new ArrayList<>();
            for (int i = 0; i < DISTINCT; i++) {
                String to = newPhone();
                phones.add(to);
                producer.send(session.createTextMessage(message(to, "amqp-" + run + "-" + i)));
            }
            String twice = newPhone();
            for (int i = 0; i < 2; i++) {
                TextMessage m = session.createTextMessage(message(twice, null));
                m.setStringProperty("idempotencyKey", "amqp-twice-" + run);
                producer.send(m);
            }
            // no key anywhere but the AMQP message-id the client gave it
            String byMessageId = newPhone();
            TextMessage bare = session.createTextMessage(message(byMessageId, null));
            producer.send(bare);
            TextMessage malformed = session.createTextMessage("{\"to\":\"+1415\",");
            malformed.setStringProperty("idempotencyKey", "amqp-bad-" + run);
            producer.send(malformed);

            phones.add(twice);
            phones.add(byMessageId);
            assertEachSentOnce(phones);
            assertThat(ledger.findByKey(bare.getJMSMessageID())).as("the AMQP message-id as the key").isPresent();
            assertRejected("amqp-bad-" + run, "not valid JSON");
            assertThat(awaitEvent(() -> {
                Message m = events.receive(500);
                return m == null ? null : ((TextMessage) m).getText();
            }, "amqp-" + run + "-0")).isNotNull();
        }
    }

    @Test
    void stompProducers() throws Exception {
        String run = UUID.randomUUID().toString();
        try (StompClient stomp = new StompClient(port); StompClient listener = new StompClient(port)) {
            listener.subscribe("sms.events", "events");
            Map<String, String> persistent = Map.of("persistent", "true"); // durable: survives a broker crash
            List<String> phones = new ArrayList<>();
            for (int i = 0; i < DISTINCT; i++) {
                String to = newPhone();
                phones.add(to);
                stomp.sendTo("sms.outbound", persistent, message(to, "stomp-" + run + "-" + i));
            }
            String twice = newPhone();
            for (int i = 0; i < 2; i++) {
                stomp.sendTo("sms.outbound", Map.of("persistent", "true", "idempotencyKey", "stomp-twice-" + run), message(twice, null));
            }
            phones.add(twice);
            stomp.sendTo("sms.outbound", Map.of("idempotencyKey", "stomp-bad-" + run), "[1,2]");
            // STOMP has no producer's message id: without a key the message is refused, not sent unprotected
            String keyless = newPhone();
            stomp.sendTo("sms.outbound", persistent, message(keyless, null));

            assertEachSentOnce(phones);
            assertRejected("stomp-bad-" + run, "the message must be a JSON object");
            await(() -> ledger.findByKey("stomp-twice-" + run), Duration.ofSeconds(5), "the STOMP header's key in the ledger");
            assertThat(awaitEvent(() -> {
                StompClient.Frame frame = listener.receive(500);
                return frame == null ? null : frame.body();
            }, "stomp-" + run + "-0")).isNotNull();
            assertThat(bridge.atSandbox(keyless)).isEmpty();
        }
    }

    @Test
    void mqttProducers() throws Exception {
        String run = UUID.randomUUID().toString();
        MqttClient producer = new MqttClient("tcp://127.0.0.1:" + port, "producer-" + run, null);
        MqttClient listener = new MqttClient("tcp://127.0.0.1:" + port, "listener-" + run, null);
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setConnectionTimeout(10);
            producer.connect(options);
            listener.connect(options);
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            // (Paho 1.2.5's subscribe(topic, qos, listener) calls itself forever: the array form does not)
            listener.subscribe(new MqttSubscription[]{new MqttSubscription("sms/events", 1)},
                    new IMqttMessageListener[]{(topic, m) -> events.add(new String(m.getPayload(), StandardCharsets.UTF_8))});

            List<String> phones = new ArrayList<>();
            for (int i = 0; i < DISTINCT; i++) {
                String to = newPhone();
                phones.add(to);
                producer.publish("sms/outbound", mqtt(message(to, "mqtt-" + run + "-" + i), null, null));
            }
            String twice = newPhone();
            for (int i = 0; i < 2; i++) {
                producer.publish("sms/outbound", mqtt(message(twice, null), "mqtt-twice-" + run, null));
            }
            String byCorrelation = newPhone();
            producer.publish("sms/outbound", mqtt(message(byCorrelation, null), null, "mqtt-corr-" + run));
            producer.publish("sms/outbound", mqtt("not json", "mqtt-bad-" + run, null));
            // QoS 0: not kept by the broker (lost if the bridge dies before its intake), taken in the same way meanwhile
            String atMostOnce = newPhone();
            MqttMessage qos0 = mqtt(message(atMostOnce, "mqtt-qos0-" + run), null, null);
            qos0.setQos(0);
            producer.publish("sms/outbound", qos0);
            phones.add(twice);
            phones.add(byCorrelation);
            phones.add(atMostOnce);

            assertEachSentOnce(phones);
            assertThat(ledger.findByKey("mqtt-twice-" + run)).isPresent();
            assertThat(ledger.findByKey("mqtt-corr-" + run)).as("MQTT 5 correlation data as the key").isPresent();
            assertRejected("mqtt-bad-" + run, "not valid JSON");
            assertThat(awaitEvent(() -> events.poll(500, TimeUnit.MILLISECONDS), "mqtt-" + run + "-0")).isNotNull();
        } finally {
            for (MqttClient client : List.of(producer, listener)) {
                if (client.isConnected()) {
                    client.disconnect();
                }
                client.close();
            }
        }
    }

    /** QoS 1 (at least once, kept by the broker: survives a crash) with an optional user property and correlation data. */
    private static MqttMessage mqtt(String payload, String keyProperty, String correlation) {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        MqttProperties properties = new MqttProperties();
        if (keyProperty != null) {
            properties.setUserProperties(List.of(new UserProperty("idempotencyKey", keyProperty)));
        }
        if (correlation != null) {
            properties.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        }
        message.setProperties(properties);
        return message;
    }

    private static String message(String to, String key) {
        return "{\"to\":\"" + to + "\",\"body\":\"over another protocol\"" + (key == null ? "" : ",\"idempotencyKey\":\"" + key + "\"") + "}";
    }

    private void assertEachSentOnce(List<String> phones) throws InterruptedException {
        for (String phone : phones) {
            await(() -> bridge.atSandbox(phone).isEmpty() ? Optional.empty() : Optional.of(phone), Duration.ofSeconds(30),
                    "a message to " + phone + " at the sandbox");
        }
        // a second copy would have been created by now: the duplicates were taken in before the firsts were sent
        for (String phone : phones) {
            assertThat(bridge.atSandbox(phone)).as("messages to %s", phone).hasSize(1);
        }
    }

    private void assertRejected(String key, String reason) throws Exception {
        Message rejected = bridge.rejected(key);
        assertThat(rejected).as("%s on sms.outbound.rejected", key).isNotNull();
        assertThat(rejected.getStringProperty("SmsBridgeReason")).contains(reason);
    }

    interface EventSource {
        String next() throws Exception;
    }

    /** Reads events until one about {@code key} arrives (within 20 s); returns it, or null. */
    private static JsonNode awaitEvent(EventSource source, String key) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String text = source.next();
            if (text != null) {
                JsonNode event = json(text);
                if (key.equals(event.path("idempotencyKey").asText())) {
                    return event;
                }
            }
        }
        return null;
    }
}
