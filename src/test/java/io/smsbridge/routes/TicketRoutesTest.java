package io.smsbridge.routes;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.smsbridge.inbound.InboundMessage;
import io.smsbridge.sms.PhoneMask;
import io.smsbridge.ticket.JiraApi;
import io.smsbridge.ticket.TicketBook;
import io.smsbridge.ticket.TicketReplies;
import io.smsbridge.ticket.TwilioMedia;
import java.time.Instant;
import java.util.List;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/ticket.camel.yaml with the Jira calls (jira-client.camel.yaml) stood in for: a text opens a ticket or comments
 * on the sender's open one, is never filed twice, and the sender is told where it went.
 */
class TicketRoutesTest extends RouteFileTestSupport {

    final TicketBook book = mock(TicketBook.class);
    final TicketReplies replies = mock(TicketReplies.class);
    final InboundMessage text = new InboundMessage("SM5", "AC1", "+14155550123", "+15005550006", null, "printer broken", null,
            List.of(), Instant.now(), null);
    String openTicket;
    MockEndpoint created;
    MockEndpoint commented;
    MockEndpoint reply;

    @BeforeEach
    void routes() throws Exception {
        bind("ticketBook", book);
        bind("ticketReplies", replies);
        bind("twilioMedia", mock(TwilioMedia.class));
        bind("jiraApi", mock(JiraApi.class));
        bind("phoneMask", mock(PhoneMask.class));
        when(replies.acknowledgement(any(), any())).thenAnswer(call -> "Your ticket: " + call.<TicketBook.Filed>getArgument(0).issueKey());
        load("ticket.camel.yaml", "twilio-errors.camel.yaml");
        advise("ticket-file", route -> {
            route.weaveByToUri("direct:jira-find-open-ticket").replace().process(e -> e.setVariable("openTicket", openTicket));
            route.weaveByToUri("direct:jira-create-issue").replace().to("mock:jira-create-issue")
                    .process(e -> e.setVariable("createdIssue", "SUP-9"));
            route.weaveByToUri("direct:jira-add-comment").replace().to("mock:jira-add-comment");
        });
        advise("ticket-acknowledge", route -> route.weaveByToUri("direct:reply").replace().to("mock:reply"));
        start();
        created = mockEndpoint("jira-create-issue");
        commented = mockEndpoint("jira-add-comment");
        reply = mockEndpoint("reply");
    }

    @Test
    void aTextWithoutAnOpenTicketOpensOneAndTheSenderGetsItsKey() throws Exception {
        when(book.opened(text, "SUP-9")).thenReturn(new TicketBook.Filed("SUP-9", true));
        created.expectedMessageCount(1);
        commented.expectedMessageCount(0);
        reply.expectedBodiesReceived("Your ticket: SUP-9");

        template.send("direct:ticket", e -> e.setVariable("inbound", text));

        MockEndpoint.assertIsSatisfied(created, commented, reply);
        verify(book).opening("SM5");   // marked in doubt before the call that files it
    }

    @Test
    void aFollowUpTextCommentsOnTheOpenTicket() throws Exception {
        openTicket = "SUP-3";
        when(book.commented(text, "SUP-3")).thenReturn(new TicketBook.Filed("SUP-3", false));
        created.expectedMessageCount(0);
        commented.expectedMessageCount(1);
        reply.expectedBodiesReceived("Your ticket: SUP-3");

        template.send("direct:ticket", e -> e.setVariable("inbound", text));

        MockEndpoint.assertIsSatisfied(created, commented, reply);
        verify(book).commenting("SM5", "SUP-3");
    }

    @Test
    void aTextAlreadyFiledIsNotFiledAgain() throws Exception {
        when(book.filed("SM5")).thenReturn(new TicketBook.Filed("SUP-4", true));
        created.expectedMessageCount(0);
        commented.expectedMessageCount(0);
        reply.expectedBodiesReceived("Your ticket: SUP-4");

        template.send("direct:ticket", e -> e.setVariable("inbound", text));

        MockEndpoint.assertIsSatisfied(created, commented, reply);
        verify(book, never()).opening(anyString());
        verify(book, never()).commenting(anyString(), eq("SUP-4"));
    }
}
