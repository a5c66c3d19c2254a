package io.smsbridge.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.support.EmbeddedDefaultsForTests;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BrokerAcceptorsTest {

    static final int ALL = EmbeddedDefaultsForTests.freePort();
    static final int CORE_ONLY = EmbeddedDefaultsForTests.freePort();
    static EmbeddedActiveMQ broker;

    @BeforeAll
    static void start() throws Exception {
        BrokerProperties properties = new BrokerProperties(new BrokerProperties.TcpAcceptor(true, "127.0.0.1", ALL, null),
                Map.of("core-only", new BrokerProperties.TcpAcceptor(true, "127.0.0.1", CORE_ONLY, List.of("CORE"))),
                null, null, null, null, null);
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
    void garbageIsRefusedAtOnce() throws Exception {
        assertClosedAtOnce(ALL, "XYZZY 1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void mqttReachesAQueue() throws Exception {
        try (org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory core = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory("tcp://127.0.0.1:" + ALL);
             jakarta.jms.Connection c = core.createConnection()) {
            c.start();
            jakarta.jms.Session s = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.MessageConsumer consumer = s.createConsumer(s.createQueue("probe.q"));
            org.eclipse.paho.mqttv5.client.MqttClient mqtt = new org.eclipse.paho.mqttv5.client.MqttClient("tcp://127.0.0.1:" + ALL, "probe-client", null);
            mqtt.connect();
            org.eclipse.paho.mqttv5.common.MqttMessage mm = new org.eclipse.paho.mqttv5.common.MqttMessage("{}".getBytes(StandardCharsets.UTF_8));
            mm.setQos(1);
            mqtt.publish("probe/q", mm);
            mqtt.disconnect();
            System.out.println("addresses " + java.util.Arrays.toString(broker.getActiveMQServer().getPostOffice().getAddresses().toArray()));
            System.out.println("info " + broker.getActiveMQServer().getAddressInfo(org.apache.activemq.artemis.api.core.SimpleString.of("probe.q")));
            assertThat(consumer.receive(3000)).isNotNull();
        }
    }

    @Test
    void amqp091IsRefusedAtOnce() throws Exception {
        assertClosedAtOnce(ALL, new byte[]{'A', 'M', 'Q', 'P', 0, 0, 9, 1});
    }

    @Test
    void stompOnACoreOnlyAcceptorIsRefusedAtOnce() throws Exception {
        assertClosedAtOnce(CORE_ONLY, "CONNECT\naccept-version:1.2\nhost:localhost\n\n\0".getBytes(StandardCharsets.US_ASCII));
    }

    static void assertClosedAtOnce(int port, byte[] hello) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(hello);
            InputStream in = socket.getInputStream();
            long start = System.nanoTime();
            int read;
            StringBuilder got = new StringBuilder();
            while ((read = in.read()) >= 0) {
                got.append((char) read);
            }
            System.out.println("got '" + got + "' after " + (System.nanoTime() - start) / 1_000_000);
            assertThat(read).isEqualTo(-1);
        }
    }
}
