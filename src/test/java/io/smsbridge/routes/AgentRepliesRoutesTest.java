package io.smsbridge.routes;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.smsbridge.ticket.JiraWebhooks;
import io.smsbridge.ticket.TicketBook;
import io.smsbridge.web.RequestText;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** routes/agent-replies.camel.yaml: an agent's comment on a texted ticket goes to the phone; anything else stays in Jira. */
class AgentRepliesRoutesTest extends RouteFileTestSupport {

    final JiraWebhooks webhooks = mock(JiraWebhooks.class);
    final TicketBook tickets = mock(TicketBook.class);
    final RequestText requestText = mock(RequestText.class);
    final TicketBook.Ticket ticket = new TicketBook.Ticket("SUP-7", "+14155550123", "+15005550006", null);
    MockEndpoint outbound;

    @BeforeEach
    void routes() throws Exception {
        bind("jiraWebhooks", webhooks);
        bind("ticketBook", tickets);
        bind("requestText", requestText);
        when(requestText.json(any(Exchange.class), any())).thenReturn("{comment}");
        when(webhooks.outboundJson(ticket, null)).thenReturn("{}");
        load("agent-replies.camel.yaml", "webhook-errors.camel.yaml");
        advise("jira-comment-webhook", route -> {
            route.replaceFromWith("direct:jira-webhook");
            route.mockEndpointsAndSkip("jms:*");
        });
        start();
        outbound = mockEndpoint("jms:queue:sms.outbound");
    }

    @Test
    void anAgentsCommentOnATextedTicketGoesToThePhone() throws Exception {
        JiraWebhooks.AgentComment comment = new JiraWebhooks.AgentComment("SUP-7", "10001", "We are on it", null);
        when(webhooks.authentic(any())).thenReturn(true);
        when(webhooks.agentComment("{comment}")).thenReturn(comment);
        when(tickets.ticket("SUP-7")).thenReturn(ticket);
        when(webhooks.outboundJson(ticket, comment)).thenReturn("{\"to\":\"+14155550123\",\"body\":\"We are on it\"}");
        outbound.expectedBodiesReceived("{\"to\":\"+14155550123\",\"body\":\"We are on it\"}");

        template.sendBody("direct:jira-webhook", "{comment}");

        outbound.assertIsSatisfied();
    }

    @Test
    void theBridgesOwnCommentsAndUnknownTicketsStayInJira() throws Exception {
        when(webhooks.authentic(any())).thenReturn(true);
        when(webhooks.agentComment("{comment}")).thenReturn(new JiraWebhooks.AgentComment("SUP-7", "10002", "[SMS] hello", "the bridge's own"));
        when(tickets.ticket("SUP-7")).thenReturn(ticket);
        outbound.expectedMessageCount(0);

        template.sendBody("direct:jira-webhook", "{comment}");
        when(webhooks.agentComment("{comment}")).thenReturn(new JiraWebhooks.AgentComment("OPS-1", "10003", "not ours", null));
        template.sendBody("direct:jira-webhook", "{comment}");

        outbound.assertIsSatisfied();
    }

    @Test
    void aForgedWebhookIs403() throws Exception {
        when(webhooks.authentic(any())).thenReturn(false);
        outbound.expectedMessageCount(0);

        Exchange answered = template.send("direct:jira-webhook", e -> e.getIn().setBody("{comment}"));

        outbound.assertIsSatisfied();
        org.assertj.core.api.Assertions.assertThat(answered.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(403);
    }
}
