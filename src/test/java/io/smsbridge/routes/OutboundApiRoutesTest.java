package io.smsbridge.routes;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.outbound.OutboundIntake;
import java.util.List;
import io.smsbridge.web.RequestRefused;
import io.smsbridge.web.RequestText;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** routes/outbound-api.camel.yaml: the API key first, then the body as JSON, then the pipeline; refusals answered. */
class OutboundApiRoutesTest extends RouteFileTestSupport {

    final OutboundApi api = mock(OutboundApi.class);
    final RequestText requestText = mock(RequestText.class);
    final OutboundIntake intake = mock(OutboundIntake.class);
    MockEndpoint accept;
    MockEndpoint outcome;

    @BeforeEach
    void routes() throws Exception {
        bind("outboundApi", api);
        bind("requestText", requestText);
        bind("outboundIntake", intake);
        bind("oneBrokerTransaction", new MarkingPolicy()); // stands in for JmsBatchTransaction (JmsBatchComponentTest)
        when(api.isAuthorized("right-key")).thenReturn(true);
        when(api.producer("right-key")).thenReturn("billing");
        load("outbound-api.camel.yaml");
        advise("outbound-api-submit", route -> {
            route.replaceFromWith("direct:post-api-messages");
            route.weaveByToUri("direct:outbound-accept").replace().to("mock:accept");
        });
        advise("outbound-api-status", route -> route.replaceFromWith("direct:get-api-message"));
        advise("outbound-api-batch", route -> {
            route.replaceFromWith("direct:post-api-batch");
            route.weaveByToUri("direct:outbound-outcome").replace().to("mock:outcome");
        });
        start();
        accept = mockEndpoint("accept");
        outcome = mockEndpoint("outcome");
    }

    /** Marks the exchanges it wraps, so a test sees which steps ran inside the broker transaction. */
    static final class MarkingPolicy implements Policy {
        @Override
        public void beforeWrap(Route route, NamedNode definition) {
        }

        @Override
        public Processor wrap(Route route, Processor processor) {
            return exchange -> {
                exchange.setVariable("inOneBrokerTransaction", true);
                processor.process(exchange);
            };
        }
    }

    @Test
    void aWrongKeyIsRefusedBeforeTheBodyIsRead() throws Exception {
        accept.expectedMessageCount(0);

        template.send("direct:post-api-messages", e -> {
            e.getIn().setHeader("X-Api-Key", "wrong");
            e.getIn().setBody("{\"to\":\"+14155550123\"}");
        });

        accept.assertIsSatisfied();
        verify(api).unauthorized(any(Exchange.class));
        verify(requestText, never()).json(any(Exchange.class), anyString());
    }

    @Test
    void theBodyGoesIntoThePipelineAsJsonWithoutTheRequestHeaders() throws Exception {
        when(requestText.json(any(Exchange.class), eq("application/json; charset=UTF-8"))).thenReturn("{\"to\":\"+14155550123\"}");
        accept.expectedBodiesReceived("{\"to\":\"+14155550123\"}");
        accept.message(0).header("X-Api-Key").isNull();
        accept.message(0).header("Content-Type").isNull();
        accept.message(0).variable("producer").isEqualTo("billing");   // the key's holder, named in events and history

        template.send("direct:post-api-messages", e -> {
            e.getIn().setHeader("X-Api-Key", "right-key");
            e.getIn().setHeader("Content-Type", "application/json; charset=UTF-8");
            e.getIn().setBody(new byte[] {'{', '}'});
        });

        accept.assertIsSatisfied();
        verify(api).submitted(any(Exchange.class));
    }

    @Test
    void aBatchIsTakenInOnceAndEachMessageGoesToItsOutcomeThenOneAnswer() throws Exception {
        List<OutboundIntake.Order> orders = List.of(new OutboundIntake.Order("{\"a\":1}", null, null, null), new OutboundIntake.Order("{\"b\":2}", null, null, null));
        OutboundIntake.Outcome first = new OutboundIntake.Outcome("queued", null, null, "{\"a\":1}");
        OutboundIntake.Outcome second = new OutboundIntake.Outcome("rejected", null, null, "{\"b\":2}");
        when(requestText.json(any(Exchange.class), any())).thenReturn("{\"messages\":[{\"a\":1},{\"b\":2}]}");
        when(api.batchOrders("{\"messages\":[{\"a\":1},{\"b\":2}]}", "billing")).thenReturn(orders);
        when(intake.take(orders)).thenReturn(List.of(first, second));
        outcome.expectedMessageCount(2);
        outcome.message(0).variable("intake").isEqualTo(first);
        outcome.message(1).variable("intake").isEqualTo(second);
        outcome.allMessages().variable("inOneBrokerTransaction").isEqualTo(true);

        template.send("direct:post-api-batch", e -> {
            e.getIn().setHeader("X-Api-Key", "right-key");
            e.getIn().setBody(new byte[] {'{', '}'});
        });

        outcome.assertIsSatisfied();
        verify(intake).take(orders);
        verify(api).batchSubmitted(any(Exchange.class), eq(List.of(first, second)));
    }

    @Test
    void aBodyThatIsNoBatchIsRefusedBeforeTheIntake() throws Exception {
        when(requestText.json(any(Exchange.class), any())).thenReturn("[]");
        when(api.batchOrders("[]", "billing")).thenThrow(new RequestRefused(400, "a batch is {\"messages\":[message, …]} and nothing else"));
        outcome.expectedMessageCount(0);

        template.send("direct:post-api-batch", e -> {
            e.getIn().setHeader("X-Api-Key", "right-key");
            e.getIn().setBody(new byte[] {'[', ']'});
        });

        outcome.assertIsSatisfied();
        verify(api).refused(any(Exchange.class));
        verify(intake, never()).take(any(List.class));
    }

    @Test
    void aBatchWithAWrongKeyIsNotRead() throws Exception {
        template.send("direct:post-api-batch", e -> {
            e.getIn().setHeader("X-Api-Key", "wrong");
            e.getIn().setBody("{}");
        });

        verify(api).unauthorized(any(Exchange.class));
        verify(requestText, never()).json(any(Exchange.class), any());
    }

    @Test
    void theIdempotencyKeyHeaderIsTheKeyOfAMessageWithoutOne() throws Exception {
        when(requestText.json(any(Exchange.class), any())).thenReturn("{\"to\":\"+14155550123\"}");
        accept.expectedVariableReceived("defaultIdempotencyKey", "order-17");
        accept.message(0).header("Idempotency-Key").isNull();

        template.send("direct:post-api-messages", e -> {
            e.getIn().setHeader("X-Api-Key", "right-key");
            e.getIn().setHeader("Idempotency-Key", "order-17");
            e.getIn().setBody(new byte[] {'{', '}'});
        });

        accept.assertIsSatisfied();
    }

    @Test
    void aBodyThatCannotBeReadIsAnsweredWithItsReason() throws Exception {
        when(requestText.json(any(Exchange.class), isNull())).thenThrow(new RequestRefused(415, "not JSON"));
        doAnswer(call -> null).when(api).refused(any(Exchange.class));
        accept.expectedMessageCount(0);

        template.send("direct:post-api-messages", e -> {
            e.getIn().setHeader("X-Api-Key", "right-key");
            e.getIn().setBody("<xml/>");
        });

        accept.assertIsSatisfied();
        verify(api).refused(any(Exchange.class));
    }
}
