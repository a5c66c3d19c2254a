package io.smsbridge.ticket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.inbound.InboundMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.springframework.stereotype.Component;

/**
 * Jira's REST API as the ticket routes use it: each {@code prepare} method turns the exchange into one request for
 * camel-http (method, path, query, Authorization, JSON body), and the {@code read} methods take what Jira answered.
 * Cloud (REST v3, rich text in ADF) and Data Center (REST v2, plain strings) differ only here.
 */
@Component("jiraApi")
public class JiraApi {

    /** Ends every description and comment the bridge writes: how it recognises its own text in Jira. */
    public static final String MARKER = "[sms-bridge message ";
    private static final int MAX_SUMMARY = 255;

    private final JiraConnection connection;
    private final JiraProperties jira;
    private final TicketProperties tickets;
    private final ObjectMapper json;

    public JiraApi(JiraConnection connection, JiraProperties jira, TicketProperties tickets, ObjectMapper json) {
        this.connection = connection;
        this.jira = jira;
        this.tickets = tickets;
        this.json = json;
    }

    public String baseUrl() {
        return connection.baseUrl();
    }

    /**
     * Where a search goes on: Jira Cloud's {@code nextPageToken}, or Data Center's {@code startAt}; {@code more} while
     * Jira has further pages and fewer than {@link #MAX_SEARCH_PAGES} were read.
     */
    public record SearchPage(int number, int startAt, String nextPageToken, boolean more) {
    }

    /** Candidates read at most, in pages of {@link #SEARCH_PAGE_SIZE}, before the search gives up (none is the phone's). */
    static final int MAX_SEARCH_PAGES = 10;
    static final int SEARCH_PAGE_SIZE = 50;

    public SearchPage firstSearchPage() {
        return new SearchPage(0, 0, null, true);
    }

    /** The page after {@code page}, from the search result Jira answered for it. */
    public SearchPage nextSearchPage(String searchResult, SearchPage page) throws JsonProcessingException {
        JsonNode result = json.readTree(searchResult);
        int read = result.path("issues").size();
        if (connection.flavour() == JiraFlavour.CLOUD) {
            String token = result.path("nextPageToken").asText(null);
            boolean more = token != null && !result.path("isLast").asBoolean(false);
            return new SearchPage(page.number() + 1, 0, token, more && page.number() + 1 < MAX_SEARCH_PAGES);
        }
        int next = result.path("startAt").asInt(page.startAt()) + read;
        boolean more = read > 0 && next < result.path("total").asInt(0);
        return new SearchPage(page.number() + 1, next, null, more && page.number() + 1 < MAX_SEARCH_PAGES);
    }

    /**
     * One page of the phone's tickets that are not done and were updated within the open window, most recent first.
     * Text fields are searched by word, so the digits find candidates and {@link #readOpenTicket} picks the exact number:
     * the candidates can fill pages, which the jira-find-open-ticket route reads until one is the phone's.
     */
    public void prepareOpenTicketSearch(Exchange exchange, String phone, SearchPage page) throws JsonProcessingException {
        String jql = "project = \"" + jira.projectKey() + "\" AND cf[" + jira.phoneFieldNumber() + "] ~ \"\\\""
                + phone.replaceAll("\\D", "") + "\\\"\" AND statusCategory != Done AND updated >= -"
                + tickets.openWindow().toMinutes() + "m ORDER BY updated DESC";
        search(exchange, jql, List.of("updated", jira.phoneField()), page);
    }

    /** Issues whose text carries this MessageSid: where an earlier, unanswered attempt filed the text. */
    public void prepareMessageSidSearch(Exchange exchange, String messageSid) throws JsonProcessingException {
        String jql = "project = \"" + jira.projectKey() + "\" AND text ~ \"\\\"" + messageSid + "\\\"\" ORDER BY created ASC";
        search(exchange, jql, List.of("summary"), firstSearchPage());
    }

