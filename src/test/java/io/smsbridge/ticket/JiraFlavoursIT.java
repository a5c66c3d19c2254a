package io.smsbridge.ticket;

import static io.smsbridge.support.BridgeClient.newPhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.inbound.InboundMessage;
import io.smsbridge.sandbox.SandboxJiraIssues;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import io.smsbridge.web.PublicBaseUrl;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.ExchangeBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * Jira Cloud (REST v3, ADF, email + API token) and Data Center (REST v2, strings, personal access token): the same
 * operations in both request shapes, through the bridge's jira-call route over real HTTP to the sandbox Jira, which
 * refuses the other flavour's shapes as Jira does.
 */
@SmsBridgeIntegrationTest
class JiraFlavoursIT {

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    ObjectMapper json;
    @Autowired
    SandboxJiraIssues issues;
    @Autowired
    PublicBaseUrl publicBaseUrl;
    @Autowired
    Environment environment;
    @Autowired
    BridgeClient bridge;

    @ParameterizedTest
    @ValueSource(strings = {"cloud", "data-center"})
    void eachFlavourOpensFindsCommentsAndReadsTickets(String flavour) throws Exception {
        JiraApi api = api(flavour);
        String phone = newPhone();
        InboundMessage first = text(phone, "Flavour " + flavour + " opens a ticket");
        InboundMessage second = text(phone, "and comments on it");

        Exchange create = prepared(ex -> call(() -> api.prepareCreateIssue(ex, first)));
        assertThat(create.getMessage().getHeader(Exchange.HTTP_PATH)).isEqualTo(flavour.equals("cloud") ? "/rest/api/3/issue" : "/rest/api/2/issue");
        assertThat(create.getMessage().getHeader("Authorization", String.class)).startsWith(flavour.equals("cloud") ? "Basic " : "Bearer ");
        String key = api.readCreatedKey(send(create));

        SandboxJiraIssues.Issue stored = issues.get(key);
        if (flavour.equals("cloud")) {
            assertThat(JiraText.isAdf(stored.description())).isTrue();
        } else {
            assertThat(stored.description()).isInstanceOf(String.class);
        }
        assertThat(stored.reporter().emailAddress()).isEqualTo(JiraConnection.SANDBOX_EMAIL);
        assertThat(stored.customFields()).containsEntry("customfield_10050", phone);

        assertThat(api.readOpenTicket(send(prepared(ex -> call(() -> api.prepareOpenTicketSearch(ex, phone, api.firstSearchPage())))), phone)).isEqualTo(key);
        send(prepared(ex -> call(() -> api.prepareAddComment(ex, key, second))));
        // Like Jira, the sandbox's search answers with the fields asked for only: not the ticket's comments, which a
        // phone that texts a lot makes long (every text looks its ticket up).
        String search = send(prepared(ex -> call(() -> api.prepareOpenTicketSearch(ex, phone, api.firstSearchPage()))));
        assertThat(json.readTree(search).path("issues").get(0).path("fields").fieldNames())
                .toIterable().containsExactlyInAnyOrder("updated", "customfield_10050");
        assertThat(api.readFirstIssueKey(send(prepared(ex -> call(() -> api.prepareMessageSidSearch(ex, second.messageSid())))))).isEqualTo(key);
        JiraApi.JiraIssue read = api.readIssue(send(prepared(ex -> api.prepareGetIssue(ex, key))));
        assertThat(read.status()).isEqualTo("To Do");
        assertThat(read.done()).isFalse();
        assertThat(JiraText.plain(stored.comments().get(0).body())).contains("and comments on it", JiraApi.MARKER + second.messageSid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cloud", "data-center"})
    void theOpenTicketIsFoundBehindAPageOfOtherCandidates(String flavour) throws Exception {
        JiraApi api = api(flavour);
        String phone = newPhone();
        String key = api.readCreatedKey(send(prepared(ex -> call(() -> api.prepareCreateIssue(ex, text(phone, "the real one"))))));
        // newer tickets whose phone field contains the same digits (the word search finds them too), more than a page
        for (int i = 0; i < JiraApi.SEARCH_PAGE_SIZE + 5; i++) {
            String decoy = phone + (i % 10);
            send(prepared(ex -> call(() -> api.prepareCreateIssue(ex, text(decoy, "someone else")))));
        }
        JiraApi.SearchPage[] page = {api.firstSearchPage()};
        String found = null;
        int pages = 0;
        while (found == null && page[0].more()) {
            String result = send(prepared(ex -> call(() -> api.prepareOpenTicketSearch(ex, phone, page[0]))));
            found = api.readOpenTicket(result, phone);
            page[0] = api.nextSearchPage(result, page[0]);
            pages++;
        }
        assertThat(found).isEqualTo(key);
        assertThat(pages).as("pages read").isEqualTo(2);

        if (flavour.equals("cloud")) { // the application's own flavour: the same through the route
            Exchange lookUp = prepared(ex -> ex.setVariable("inbound", text(phone, "a follow-up")));
            producer.send("direct:jira-find-open-ticket", lookUp);
            assertThat(lookUp.getException()).isNull();
            assertThat(lookUp.getVariable("openTicket", String.class)).isEqualTo(key);
        }
    }

    @Test
    void theSandboxRefusesTheOtherFlavoursShapesAsJiraDoes() throws Exception {
        Map<String, Object> stringDescription = Map.of("fields", Map.of("project", Map.of("key", "SUP"),
                "issuetype", Map.of("name", "Task"), "summary", "shape check", "description", "plain"));
        String bridgeUser = JiraConnection.SANDBOX_EMAIL + ":" + JiraConnection.SANDBOX_API_TOKEN;
        String basic = "Basic " + Base64.getEncoder().encodeToString(bridgeUser.getBytes(StandardCharsets.UTF_8));
        var v3 = post("/sandbox/jira/rest/api/3/issue", stringDescription, basic);
        assertThat(v3.getStatusCode().value()).isEqualTo(400);
        assertThat(v3.getBody()).contains("\"description\"", "Atlassian Document");

        Map<String, Object> adfDescription = Map.of("fields", Map.of("project", Map.of("key", "SUP"),
                "issuetype", Map.of("name", "Task"), "summary", "shape check", "description", JiraText.toAdf("rich")));
        var v2 = post("/sandbox/jira/rest/api/2/issue", adfDescription, basic);
        assertThat(v2.getStatusCode().value()).isEqualTo(400);
        assertThat(v2.getBody()).contains("must be a string");
        assertThat(post("/sandbox/jira/rest/api/2/issue", adfDescription, "Bearer not-a-token").getStatusCode().value()).isEqualTo(401);

        Exchange refused = prepared(ex -> ex.getMessage().setBody(null));
        api("data-center").prepareGetIssue(refused, "SUP-999999");
        Exchange answer = producer.send("direct:jira-call", refused);
        assertThat(answer.getException()).isInstanceOf(HttpOperationFailedException.class);
        assertThat(((HttpOperationFailedException) answer.getException()).getStatusCode()).isEqualTo(404);
    }

    private ResponseEntity<String> post(String path, Object body, String authorization) {
        return RestClient.create(bridge.baseUrl()).post().uri(path)
                .header("Authorization", authorization).contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
                        .body(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    private JiraApi api(String flavour) {
        JiraProperties properties = new JiraProperties(flavour, bridge.baseUrl() + JiraConnection.SANDBOX_JIRA_PATH,
                JiraConnection.SANDBOX_EMAIL, JiraConnection.SANDBOX_API_TOKEN, JiraConnection.SANDBOX_PERSONAL_ACCESS_TOKEN,
                "SUP", "Task", List.of("sms"), "customfield_10050", "a-secret", null, null, null, null, null);
        TicketProperties tickets = new TicketProperties(true, null, null, null, null, null, null);
        return new JiraApi(new JiraConnection(properties, tickets, publicBaseUrl, environment), properties, tickets, json);
    }

    private static InboundMessage text(String phone, String body) {
        return new InboundMessage("SM" + UUID.randomUUID().toString().replace("-", ""), "AC00000000000000000000000000000000",
                phone, "+15005550006", null, body, null, List.of(), Instant.now(), null);
    }

    private Exchange prepared(Consumer<Exchange> prepare) {
        Exchange exchange = ExchangeBuilder.anExchange(camel).build();
        prepare.accept(exchange);
        return exchange;
    }

    private String send(Exchange request) throws Exception {
        Exchange answer = producer.send("direct:jira-call", request);
        if (answer.getException() != null) {
            throw answer.getException();
        }
        return answer.getMessage().getBody(String.class);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void call(Step step) {
        try {
            step.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
