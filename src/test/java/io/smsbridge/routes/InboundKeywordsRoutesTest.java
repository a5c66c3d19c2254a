package io.smsbridge.routes;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.smsbridge.inbound.InboundFailures;
import io.smsbridge.inbound.InboundMessage;
import io.smsbridge.inbound.InboundMessages;
import io.smsbridge.inbound.Keywords;
import io.smsbridge.inbound.Replies;
import io.smsbridge.metrics.BridgeMetrics;
import io.smsbridge.optout.OptOutLedger;
import io.smsbridge.sms.PhoneMask;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** routes/inbound-keywords.camel.yaml: each keyword family to its step and its reply; anything else to the ticket flow. */
class InboundKeywordsRoutesTest extends RouteFileTestSupport {

    final Keywords keywords = mock(Keywords.class);
    final OptOutLedger optOuts = mock(OptOutLedger.class);
    final Replies replies = mock(Replies.class);
    final InboundMessages inboundMessages = mock(InboundMessages.class);
    final InboundFailures failures = mock(InboundFailures.class);
    final InboundMessage text = new InboundMessage("SM1", "AC1", "+14155550123", "+15005550006", null, "stop", null,
            List.of(), Instant.now(), "token-1");
    MockEndpoint outbound;
    MockEndpoint ticket;

    @BeforeEach
    void routes() throws Exception {
        bind("keywords", keywords);
        bind("optOutLedger", optOuts);
        bind("replies", replies);
        bind("inboundMessages", inboundMessages);
        bind("inboundFailures", failures);
        when(failures.attempt(any(), any())).thenReturn(1);
        bind("bridgeMetrics", mock(BridgeMetrics.class));
        bind("phoneMask", mock(PhoneMask.class));
        bind("webhookDeliveries", new MemoryIdempotentRepository());
        bind("inboundMessageSids", new MemoryIdempotentRepository());
        when(inboundMessages.fromJson(anyString())).thenReturn(text);
        when(replies.mayAnswer(any(), any())).thenReturn(true);
        when(replies.outboundJson(any(InboundMessage.class), anyString(), anyString()))
                .thenAnswer(call -> "{\"body\":\"" + call.getArgument(1) + "\",\"purpose\":\"" + call.getArgument(2) + "\"}");
        load("inbound-keywords.camel.yaml", "inbound-errors.camel.yaml", "twilio-errors.camel.yaml");
        advise("inbound-keyword-dispatch", route -> route.replaceFromWith("direct:sms.inbound"));
        advise("keyword-dispatch", route -> route.weaveByToUri("direct:ticket").replace().to("mock:ticket"));
        advise("inbound-keyword-dispatch", route -> route.mockEndpointsAndSkip("jms:*"));   // inbound-errors' sends
        advise("reply-to-sender", route -> route.mockEndpointsAndSkip("jms:*"));
        start();
        outbound = mockEndpoint("jms:queue:sms.outbound");
        ticket = mockEndpoint("ticket");
    }

    @Test
    void stopOptsOutAndLeavesTheConfirmationToTwilio() throws Exception {
        // smsbridge.inbound.confirm-opt-out is false by default: Twilio answers STOP itself on long codes and toll-free
        when(keywords.classify(any())).thenReturn(new Keywords.Keyword("STOP", "STOP", "", null, null));
        outbound.expectedMessageCount(0);
        ticket.expectedMessageCount(0);

        template.sendBody("direct:sms.inbound", "{text}");

        MockEndpoint.assertIsSatisfied(outbound, ticket);
        verify(optOuts).optOut("+14155550123", "+15005550006", "STOP", "SM1");
    }

    @Test
    void helpAnswersWithTheHelpText() throws Exception {
        when(keywords.classify(any())).thenReturn(new Keywords.Keyword("HELP", "HELP", "", null, null));
        outbound.expectedMessageCount(1);
        outbound.message(0).body().contains("\"purpose\":\"help\"");
        outbound.message(0).header("SmsBridgeOptOutConfirmation").isNull();

        template.sendBody("direct:sms.inbound", "{text}");

        outbound.assertIsSatisfied();
    }

    @Test
    void anythingElseGoesToTheTicketFlowOnceEvenWhenDeliveredTwice() throws Exception {
        when(keywords.classify(any())).thenReturn(new Keywords.Keyword("NONE", null, null, null, null));
        ticket.expectedMessageCount(1);
        outbound.expectedMessageCount(0);

        template.sendBody("direct:sms.inbound", "{text}");
        template.sendBody("direct:sms.inbound", "{text}");   // Twilio's retry of the same webhook

        MockEndpoint.assertIsSatisfied(ticket, outbound);
        verify(inboundMessages).store(text);
        verify(optOuts, never()).optOut(anyString(), anyString(), anyString(), isNull());
    }

    @Test
    void someoneWhoOptedOutGetsNoHelpReply() throws Exception {
        when(keywords.classify(any())).thenReturn(new Keywords.Keyword("HELP", "HELP", "", null, null));
        when(replies.mayAnswer(eq(text), isNull())).thenReturn(false);
        outbound.expectedMessageCount(0);

        template.sendBody("direct:sms.inbound", "{text}");

        outbound.assertIsSatisfied();
    }

    @Test
    void aTextJiraRefusesIsParkedWithItsReasonAndItsKeysReleased() throws Exception {
        when(keywords.classify(any())).thenReturn(new Keywords.Keyword("NONE", null, null, null, null));
        ticket.whenAnyExchangeReceived(e -> {
            throw new IllegalStateException("Jira 400: project SUP does not exist");
        });
        when(failures.park(any(), any())).thenReturn(true);
        when(failures.reason(any(), any())).thenReturn("Jira refused the ticket: project SUP does not exist");
        MockEndpoint parked = mockEndpoint("jms:queue:sms.inbound.dead-letter");
        parked.expectedBodiesReceived("{text}");
        parked.message(0).header("SmsBridgeReason").isEqualTo("Jira refused the ticket: project SUP does not exist");
        parked.message(0).header("SmsBridgeMessageSid").isEqualTo("SM1");

        template.sendBody("direct:sms.inbound", "{text}");

        parked.assertIsSatisfied();
        verify(failures).release(text, "Jira refused the ticket: project SUP does not exist");
    }

    @Test
    void aJiraThatAsksToWaitGetsTheTextBackAfterItsRetryAfter() throws Exception {
        when(keywords.classify(any())).thenReturn(new Keywords.Keyword("NONE", null, null, null, null));
        ticket.whenAnyExchangeReceived(e -> {
            throw new HttpOperationFailedException("https://jira/rest/api/3/issue", 429, "Too Many Requests", null,
                    Map.of("Retry-After", "2"), "");
        });
        when(failures.asksToWait(any(), any())).thenReturn(true);
        when(failures.retryAfterMillis(any(), any())).thenReturn(2000L);
        MockEndpoint again = mockEndpoint("jms:queue:sms.inbound");
        again.expectedBodiesReceived("{text}");
        again.message(0).header("JMSXGroupID").isEqualTo("+14155550123");
        again.message(0).header("SmsBridgeAttempts").isEqualTo("1");

        template.sendBody("direct:sms.inbound", "{text}");

        again.assertIsSatisfied();
        verify(failures).putBack(text, 2000L, 1);
    }
}
