package io.smsbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.smsbridge.inbound.InboundMessage;
import io.smsbridge.ticket.JiraApi;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/jira-client.camel.yaml with Jira itself stood in for (a mock behind jira-call): the open-ticket search reads
 * page after page until a candidate is the sender's or Jira has no more, and an answer leaves jira-call as text without
 * Jira's headers.
 */
class JiraClientRoutesTest extends RouteFileTestSupport {

    final JiraApi api = mock(JiraApi.class);
    final InboundMessage text = new InboundMessage("SM5", "AC1", "+14155550123", "+15005550006", null, "printer broken", null,
            List.of(), Instant.now(), null);
    MockEndpoint jira;

    @BeforeEach
    void routes() throws Exception {
        bind("jiraApi", api);
        bind("jiraHttpClient", new Object());   // named by jira-call's URI, which is replaced below
        when(api.firstSearchPage()).thenReturn(new JiraApi.SearchPage(0, 0, null, true));
        load("jira-client.camel.yaml", "twilio-errors.camel.yaml");
        advise("jira-call", route -> route.weaveByType(org.apache.camel.model.ToDynamicDefinition.class).replace().to("mock:jira"));
        start();
        jira = mockEndpoint("jira");
    }

    @Test
    void theSearchReadsPagesUntilOneHoldsTheSendersTicket() throws Exception {
        jira.whenExchangeReceived(1, e -> e.getMessage().setBody("page-1"));
        jira.whenExchangeReceived(2, e -> e.getMessage().setBody("page-2"));
        when(api.readOpenTicket("page-1", "+14155550123")).thenReturn(null);    // candidates, none the phone's
        when(api.readOpenTicket("page-2", "+14155550123")).thenReturn("SUP-3");
        when(api.nextSearchPage(eq("page-1"), any())).thenReturn(new JiraApi.SearchPage(1, 0, "token-2", true));
        when(api.nextSearchPage(eq("page-2"), any())).thenReturn(new JiraApi.SearchPage(2, 0, "token-3", true));
        jira.expectedMessageCount(2);

        Exchange done = template.send("direct:jira-find-open-ticket", e -> e.setVariable("inbound", text));

        jira.assertIsSatisfied();
        assertThat(done.getVariable("openTicket")).isEqualTo("SUP-3");
    }

    @Test
    void theSearchStopsWhenJiraHasNoMorePages() throws Exception {
        jira.whenAnyExchangeReceived(e -> e.getMessage().setBody("last-page"));
        when(api.readOpenTicket(anyString(), anyString())).thenReturn(null);
        when(api.nextSearchPage(eq("last-page"), any())).thenReturn(new JiraApi.SearchPage(1, 0, null, false));
        jira.expectedMessageCount(1);

        Exchange done = template.send("direct:jira-find-open-ticket", e -> e.setVariable("inbound", text));

        jira.assertIsSatisfied();
        assertThat(done.getException()).isNull();
        assertThat(done.getVariable("openTicket")).isNull();
    }

    @Test
    void anAnswerLeavesJiraCallAsTextWithoutJirasHeaders() throws Exception {
        jira.whenAnyExchangeReceived(e -> {
            e.getMessage().setBody("{\"key\":\"SUP-9\"}".getBytes(StandardCharsets.UTF_8));
            e.getMessage().setHeader("Set-Cookie", "atlassian.xsrf.token=secret");
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        });
        when(api.readCreatedKey("{\"key\":\"SUP-9\"}")).thenReturn("SUP-9");

        Exchange done = template.send("direct:jira-create-issue", e -> e.setVariable("inbound", text));

        assertThat(done.getException()).isNull();
        assertThat(done.getVariable("createdIssue")).isEqualTo("SUP-9");
        assertThat(done.getMessage().getHeaders()).doesNotContainKey("Set-Cookie");
    }
}
