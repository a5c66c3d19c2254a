package io.smsbridge.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.events.SmsEvents;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * What a transacted route sends to a queue is part of its consumer's broker transaction: a delivery that fails
 * sends nothing, the redelivery that succeeds sends once. Events on sms.events are not part of it (they report
 * database commits, which a broker rollback does not undo). This is configuration (camel-jms-starter does not
 * expose the listener's session by default), so it is checked through the application's own JMS component.
 */
@SmsBridgeIntegrationTest
class BrokerTransactionsIT {

    @Autowired
    CamelContext camel;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    SmsEvents events;

    @Test
    void aRolledBackDeliverySendsNothingButItsEventsStand() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String in = "test.tx.in." + run;
        String out = "test.tx.out." + run;
        String routeId = "transaction-probe-" + run;
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:" + in + "?transacted=true&cacheLevelName=CACHE_CONSUMER").routeId(routeId)
                        .to("jms:queue:" + out)
                        .process(exchange -> events.rejected(run, List.of("probe")))
                        .filter(header("JMSXDeliveryCount").isEqualTo(1))
                            .throwException(new IllegalStateException("first delivery fails after its send"));
            }
        });
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer published = session.createConsumer(session.createTopic(SmsEvents.TOPIC));
            MessageConsumer sent = session.createConsumer(session.createQueue(out));

            new JmsTemplate(connectionFactory).convertAndSend(in, "probe");

            TextMessage first = (TextMessage) sent.receive(30_000);
            assertThat(first).as("the redelivery's send").isNotNull();
            assertThat(first.getText()).isEqualTo("probe");
            assertThat(sent.receive(2_000)).as("the failed delivery's send was rolled back with it").isNull();

            List<String> eventsOfThisRun = new ArrayList<>();
            for (TextMessage e; (e = (TextMessage) published.receive(2_000)) != null; ) {
                if (e.getText().contains("\"idempotencyKey\":\"" + run + "\"")) {
                    eventsOfThisRun.add(e.getText());
                }
            }
            assertThat(eventsOfThisRun).as("one event per delivery, the rolled-back one's included").hasSize(2);
        } finally {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
    }
}