    private void search(Exchange exchange, String jql, List<String> fields, SearchPage page) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jql", jql);
        body.put("fields", fields);
        body.put("maxResults", SEARCH_PAGE_SIZE);
        if (page.nextPageToken() != null) {
            body.put("nextPageToken", page.nextPageToken());
        } else if (page.startAt() > 0) {
            body.put("startAt", page.startAt());
        }
        request(exchange, "POST", connection.flavour().searchPath(), null, json.writeValueAsString(body));
    }

    public void prepareCreateIssue(Exchange exchange, InboundMessage text) throws JsonProcessingException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("project", Map.of("key", jira.projectKey()));
        fields.put("issuetype", Map.of("name", jira.issueType()));
        fields.put("summary", summary(text));
        fields.put("description", connection.flavour().richText(description(text)));
        if (!jira.labels().isEmpty()) {
            fields.put("labels", jira.labels());
        }
        fields.put(jira.phoneField(), text.from());
        request(exchange, "POST", connection.flavour().api() + "/issue", null, json.writeValueAsString(Map.of("fields", fields)));
    }

    public void prepareAddComment(Exchange exchange, String issueKey, InboundMessage text) throws JsonProcessingException {
        String comment = "Text message from " + text.from() + " at " + time(text) + ":\n\n" + bodyOrPlaceholder(text)
                + mediaNote(text) + "\n\n" + marker(text.messageSid());
        request(exchange, "POST", connection.flavour().api() + "/issue/" + encode(issueKey) + "/comment", null,
                json.writeValueAsString(Map.of("body", connection.flavour().richText(comment))));
    }

    public void prepareGetIssue(Exchange exchange, String issueKey) {
        request(exchange, "GET", connection.flavour().api() + "/issue/" + encode(issueKey), "fields=summary,status,updated,attachment", null);
    }

    public void prepareAddAttachment(Exchange exchange, String issueKey, TwilioMedia.Download media) {
        request(exchange, "POST", connection.flavour().api() + "/issue/" + encode(issueKey) + "/attachments", null,
                MultipartEntityBuilder.create()
                        .addBinaryBody("file", media.content(), ContentType.parse(media.contentType()), media.filename())
                        .build());
        exchange.getMessage().setHeader("X-Atlassian-Token", "no-check"); // Jira refuses uploads without it (XSRF)
    }

    private void request(Exchange exchange, String method, String path, String query, Object body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, method);
        message.setHeader(Exchange.HTTP_PATH, path);
        if (query != null) {
            message.setHeader(Exchange.HTTP_QUERY, query);
        }
        message.setHeader("Authorization", connection.authorization());
        message.setHeader("Accept", "application/json");
        if (body instanceof String) {
            message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        }
        message.setBody(body);
    }

    /** The key of the first search result that really is this phone's ticket, or null. */
    public String readOpenTicket(String searchResult, String phone) throws JsonProcessingException {
        for (JsonNode issue : json.readTree(searchResult).path("issues")) {
            if (phone.equals(issue.path("fields").path(jira.phoneField()).asText(null))) {
                return issue.path("key").asText();
            }
        }
        return null;
    }

    public String readFirstIssueKey(String searchResult) throws JsonProcessingException {
        JsonNode issues = json.readTree(searchResult).path("issues");
        return issues.isEmpty() ? null : issues.get(0).path("key").asText(null);
    }

    public String readCreatedKey(String created) throws JsonProcessingException {
        String key = json.readTree(created).path("key").asText(null);
        if (key == null) {
            throw new IllegalStateException("Jira created an issue but its answer has no key");
        }
        return key;
    }

    public JiraIssue readIssue(String issue) throws JsonProcessingException {
        JsonNode root = json.readTree(issue);
        JsonNode fields = root.path("fields");
        List<String> attachments = new ArrayList<>();
        fields.path("attachment").forEach(a -> attachments.add(a.path("filename").asText()));
        return new JiraIssue(root.path("key").asText(), fields.path("summary").asText(""),
                fields.path("status").path("name").asText("unknown"),
                fields.path("status").path("statusCategory").path("key").asText(""),
                fields.path("updated").asText(""), List.copyOf(attachments));
    }

    /** What the ticket's summary says: the phone and the first words of the text. */
    String summary(InboundMessage text) {
        String[] words = text.body().strip().split("\\s+");
        String start = String.join(" ", List.of(words).subList(0, Math.min(words.length, tickets.summaryWords())));
        String summary = "SMS from " + text.from() + (start.isEmpty() ? "" : ": " + start + (words.length > tickets.summaryWords() ? "…" : ""));
        summary = summary.replaceAll("\\p{Cntrl}", " ");
        return summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY - 1) + "…" : summary;
    }

    String description(InboundMessage text) {
        return "Text message from " + text.from() + " to " + text.to() + ", received " + time(text) + ":\n\n"
                + bodyOrPlaceholder(text) + mediaNote(text)
                + "\n\nAnswer in a comment: the bridge texts it to " + text.from() + ". Comments starting with "
                + jira.internalMarker() + " stay internal.\n\n" + marker(text.messageSid());
    }

    private static String bodyOrPlaceholder(InboundMessage text) {
        return text.body().isBlank() ? "(no text)" : text.body();
    }

    private static String mediaNote(InboundMessage text) {
        return text.media().isEmpty() ? "" : "\n\n(" + text.media().size() + " picture(s) or file(s) sent by MMS: see attachments "
                + text.messageSid() + "-*)";
    }

    private static String time(InboundMessage text) {
        return DateTimeFormatter.ISO_INSTANT.format(text.receivedAt().truncatedTo(ChronoUnit.SECONDS));
    }

    static String marker(String messageSid) {
        return MARKER + messageSid + "]";
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8);
    }

    /** What the bridge reads of an issue. */
    public record JiraIssue(String key, String summary, String status, String statusCategory, String updated, List<String> attachments) {
        public boolean done() {
            return "done".equals(statusCategory);
        }
    }
}
