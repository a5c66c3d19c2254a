package io.smsbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.inbound.InboundMessage;
import java.time.Instant;
import java.util.List;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** routes/keyword-examples.camel.yaml: the example keywords ACK, ONCALL and STATUS, each an editable route. */
class KeywordExamplesRoutesTest extends RouteFileTestSupport {

    final InboundMessage text = new InboundMessage("SM9", "AC1", "+14155550123", "+15005550006", null, "ACK INC-42", null,
            List.of(), Instant.now(), null);
    MockEndpoint acks;
    MockEndpoint ticketStatus;

    @BeforeEach
    void routes() throws Exception {
        load("keyword-examples.camel.yaml", "twilio-errors.camel.yaml");
        advise("keyword-ack", route -> route.mockEndpointsAndSkip("jms:*"));
        advise("keyword-status", route -> route.weaveByToUri("direct:ticket-status").replace().to("mock:ticket-status"));
        start();
        acks = mockEndpoint("jms:queue:incident.acks");
        ticketStatus = mockEndpoint("ticket-status");
    }

    @Test
    void ackPublishesTheAcknowledgementAndThanks() throws Exception {
        acks.expectedBodiesReceived("{\"incident\":\"INC-42\",\"ackedBy\":\"+14155550123\",\"messageSid\":\"SM9\"}");

        String reply = template.send("direct:keyword-ack", e -> {
            e.getIn().setBody("INC-42");
            e.setVariable("inbound", text);
        }).getMessage().getBody(String.class);

        acks.assertIsSatisfied();
        assertThat(reply).isEqualTo("Incident INC-42 acknowledged. Thank you.");
    }

    @Test
    void ackWithoutAnIncidentAsksWhichOne() throws Exception {
        acks.expectedMessageCount(0);

        String reply = template.requestBody("direct:keyword-ack", "", String.class);

        acks.assertIsSatisfied();
        assertThat(reply).startsWith("Which incident?");
    }

    @Test
    void oncallNamesWhoIsOnCallAndStatusAsksTheTicketFlow() throws Exception {
        assertThat(template.requestBody("direct:keyword-oncall", "", String.class)).startsWith("On call now: ");
        ticketStatus.expectedBodiesReceived("SUP-7");

        template.sendBody("direct:keyword-status", "SUP-7");

        ticketStatus.assertIsSatisfied();
    }
}
