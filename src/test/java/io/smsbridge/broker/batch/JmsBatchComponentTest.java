package io.smsbridge.broker.batch;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** jms-batch on a broker of its own (in-VM, not persistent): batches, their transaction, and what a failure does. */
class JmsBatchComponentTest {

    static EmbeddedActiveMQ broker;
    static ConnectionFactory connectionFactory;

    CamelContext camel;
    final String in = "in." + UUID.randomUUID();    // each test its own queues: a poison message stays a while
    final String out = "out." + UUID.randomUUID();
    final List<List<String>> committed = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> failed = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startBroker() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.addAcceptorConfiguration(new TransportConfiguration(InVMAcceptorFactory.class.getName()));
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        connectionFactory = new ActiveMQConnectionFactory("vm://0");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.stop();
    }

    @BeforeEach
    void startCamel() throws Exception {
        camel = new DefaultCamelContext();
        camel.addComponent("jms-batch", new JmsBatchComponent(connectionFactory));
        camel.addComponent("jms", JmsComponent.jmsComponent(connectionFactory));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("jms-batch:" + in + "?size=64&receiveTimeout=100").routeId("batches")
                        .process(e -> {
                            List<String> texts = e.getIn().getBody(List.class).stream()
                                    .map(m -> ((org.apache.camel.Message) m).getBody(String.class)).toList();
                            e.setVariable("texts", texts);
                        })
                        .split(body())
                            .setBody(simple("handled ${body}"))
                            .to("jms-batch:" + out)
                        .end()
                        .process(e -> {
                            List<String> texts = e.getVariable("texts", List.class);
                            if (texts.contains("poison")) {
                                failed.add(texts.size());
                                throw new IllegalStateException("cannot handle the poison");
                            }
                            committed.add(texts);
                        });
            }
        });
        camel.start();
    }

    @AfterEach
    void stopCamel() {
        camel.stop();
    }

    @Test
    void aBatchIsOneExchangeAndWhatItSendsLeavesWithIt() throws Exception {
        NotifyBuilder done = batches().whenCompleted(1).create();
        putInOneTransaction(in, List.of("a", "b", "c"));

        assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(committed).containsExactly(List.of("a", "b", "c"));
        assertThat(receiveAll(out)).containsExactly("handled a", "handled b", "handled c");
    }

    @Test
    void aMessageThatFailsItsBatchHoldsBackOnlyItself() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            texts.add("good " + i);
        }
        texts.add(4, "poison");
        // the first batch (all ten) fails; then nine good ones succeed one at a time, and the poison fails each time
        NotifyBuilder goodOnes = batches().whenCompleted(9).create();
        putInOneTransaction(in, texts);

        assertThat(goodOnes.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(failed).as("the first batch held all ten").first().isEqualTo(10);
        assertThat(committed).as("after it, one message at a time").allMatch(batch -> batch.size() == 1);
        assertThat(committed.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(
                texts.stream().filter(t -> !t.equals("poison")).toList());
        assertThat(receiveAll(out)).as("a failed batch sends nothing")
                .containsExactlyInAnyOrderElementsOf(texts.stream().filter(t -> !t.equals("poison")).map(t -> "handled " + t).toList());
    }

    @Test
    void headersAndTheGroupTravelAsProperties() throws Exception {
        camel.createProducerTemplate().send("jms-batch:plain", e -> {
            e.getIn().setBody("outside a batch");
            e.getIn().setHeader("JMSXGroupID", "+15005550006");
            e.getIn().setHeader("SmsBridgeReason", "a reason");
            e.getIn().setHeader("CamelSomething", "not carried");
        });
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("plain"));
            connection.start();
            Message m = consumer.receive(5000);
            assertThat(((TextMessage) m).getText()).isEqualTo("outside a batch");
            assertThat(m.getStringProperty("JMSXGroupID")).isEqualTo("+15005550006");
            assertThat(m.getStringProperty("SmsBridgeReason")).isEqualTo("a reason");
            assertThat(m.propertyExists("CamelSomething")).isFalse();
        }
    }

    /** Exchanges of whole batches (not the split's parts). */
    @Test
    void oneBrokerTransactionSendsWhatItWrapsWithOneCommitOrNotAtAll() throws Exception {
        camel.getRegistry().bind("oneBrokerTransaction", new JmsBatchTransaction(connectionFactory));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("direct:many").routeId("many")
                        .policy("oneBrokerTransaction")
                            .split(body()).parallelProcessing()
                                .to("jms-batch:" + out)
                            .end()
                            .filter(simple("${header.fail}")).throwException(new IllegalStateException("the batch fails")).end()
                        .end();
            }
        });

        camel.createProducerTemplate().sendBody("direct:many", List.of("a", "b", "c"));
        assertThat(receiveAll(out)).containsExactlyInAnyOrder("a", "b", "c");

        Exchange failed = camel.createProducerTemplate().send("direct:many", e -> {
            e.getIn().setBody(List.of("d", "e"));
            e.getIn().setHeader("fail", true);
        });
        assertThat(failed.getException()).hasMessage("the batch fails");
        assertThat(receiveAll(out)).as("sent inside, then rolled back").isEmpty();
    }

    @Test
    void aTakeLeavesTheQueueOnlyWithWhatIsSentAfterItAndASelectorPicksTheMessage() throws Exception {
        String parked = "parked." + UUID.randomUUID();
        putInOneTransaction(parked, List.of("first", "second"));
        camel.getRegistry().bind("oneBrokerTransaction", new JmsBatchTransaction(connectionFactory));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("direct:move").routeId("move")
                        .policy("oneBrokerTransaction")
                            .toD("jms-batch:" + parked + "?take=true&selector=RAW(${header.selector})")
                            .setVariable("taken", header(JmsBatchProducer.TAKEN))
                            .filter(header(JmsBatchProducer.TAKEN))
                                .to("jms-batch:" + out)
                            .end()
                            .filter(simple("${variable.fail}")).throwException(new IllegalStateException("crash before the commit")).end()
                        .end();
            }
        });
        var template = camel.createProducerTemplate();

        Exchange crashed = template.send("direct:move", e -> {
            e.getIn().setHeader("selector", "JMSMessageID IS NOT NULL");
            e.setVariable("fail", true);
        });
        assertThat(crashed.getException()).hasMessage("crash before the commit");
        assertThat(receiveAll(out)).as("the put rolled back with the take").isEmpty();

        String secondId = browseIds(parked).get(1);
        Exchange one = template.send("direct:move", e -> e.getIn().setHeader("selector", "JMSMessageID = '" + secondId + "'"));
        assertThat(one.getVariable("taken", Boolean.class)).isTrue();
        assertThat(one.getMessage().getHeader(JmsBatchProducer.MESSAGE_ID)).isEqualTo(secondId);
        assertThat(receiveAll(out)).containsExactly("second");
        assertThat(browseIds(parked)).as("the first is still parked: it was taken back by the crash").hasSize(1);

        Exchange none = template.send("direct:move", e -> e.getIn().setHeader("selector", "JMSMessageID = 'ID:no-such-message'"));
        assertThat(none.getVariable("taken", Boolean.class)).isFalse();
        Exchange outsideATransaction = camel.createProducerTemplate().send("jms-batch:" + parked + "?take=true", e -> { });
        assertThat(outsideATransaction.getException()).hasMessageContaining("needs a broker transaction");
    }

    private List<String> browseIds(String queue) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var browser = session.createBrowser(session.createQueue(queue));
            for (var e = browser.getEnumeration(); e.hasMoreElements(); ) {
                ids.add(((Message) e.nextElement()).getJMSMessageID());
            }
        }
        return ids;
    }

    private NotifyBuilder batches() {
        return new NotifyBuilder(camel).fromRoute("batches").filter(e -> e.getProperty(Exchange.SPLIT_INDEX) == null);
    }

    private void putInOneTransaction(String queue, List<String> texts) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            for (String text : texts) {
                producer.send(session.createTextMessage(text));
            }
            session.commit();
        }
    }

    private List<String> receiveAll(String queue) throws Exception {
        List<String> texts = new ArrayList<>();
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            connection.start();
            for (Message m = consumer.receive(1000); m != null; m = consumer.receive(200)) {
                texts.add(((TextMessage) m).getText());
            }
        }
        return texts;
    }
}
