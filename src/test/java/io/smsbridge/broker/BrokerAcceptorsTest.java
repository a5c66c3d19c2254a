package io.smsbridge.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsbridge.support.EmbeddedDefaultsForTests;
import io.smsbridge.support.StompClient;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker's acceptors as EmbeddedBrokerConfiguration sets them up, on an Artemis of their own (no
 * application): every protocol on the default acceptor, only those configured on another, and a client speaking
 * something else closed at once (the socket reads end-of-stream within the read timeout, instead of hanging).
 */
class BrokerAcceptorsTest {

    static final int ALL = EmbeddedDefaultsForTests.freePort();
    static final int CORE_ONLY = EmbeddedDefaultsForTests.freePort();
    static EmbeddedActiveMQ broker;

    @BeforeAll
    static void start() throws Exception {
        BrokerProperties properties = new BrokerProperties(new BrokerProperties.TcpAcceptor(true, "127.0.0.1", ALL, null),
                Map.of("core-only", new BrokerProperties.TcpAcceptor(true, "127.0.0.1", CORE_ONLY, List.of("core"))),
                null, null, null, null, null, null);
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setPersistenceEnabled(false);
        configuration.setSecurityEnabled(false);
        new EmbeddedBrokerConfiguration().smsBridgeBrokerCustomizer(properties).customize(configuration);
        broker = new EmbeddedActiveMQ().setConfiguration(configuration).start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.stop();
    }

    @Test
    void unknownProtocolsAreRefused() {
        assertThatThrownBy(() -> new BrokerProperties.TcpAcceptor(true, null, 1, List.of("CORE", "OPENWIRE")))
                .hasMessageContaining("Unknown broker protocol 'OPENWIRE'");
    }

    @Test
    void bytesOfNoProtocolAreClosedAtOnce() throws Exception {
        assertThat(answerUntilClosed(ALL, "XYZZY 1\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }

    @Test
    void rabbitMqsAmqp091IsToldItsVersionAndClosed() throws Exception {
        // the AMQP 1.0 handler answers with the header it speaks, as the AMQP specification asks, and closes
        assertThat(answerUntilClosed(ALL, new byte[]{'A', 'M', 'Q', 'P', 0, 0, 9, 1})).startsWith("AMQP");
    }

    @Test
    void stompOnACoreOnlyAcceptorIsClosedAtOnce() throws Exception {
        assertThat(answerUntilClosed(CORE_ONLY, "CONNECT\naccept-version:1.2\nhost:localhost\n\n\0".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }

    @Test
    void mqttOnACoreOnlyAcceptorFailsToConnectAtOnce() throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + CORE_ONLY, "refused", null);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setConnectionTimeout(30);
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.connect(options)).isInstanceOf(MqttException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms until the MQTT client knew").isLessThan(10_000);
        client.close();
    }

    @Test
    void coreStillWorksOnACoreOnlyAcceptorAndMqttReachesAQueue() throws Exception {
        try (ActiveMQConnectionFactory core = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + CORE_ONLY);
             Connection connection = core.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("producers.queue"));
            MqttClient mqtt = new MqttClient("tcp://127.0.0.1:" + ALL, "producer", null);
            mqtt.connect();
            MqttMessage message = new MqttMessage("{}".getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            mqtt.publish("producers/queue", message); // MQTT's '/' is the broker's '.': an anycast queue takes it
            mqtt.disconnect();
            mqtt.close();
            assertThat(consumer.receive(5_000)).isNotNull();
        }
    }

    @Test
    void theProducersAddressesAreDeclaredWithTheirRoutingTypes() {
        // whichever protocol's client comes first: a STOMP or MQTT sender would create a missing address as a topic
        assertThat(routingTypes("sms.outbound")).containsExactly(RoutingType.ANYCAST);
        assertThat(routingTypes("sms.outbound.rejected")).containsExactly(RoutingType.ANYCAST);
        assertThat(routingTypes("sms.events")).containsExactly(RoutingType.MULTICAST);
        assertThat(broker.getActiveMQServer().locateQueue("sms.outbound")).isNotNull();
    }

    @Test
    void mqttStillReachesSmsOutboundAfterAStompProducer() throws Exception {
        try (ActiveMQConnectionFactory core = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + ALL);
             Connection connection = core.createConnection();
             StompClient stomp = new StompClient(ALL)) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("sms.outbound"));
            stomp.sendTo("sms.outbound", Map.of("persistent", "true"), "{\"via\":\"stomp\"}");
            assertThat(consumer.receive(5_000)).isNotNull();
            assertThat(routingTypes("sms.outbound")).as("after a STOMP SEND without destination-type").containsExactly(RoutingType.ANYCAST);
            MqttClient mqtt = new MqttClient("tcp://127.0.0.1:" + ALL, "after-stomp", null);
            mqtt.connect();
            MqttMessage message = new MqttMessage("{}".getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            mqtt.publish("sms/outbound", message);
            mqtt.disconnect();
            mqtt.close();
            assertThat(consumer.receive(5_000)).as("the MQTT message on sms.outbound").isNotNull();
        }
    }

    @Test
    void stompsQueueAndTopicPrefixesNameTheBridgesAddresses() throws Exception {
        try (ActiveMQConnectionFactory core = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + ALL);
             Connection connection = core.createConnection();
             StompClient stomp = new StompClient(ALL)) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer queue = session.createConsumer(session.createQueue("sms.outbound"));
            stomp.subscribe("/topic/sms.events", "events");
            stomp.sendTo("/queue/sms.outbound", Map.of("persistent", "true"), "{\"via\":\"/queue/\"}");
            assertThat(queue.receive(5_000)).as("/queue/sms.outbound is sms.outbound").isNotNull();

            session.createProducer(session.createTopic("sms.events")).send(session.createTextMessage("{\"type\":\"sent\"}"));
            StompClient.Frame event = stomp.receive(5_000);
            assertThat(event).as("/topic/sms.events is sms.events").isNotNull();
            assertThat(event.body()).contains("sent");
            assertThat(broker.getActiveMQServer().getAddressInfo(SimpleString.of("/queue/sms.outbound"))).isNull();
        }
    }

    private static java.util.Set<RoutingType> routingTypes(String address) {
        return broker.getActiveMQServer().getAddressInfo(SimpleString.of(address)).getRoutingTypes();
    }

    /** What the broker answers to {@code hello} before it closes the connection (a 3 s read timeout fails the test). */
    static String answerUntilClosed(int port, byte[] hello) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(hello);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0; b = in.read()) {
                answer.write(b);
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
