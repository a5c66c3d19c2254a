package io.smsbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.smsbridge.outbound.OutboundIntake;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.outbound.OutboundSender;
import io.smsbridge.outbound.OutboundStatus;
import io.smsbridge.outbound.OutboundValidator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Message;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** routes/outbound-intake.camel.yaml: a batch of sms.outbound, and one message of the HTTP API, each to its outcome. */
class OutboundIntakeRoutesTest extends RouteFileTestSupport {

    final OutboundIntake intake = mock(OutboundIntake.class);
    final OutboundSender sender = mock(OutboundSender.class);
    MockEndpoint toSend;
    MockEndpoint rejected;

    @BeforeEach
    void routes() throws Exception {
        bind("outboundIntake", intake);
        bind("outboundSender", sender);
        when(sender.sendGroup(any())).thenAnswer(call -> call.<OutboundRecord>getArgument(0).sender());
        load("outbound-intake.camel.yaml", "twilio-errors.camel.yaml");
        advise("outbound-intake", route -> route.replaceFromWith("direct:sms.outbound"));
        advise("outbound-enqueue", route -> route.mockEndpointsAndSkip("jms-batch:*"));
        advise("outbound-reject", route -> route.mockEndpointsAndSkip("jms-batch:*"));
        start();
        toSend = mockEndpoint("jms-batch:sms.send");
        rejected = mockEndpoint("jms-batch:sms.outbound.rejected");
    }

    @Test
    void aBatchIsCheckedOnceAndEachMessageGoesItsWay() throws Exception {
        List<Message> batch = List.of(jms("{queued}", "ID:1"), jms("{invalid}", "ID:2"), jms("{opted out}", "ID:3"), jms("{again}", "ID:4"));
        when(intake.takeBatch(anyList())).thenReturn(List.of(
                outcome("queued", message("m-1", "+15005550006"), "{queued}"),
                new OutboundIntake.Outcome("rejected", new OutboundValidator.Validation(null, List.of("to is missing", "body is empty"), "ID:2"), null, "{invalid}"),
                outcome("suppressed", message("m-3", "+15005550006"), "{opted out}"),
                outcome("duplicate", message("m-4", "+18885550100"), "{again}")));   // still accepted: handed on again
        toSend.expectedBodiesReceived("m-1", "m-4");
        toSend.message(0).header("JMSXGroupID").isEqualTo("+15005550006");
        toSend.message(1).header("JMSXGroupID").isEqualTo("+18885550100");
        toSend.message(0).header("SmsBridgeAccepted").isNull();   // sms.send carries the id and its group, nothing more
        rejected.expectedBodiesReceived("{invalid}");
        rejected.message(0).header("SmsBridgeReason").isEqualTo("to is missing; body is empty");
        rejected.message(0).header("SmsBridgeIdempotencyKey").isEqualTo("ID:2");

        template.sendBody("direct:sms.outbound", batch);

        MockEndpoint.assertIsSatisfied(toSend, rejected);
        assertThat(toSend.getExchanges()).allSatisfy(e -> assertThat(e.getIn().getHeaders()).doesNotContainKey("SmsBridgeReason"));
    }

    @Test
    void aMessageOfTheHttpApiTakesTheSameWay() throws Exception {
        when(intake.take(eq("{conflict}"), anyString(), isNull(), eq("billing"))).thenReturn(new OutboundIntake.Outcome("conflict",
                new OutboundValidator.Validation(null, List.of("idempotencyKey 'k' is already used by message m-0"), "k"),
                message("m-0", "+15005550006"), "{conflict}"));
        rejected.expectedBodiesReceived("{conflict}");
        rejected.message(0).header("SmsBridgeReason").isEqualTo("idempotencyKey 'k' is already used by message m-0");
        toSend.expectedMessageCount(0);

        template.send("direct:outbound-accept", e -> {
            e.getIn().setBody("{conflict}");
            e.setVariable("defaultIdempotencyKey", "http-1");
            e.setVariable("producer", "billing");
        });

        MockEndpoint.assertIsSatisfied(toSend, rejected);
    }

    private Message jms(String text, String id) {
        Message m = new DefaultMessage(camel);
        m.setBody(text);
        m.setHeader("JMSMessageID", id);
        return m;
    }

    private static OutboundIntake.Outcome outcome(String outcome, OutboundRecord message, String payload) {
        return new OutboundIntake.Outcome(outcome, new OutboundValidator.Validation(null, List.of(), message.idempotencyKey()), message, payload);
    }

    static OutboundRecord message(String id, String sender) {
        return message(id, sender, OutboundStatus.ACCEPTED);
    }

    static OutboundRecord message(String id, String sender, String status) {
        Instant now = Instant.now();
        return new OutboundRecord(id, "key-" + id, "+14155550123", sender, sender, null, "Hello", List.of(), "GSM7", 1, null, null,
                status, null, null, null, null, null, 0, now, now, "US", Map.of(), null, null);
    }
}
