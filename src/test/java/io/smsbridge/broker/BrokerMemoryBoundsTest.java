package io.smsbridge.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.support.EmbeddedDefaultsForTests;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.Map;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * What keeps the embedded broker's share of a small heap bounded (docs/performance.md, "Memory"): beyond
 * global-max-size it pages queued messages to disk, in pages of page-size, and each consumer holds at most
 * consumer-window-size of messages it has not taken. A backlog larger than the bound pages and comes back whole and
 * in order.
 */
class BrokerMemoryBoundsTest {

    @TempDir
    Path data;

    EmbeddedActiveMQ broker;

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void theDefaultsBoundWhatTheBrokerKeepsInTheHeap() {
        BrokerProperties defaults = new BrokerProperties(null, null, null, null, null, null, null, null);
        assertThat(defaults.globalMaxSize()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(defaults.pageSize()).isEqualTo(DataSize.ofMegabytes(1));
    }

    @Test
    void eachConsumerHoldsAtMostItsWindow() {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:1");
        new ArtemisClientTuning(DataSize.ofKilobytes(256)).postProcessAfterInitialization(factory, "connectionFactory");
        assertThat(factory.getConsumerWindowSize()).isEqualTo(256 * 1024);
        assertThat(factory.isCacheDestinations()).isTrue();
    }

    @Test
    void aBacklogBeyondTheBoundIsPagedToDiskAndComesBackWholeAndInOrder() throws Exception {
        int port = EmbeddedDefaultsForTests.freePort();
        start(port, DataSize.ofKilobytes(512), DataSize.ofKilobytes(64));
        assertThat(broker.getActiveMQServer().getAddressSettingsRepository().getMatch("sms.outbound").getPageSizeBytes())
                .isEqualTo(64 * 1024);

        int count = 2_000;
        byte[] payload = new byte[1024];
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
        new ArtemisClientTuning(DataSize.ofKilobytes(16)).postProcessAfterInitialization(factory, "connectionFactory");
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue queue = session.createQueue("sms.outbound");
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < count; i++) {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(payload);
                message.setIntProperty("n", i);
                producer.send(message);
                if (i % 100 == 99) {
                    session.commit();
                }
            }
            session.commit();
            assertThat(broker.getActiveMQServer().getPagingManager().getPageStore(SimpleString.of("sms.outbound")).isPaging())
                    .as("2 MB queued against a bound of 512 KB").isTrue();

            MessageConsumer consumer = session.createConsumer(queue);
            for (int i = 0; i < count; i++) {
                jakarta.jms.Message message = consumer.receive(10_000);
                assertThat(message).as("message %d of %d", i, count).isNotNull();
                assertThat(message.getIntProperty("n")).isEqualTo(i);
                if (i % 100 == 99) {
                    session.commit();
                }
            }
            session.commit();
            assertThat(consumer.receive(200)).isNull();
        }
    }

    private void start(int port, DataSize globalMaxSize, DataSize pageSize) throws Exception {
        BrokerProperties properties = new BrokerProperties(new BrokerProperties.TcpAcceptor(true, "127.0.0.1", port, null),
                Map.of(), null, null, null, null, globalMaxSize, pageSize);
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setSecurityEnabled(false);
        configuration.setJournalDirectory(data.resolve("journal").toString());
        configuration.setBindingsDirectory(data.resolve("bindings").toString());
        configuration.setPagingDirectory(data.resolve("paging").toString());
        configuration.setLargeMessagesDirectory(data.resolve("large").toString());
        new EmbeddedBrokerConfiguration().smsBridgeBrokerCustomizer(properties).customize(configuration);
        broker = new EmbeddedActiveMQ().setConfiguration(configuration).start();
    }
}
