package io.smsbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

import io.smsbridge.receipts.ReceiptRefused;
import io.smsbridge.receipts.Receipts;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** routes/receipts.camel.yaml: a receipt posted as Receipts prepared it, tried again in place, parked with its reason. */
class ReceiptsRoutesTest extends RouteFileTestSupport {

    final Receipts receipts = mock(Receipts.class);
    final AtomicInteger posts = new AtomicInteger();
    volatile int failuresBeforeSuccess;
    MockEndpoint posted;
    MockEndpoint parked;

    @BeforeEach
    void routes() throws Exception {
        bind("receipts", receipts);
        doAnswer(call -> {
            Exchange exchange = call.getArgument(0);
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setBody(call.getArgument(2));
            exchange.getMessage().setHeader(Exchange.HTTP_URI, call.getArgument(1));
            return null;
        }).when(receipts).prepare(any(Exchange.class), any(), any());
        load("receipts.camel.yaml");
        advise("receipt-post", route -> {
            route.replaceFromWith("direct:sms.receipts");
            route.weaveByToUri("http://receipt-receiver*").replace().process(e -> {
                if (posts.incrementAndGet() <= failuresBeforeSuccess) {
                    throw new java.io.IOException("connection refused");
                }
            }).to("mock:posted");
        });
        advise("receipt-park", route -> route.weaveByToUri("jms:queue:sms.receipts.dead-letter").replace().to("mock:parked"));
        start();
        posted = mockEndpoint("posted");
        parked = mockEndpoint("parked");
    }

    @Test
    void aReceiptIsPostedToItsUrlWithNothingElseOfTheQueuedMessage() throws Exception {
        posted.expectedBodiesReceived("{\"type\":\"sent\"}");
        posted.message(0).header(Exchange.HTTP_URI).isEqualTo("https://producer.example.com/receipts");
        posted.message(0).header("SmsBridgeReceiptUrl").isNull();
        parked.expectedMessageCount(0);

        template.send("direct:sms.receipts", receipt("{\"type\":\"sent\"}"));

        MockEndpoint.assertIsSatisfied(posted, parked);
    }

    @Test
    void aFailedPostIsTriedAgainInPlace() throws Exception {
        failuresBeforeSuccess = 1;   // then it answers: one retry, after smsbridge.receipts.first-retry-after
        posted.expectedMessageCount(1);
        parked.expectedMessageCount(0);

        Exchange done = template.send("direct:sms.receipts", receipt("{\"type\":\"delivered\"}"));

        MockEndpoint.assertIsSatisfied(posted, parked);
        assertThat(posts.get()).isEqualTo(2);
        assertThat(done.getException()).isNull();
    }

    @Test
    void aReceiptWhoseHostTurnedPrivateIsParkedAtOnceWithItsReason() throws Exception {
        doThrow(new ReceiptRefused("statusCallbackUrl's host resolves to a local or private address"))
                .when(receipts).prepare(any(Exchange.class), eq("https://rebound.example.com/r"), any());
        parked.expectedBodiesReceived("{\"type\":\"failed\"}");
        parked.message(0).header("SmsBridgeReason").isEqualTo("statusCallbackUrl's host resolves to a local or private address");
        parked.message(0).header("SmsBridgeReceiptUrl").isEqualTo("https://rebound.example.com/r");
        parked.message(0).header("JMSXGroupID").isEqualTo("m-1");
        posted.expectedMessageCount(0);

        template.send("direct:sms.receipts", e -> {
            e.getIn().setBody("{\"type\":\"failed\"}");
            e.getIn().setHeader("SmsBridgeReceiptUrl", "https://rebound.example.com/r");
            e.getIn().setHeader("SmsBridgeMessageId", "m-1");
        });

        MockEndpoint.assertIsSatisfied(posted, parked);
        assertThat(posts.get()).isZero();
    }

    private static org.apache.camel.Processor receipt(String body) {
        return e -> {
            e.getIn().setBody(body);
            e.getIn().setHeader("SmsBridgeReceiptUrl", "https://producer.example.com/receipts");
            e.getIn().setHeader("SmsBridgeMessageId", "m-1");
            e.getIn().setHeader("JMSXGroupID", "m-1");
        };
    }
}
