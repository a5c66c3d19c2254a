package io.smsbridge.broker;

import static io.smsbridge.support.BridgeClient.json;
import static io.smsbridge.support.BridgeClient.newPhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsbridge.sandbox.SandboxMessages;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * A producer in another process reaches the embedded broker over TCP (CORE protocol): it queues a notification on
 * sms.outbound and follows its outcome on the sms.events topic, as a real producer would.
 */
@SmsBridgeIntegrationTest
class JmsOverTcpIT {

    @Value("${smsbridge.broker.tcp-acceptor.port}")
    int brokerPort;
    @Autowired
    SandboxMessages sandbox;

    @Test
    void aProducerOverTcpQueuesANotificationAndSeesItSent() throws Exception {
        String to = newPhone();
        String key = "tcp-" + UUID.randomUUID();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer events = session.createConsumer(session.createTopic("sms.events"));
            MessageProducer producer = session.createProducer(session.createQueue("sms.outbound"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);

            producer.send(session.createTextMessage("{\"to\":\"" + to + "\",\"body\":\"over TCP\",\"idempotencyKey\":\"" + key + "\"}"));

            JsonNode sent = null;
            long deadline = System.currentTimeMillis() + 20_000;
            while (sent == null && System.currentTimeMillis() < deadline) {
                TextMessage event = (TextMessage) events.receive(1_000);
                if (event != null) {
                    JsonNode e = json(event.getText());
                    if (key.equals(e.path("idempotencyKey").asText()) && e.path("type").asText().equals("sent")) {
                        sent = e;
                    }
                }
            }
            assertThat(sent).as("a 'sent' event for %s on sms.events", key).isNotNull();
            assertThat(sent.path("messageSid").asText()).startsWith("SM");
            assertThat(sandbox.get(sent.path("messageSid").asText()).snapshot().to()).isEqualTo(to);
        }
    }
}
