package io.smsbridge.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A Jira-compatible subset of the REST API — Data Center's v2 and Cloud's v3 (rich text in Atlassian Document
 * Format) — for the resources the bridge uses: issues, JQL search (a subset, see {@link SandboxJql}), comments,
 * attachments and transitions, with Jira's JSON shapes, error bodies and authentication (Basic email + API token,
 * or a Bearer personal access token). Adding a comment posts a signed {@code comment_created} webhook to the
 * bridge, as a Jira admin webhook with a secret does, so the help-desk loop runs offline.
 * <p>
 * Users: the bridge's integration user (smsbridge.jira credentials, or the sandbox defaults) and an agent,
 * {@value #AGENT_EMAIL} with API token {@value #AGENT_API_TOKEN} or personal access token {@value #AGENT_PAT}.
 */
@RestController
@ConditionalOnSandbox
@RequestMapping(path = "/sandbox/jira", produces = MediaType.APPLICATION_JSON_VALUE)
public class SandboxJiraApi {

    private static final Logger log = LoggerFactory.getLogger(SandboxJiraApi.class);
    public static final String AGENT_EMAIL = "agent@example.com";
    public static final String AGENT_API_TOKEN = "sandbox-agent-token";
    public static final String AGENT_PAT = "sandbox-agent-pat";
    private static final DateTimeFormatter JIRA_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final List<String> STATUSES = List.of("To Do", "In Progress", "Done");

    /**
     * Faults, changeable at run time through {@code PUT /sandbox/jira/admin/faults}.
     *
     * @param unavailable  the next N requests are answered 503, unprocessed
     * @param lostAnswers  the next N writes (issue, comment, attachment) are carried out but answered 504, as when
     *                     Jira's answer is lost on the way
     * @param latencyMillis added to every request
     * @param tooManyRequests   the next N requests are answered 429 (Jira Cloud's rate limit), unprocessed
     * @param retryAfterSeconds the Retry-After of those 429s (none when 0)
     */
    public record Faults(Integer unavailable, Integer lostAnswers, Integer latencyMillis, Integer tooManyRequests, Integer retryAfterSeconds) {
        public static final Faults NONE = new Faults(0, 0, 0, 0, 0);

        public Faults {
            unavailable = unavailable == null ? 0 : unavailable;
            lostAnswers = lostAnswers == null ? 0 : lostAnswers;
            latencyMillis = latencyMillis == null ? 0 : latencyMillis;
            tooManyRequests = tooManyRequests == null ? 0 : tooManyRequests;
            retryAfterSeconds = retryAfterSeconds == null ? 0 : retryAfterSeconds;
        }
    }

    /** A request Jira would refuse: the status and Jira's error body. */
    static final class JiraError extends RuntimeException {
        final int status;
        final Map<String, String> fieldErrors;
        final int retryAfterSeconds;

        JiraError(int status, String message, Map<String, String> fieldErrors) {
            this(status, message, fieldErrors, 0);
        }

        JiraError(int status, String message, Map<String, String> fieldErrors, int retryAfterSeconds) {
            super(message);
            this.status = status;
            this.fieldErrors = fieldErrors;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    private final SandboxJiraIssues issues;
    private final SandboxWebhooks webhooks;
    private final ObjectMapper json;
    private final SandboxJiraIssues.User bridgeUser;
    private final SandboxJiraIssues.User agent = new SandboxJiraIssues.User("sandbox-agent", "agent", "Sandbox Agent", AGENT_EMAIL);
    private final Map<String, SandboxJiraIssues.User> basicCredentials = new LinkedHashMap<>();
    private final Map<String, SandboxJiraIssues.User> bearerTokens = new LinkedHashMap<>();
    private final String webhookSecret;
    private final AtomicInteger unavailableLeft = new AtomicInteger();
    private final AtomicInteger lostAnswersLeft = new AtomicInteger();
    private final AtomicReference<Integer> latency = new AtomicReference<>(0);
    private final AtomicInteger tooManyRequestsLeft = new AtomicInteger();
    private final AtomicInteger retryAfterSeconds = new AtomicInteger();

    public SandboxJiraApi(SandboxJiraIssues issues, SandboxWebhooks webhooks, ObjectMapper json, Environment environment) {
        this.issues = issues;
        this.webhooks = webhooks;
        this.json = json;
        // the bridge's Jira account: the configured one (the same environment variables), else the sandbox's own
        String email = SandboxAccount.setting(environment, "smsbridge.jira.email", "sms-bridge@example.com");
        this.bridgeUser = new SandboxJiraIssues.User("sms-bridge", "sms-bridge", "SMS Bridge", email);
        basicCredentials.put(email + ":" + SandboxAccount.setting(environment, "smsbridge.jira.api-token", "sandbox-jira-token"), bridgeUser);
        bearerTokens.put(SandboxAccount.setting(environment, "smsbridge.jira.personal-access-token", "sandbox-jira-pat"), bridgeUser);
        basicCredentials.put(AGENT_EMAIL + ":" + AGENT_API_TOKEN, agent);
        bearerTokens.put(AGENT_PAT, agent);
        this.webhookSecret = SandboxAccount.setting(environment, "smsbridge.jira.webhook-secret", "sandbox-jira-webhook-secret");
    }

    @PostMapping(path = "/rest/api/{version}/issue", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> createIssue(@PathVariable String version, @RequestBody Map<String, Object> request,
                                                           @RequestHeader(value = "Authorization", required = false) String authorization)
            throws InterruptedException {
        SandboxJiraIssues.User user = admit(version, authorization);
        Map<String, Object> fields = map(request.get("fields"));
        Map<String, String> errors = new LinkedHashMap<>();
        String project = string(map(fields.get("project")).get("key"));
        String issueType = string(map(fields.get("issuetype")).get("name"));
        String summary = string(fields.get("summary"));
        if (project == null || !project.matches("[A-Z][A-Z0-9]+")) {
            errors.put("project", "valid project is required");
        }
        if (issueType == null) {
            errors.put("issuetype", "valid issue type is required");
        }
        if (summary == null || summary.isBlank()) {
            errors.put("summary", "You must specify a summary of the issue.");
        } else if (summary.length() > 255 || summary.contains("\n")) {
            errors.put("summary", "Summary must be less than 255 characters and on one line.");
        }
        Object description = fields.get("description");
        if (description != null && !richTextFits(version, description)) {
            errors.put("description", richTextError(version));
        }
        List<String> labels = new ArrayList<>();
        if (fields.get("labels") instanceof List<?> given) {
            given.forEach(l -> labels.add(String.valueOf(l)));
            if (labels.stream().anyMatch(l -> l.isBlank() || l.contains(" "))) {
                errors.put("labels", "Labels cannot contain spaces.");
            }
        }
        Map<String, Object> custom = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (name.startsWith("customfield_")) {
                custom.put(name, value);
            } else if (!List.of("project", "issuetype", "summary", "description", "labels").contains(name)) {
                errors.put(name, "Field '" + name + "' cannot be set. It is not on the appropriate screen, or unknown.");
            }
        });
        if (!errors.isEmpty()) {
            throw new JiraError(400, null, errors);
        }
        SandboxJiraIssues.Issue issue = issues.create(project, issueType, summary, description, labels, custom, user);
        loseAnswerMaybe("issue " + issue.key());
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("id", issue.id());
        created.put("key", issue.key());
        created.put("self", self(version) + "/issue/" + issue.id());
        return ResponseEntity.status(201).body(created);
    }

    @GetMapping("/rest/api/{version}/issue/{key}")
    public Map<String, Object> getIssue(@PathVariable String version, @PathVariable String key,
                                        @RequestParam(value = "fields", required = false) String fields,
                                        @RequestHeader(value = "Authorization", required = false) String authorization) throws InterruptedException {
        admit(version, authorization);
        return issueJson(version, find(key), fields == null ? null : requestedFields(List.of(fields.split(","))));
    }

    @PostMapping(path = {"/rest/api/2/search", "/rest/api/3/search/jql"}, consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> search(@RequestBody Map<String, Object> request,
                                      @RequestHeader(value = "Authorization", required = false) String authorization) throws InterruptedException {
        String version = ServletUriComponentsBuilder.fromCurrentRequestUri().build().getPath().contains("/api/3/") ? "3" : "2";
        admit(version, authorization);
        int max = request.get("maxResults") instanceof Number n ? Math.min(100, n.intValue()) : 50;
        List<SandboxJiraIssues.Issue> found;
        try {
            found = issues.search(string(request.get("jql")));
        } catch (SandboxJql.JqlError e) {
            throw new JiraError(400, e.getMessage(), Map.of());
        }
        // Pages as Jira pages: Data Center by startAt (and says the total), Cloud's /search/jql by an opaque nextPageToken
        // (absent on the last page, with isLast).
        int start = version.equals("2") ? (request.get("startAt") instanceof Number n ? Math.max(0, n.intValue()) : 0)
                : pageTokenOffset(request.get("nextPageToken"));
        List<SandboxJiraIssues.Issue> page = found.stream().skip(start).limit(max).toList();
        boolean last = start + page.size() >= found.size();
        Map<String, Object> result = new LinkedHashMap<>();
        if (version.equals("2")) {
            result.put("startAt", start);
            result.put("maxResults", max);
            result.put("total", found.size());
        } else if (!last) {
            result.put("nextPageToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("offset:" + (start + page.size())).getBytes(StandardCharsets.UTF_8)));
        }
        if (version.equals("3")) {
            result.put("isLast", last);
        }
        List<String> wanted = requestedFields(request.get("fields"));
        result.put("issues", page.stream().map(i -> issueJson(version, i, wanted)).toList());
        return result;
    }

    @PostMapping(path = "/rest/api/{version}/issue/{key}/comment", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> addComment(@PathVariable String version, @PathVariable String key,
                                                          @RequestBody Map<String, Object> request,
                                                          @RequestHeader(value = "Authorization", required = false) String authorization)
            throws InterruptedException {
        SandboxJiraIssues.User user = admit(version, authorization);
        SandboxJiraIssues.Issue issue = find(key);
        Object body = request.get("body");
        if (body == null || !richTextFits(version, body) || SandboxAdf.text(body).isBlank()) {
            throw new JiraError(400, null, Map.of("comment", body == null ? "Comment body can not be empty!" : richTextError(version)));
        }
        Map<String, Object> visibility = request.get("visibility") instanceof Map<?, ?> v ? map(v) : null;
        SandboxJiraIssues.Comment comment = issues.comment(issue, body, user, visibility);
        notifyCommentCreated(issue, comment);
        loseAnswerMaybe("comment " + comment.id() + " on " + issue.key());
        return ResponseEntity.status(201).body(commentJson(version, issue, comment));
    }

    @PostMapping(path = "/rest/api/{version}/issue/{key}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public List<Map<String, Object>> addAttachments(@PathVariable String version, @PathVariable String key,
                                                    @RequestParam("file") List<MultipartFile> files,
                                                    @RequestHeader(value = "Authorization", required = false) String authorization,
                                                    @RequestHeader(value = "X-Atlassian-Token", required = false) String xsrf)
            throws InterruptedException, IOException {
        SandboxJiraIssues.User user = admit(version, authorization);
        if (!"no-check".equals(xsrf)) {
            throw new JiraError(403, "XSRF check failed", Map.of());
        }
        SandboxJiraIssues.Issue issue = find(key);
        List<Map<String, Object>> added = new ArrayList<>();
        for (MultipartFile file : files) {
            SandboxJiraIssues.Attachment a = issues.attach(issue, file.getOriginalFilename(),
                    file.getContentType() == null ? "application/octet-stream" : file.getContentType(), file.getBytes(), user);
            added.add(attachmentJson(version, a));
        }
        loseAnswerMaybe("attachments on " + issue.key());
        return added;
    }

    @GetMapping("/rest/api/{version}/issue/{key}/transitions")
    public Map<String, Object> transitions(@PathVariable String version, @PathVariable String key,
                                           @RequestHeader(value = "Authorization", required = false) String authorization) throws InterruptedException {
        admit(version, authorization);
        find(key);
        List<Map<String, Object>> transitions = new ArrayList<>();
        for (int i = 0; i < STATUSES.size(); i++) {
            transitions.add(Map.of("id", String.valueOf(11 + 10 * i), "name", STATUSES.get(i), "to", Map.of("name", STATUSES.get(i))));
        }
        return Map.of("transitions", transitions);
    }

    /** Moves the issue: transition 11 To Do, 21 In Progress, 31 Done. */
    @PostMapping(path = "/rest/api/{version}/issue/{key}/transitions", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Void> transition(@PathVariable String version, @PathVariable String key, @RequestBody Map<String, Object> request,
                                           @RequestHeader(value = "Authorization", required = false) String authorization) throws InterruptedException {
        admit(version, authorization);
        SandboxJiraIssues.Issue issue = find(key);
        String id = string(map(request.get("transition")).get("id"));
        int index = id == null || !id.matches("\\d1") ? -1 : (Integer.parseInt(id) - 11) / 10;
        if (index < 0 || index >= STATUSES.size()) {
            throw new JiraError(400, null, Map.of("transition", "Transition id '" + id + "' is not valid for this issue."));
        }
        issue.transition(STATUSES.get(index), issues.now());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/rest/api/{version}/myself")
    public Map<String, Object> myself(@PathVariable String version,
                                      @RequestHeader(value = "Authorization", required = false) String authorization) throws InterruptedException {
        return SandboxJiraIssues.userJson(admit(version, authorization));
    }

    /** Every issue with its comments (plain text) and attachment names: what a tester looks at. */
    @GetMapping("/admin/issues")
    public List<Map<String, Object>> allIssues() {
        return issues.all().stream().map(SandboxJiraApi::summary).toList();
    }

    /** Where Jira shows an issue to people (the console links tickets here): the same summary, for one issue. */
    @GetMapping("/browse/{key}")
    public Map<String, Object> browse(@PathVariable String key) {
        return summary(find(key));
    }

    private static Map<String, Object> summary(SandboxJiraIssues.Issue i) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("key", i.key());
        summary.put("status", i.status());
        summary.put("summary", i.summary());
        summary.put("description", SandboxAdf.text(i.description()));
        summary.put("fields", i.customFields());
        summary.put("comments", i.comments().stream().map(c -> Map.of("id", c.id(), "author", c.author().emailAddress(),
                "body", SandboxAdf.text(c.body()))).toList());
        summary.put("attachments", i.attachments().stream().map(a -> Map.of("filename", a.filename(), "mimeType", a.mimeType(),
                "size", a.content().length)).toList());
        return summary;
    }

    @GetMapping("/admin/faults")
    public Faults faults() {
        return new Faults(unavailableLeft.get(), lostAnswersLeft.get(), latency.get(), tooManyRequestsLeft.get(), retryAfterSeconds.get());
    }

    @PutMapping(path = "/admin/faults", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Faults setFaults(@RequestBody Faults faults) {
        unavailableLeft.set(faults.unavailable());
        lostAnswersLeft.set(faults.lostAnswers());
        synchronized (latency) {
            latency.set(faults.latencyMillis());
            latency.notifyAll(); // held requests re-read it
        }
        tooManyRequestsLeft.set(faults.tooManyRequests());
        retryAfterSeconds.set(faults.retryAfterSeconds());
        return faults();
    }

    @DeleteMapping("/admin/faults")
    public Faults clearFaults() {
        return setFaults(Faults.NONE);
    }

    @PostMapping("/admin/reset")
    public void reset() {
        issues.clear();
        clearFaults();
    }

    @ExceptionHandler(JiraError.class)
    public ResponseEntity<Map<String, Object>> error(JiraError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorMessages", error.getMessage() == null ? List.of() : List.of(error.getMessage()));
        body.put("errors", error.fieldErrors);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(error.status).contentType(MediaType.APPLICATION_JSON);
        if (error.retryAfterSeconds > 0) {
            answer.header("Retry-After", String.valueOf(error.retryAfterSeconds));
        }
        return answer.body(body);
    }

    /**
     * Holds the request for the injected latency, measured against the latency in force: when the fault is changed or
     * cleared, requests already held are released accordingly (a test that clears the fault gets its hung requests
     * answered, instead of threads sleeping on through the application's graceful shutdown).
     */
    private void awaitInjectedLatency() throws InterruptedException {
        long start = System.nanoTime();
        synchronized (latency) {
            long left;
            while ((left = latency.get() - (System.nanoTime() - start) / 1_000_000) > 0) {
                latency.wait(left);
            }
        }
    }

    /** Injected faults first (they stand for Jira's infrastructure), then the REST version and authentication. */
    private SandboxJiraIssues.User admit(String version, String authorization) throws InterruptedException {
        awaitInjectedLatency();
        if (unavailableLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new JiraError(503, "Service Unavailable (injected by the sandbox)", Map.of());
        }
        if (tooManyRequestsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new JiraError(429, "Rate limit exceeded.", Map.of(), retryAfterSeconds.get());
        }
        if (!version.equals("2") && !version.equals("3")) {
            throw new JiraError(404, "No REST API version " + version, Map.of());
        }
        SandboxJiraIssues.User user = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                user = basicCredentials.get(new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                user = null;
            }
        } else if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            user = bearerTokens.get(authorization.substring(7).trim());
        }
        if (user == null) {
            throw new JiraError(401, "You are not authenticated. Authentication required to perform this operation.", Map.of());
        }
        return user;
    }

    private void loseAnswerMaybe(String what) {
        if (lostAnswersLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            log.info("Sandbox Jira: {} done, answer lost on purpose (fault lostAnswers)", what);
            throw new JiraError(504, "Gateway Timeout (injected by the sandbox after the change was made)", Map.of());
        }
    }

    private SandboxJiraIssues.Issue find(String key) {
        SandboxJiraIssues.Issue issue = issues.get(key);
        if (issue == null) {
            throw new JiraError(404, "Issue does not exist or you do not have permission to see it.", Map.of());
        }
        return issue;
    }

    /** REST v3 takes rich text as ADF documents, v2 as strings. */
    private static boolean richTextFits(String version, Object value) {
        return version.equals("3") ? SandboxAdf.isDocument(value) : value instanceof String;
    }

    private static String richTextError(String version) {
        return version.equals("3") ? "Operation value must be an Atlassian Document (see the Atlassian Document Format)"
                : "Operation value must be a string";
    }

    private Object richText(String version, Object value) {
        if (value == null) {
            return null;
        }
        return version.equals("3") ? (SandboxAdf.isDocument(value) ? value : SandboxAdf.document(SandboxAdf.text(value))) : SandboxAdf.text(value);
    }

    private String self(String version) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/sandbox/jira/rest/api/" + version).toUriString();
    }

    /** Where a Cloud search page starts: 0 without a token; a token this sandbox did not issue is Jira's 400. */
    private static int pageTokenOffset(Object token) {
        if (token == null) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(String.valueOf(token)), StandardCharsets.UTF_8);
            if (decoded.startsWith("offset:")) {
                return Integer.parseInt(decoded.substring(7));
            }
        } catch (IllegalArgumentException e) {
            // not one of ours: below
        }
        throw new JiraError(400, "The provided next page token is invalid or expired.", Map.of());
    }

    /** The search's "fields" as Jira reads it: null (all of them) when absent or when it asks for *all / *navigable. */
    private static List<String> requestedFields(Object fields) {
        if (!(fields instanceof List<?> names) || names.contains("*all") || names.contains("*navigable")) {
            return null;
        }
        return names.stream().map(String::valueOf).toList();
    }

    private Map<String, Object> issueJson(String version, SandboxJiraIssues.Issue issue) {
        return issueJson(version, issue, null);
    }

    /**
     * An issue with the fields asked for (all when {@code wanted} is null). As Jira does, a search answers with the
     * fields it was asked for only: an issue's comments can be thousands.
     */
    private Map<String, Object> issueJson(String version, SandboxJiraIssues.Issue issue, List<String> wanted) {
        Map<String, Object> fields = new LinkedHashMap<>();
        BiConsumer<String, Supplier<Object>> field = (name, value) -> {
            if (wanted == null || wanted.contains(name)) {
                fields.put(name, value.get());
            }
        };
        field.accept("summary", issue::summary);
        field.accept("issuetype", () -> Map.of("name", issue.issueType()));
        field.accept("project", () -> Map.of("key", issue.projectKey()));
        field.accept("status", () -> Map.of("name", issue.status(),
                "statusCategory", Map.of("key", issue.statusCategoryKey(), "name", issue.statusCategoryName())));
        field.accept("created", () -> JIRA_TIME.format(issue.created()));
        field.accept("updated", () -> JIRA_TIME.format(issue.updated()));
        field.accept("labels", issue::labels);
        field.accept("reporter", () -> SandboxJiraIssues.userJson(issue.reporter()));
        field.accept("description", () -> richText(version, issue.description()));
        field.accept("comment", () -> {
            List<SandboxJiraIssues.Comment> comments = issue.comments();
            return Map.of("comments", comments.stream().map(c -> commentJson(version, issue, c)).toList(),
                    "maxResults", comments.size(), "total", comments.size(), "startAt", 0);
        });
        field.accept("attachment", () -> issue.attachments().stream().map(a -> attachmentJson(version, a)).toList());
        issue.customFields().forEach((name, value) -> field.accept(name, () -> value));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", issue.id());
        json.put("key", issue.key());
        json.put("self", self(version) + "/issue/" + issue.id());
        json.put("fields", fields);
        return json;
    }

    private Map<String, Object> commentJson(String version, SandboxJiraIssues.Issue issue, SandboxJiraIssues.Comment c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("self", self(version) + "/issue/" + issue.id() + "/comment/" + c.id());
        json.put("id", c.id());
        json.put("author", SandboxJiraIssues.userJson(c.author()));
        json.put("body", richText(version, c.body()));
        json.put("updateAuthor", SandboxJiraIssues.userJson(c.author()));
        json.put("created", JIRA_TIME.format(c.created()));
        json.put("updated", JIRA_TIME.format(c.created()));
        if (c.visibility() != null) {
            json.put("visibility", c.visibility());
        }
        return json;
    }

    private Map<String, Object> attachmentJson(String version, SandboxJiraIssues.Attachment a) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("self", self(version) + "/attachment/" + a.id());
        json.put("id", a.id());
        json.put("filename", a.filename());
        json.put("author", SandboxJiraIssues.userJson(a.author()));
        json.put("created", JIRA_TIME.format(a.created()));
        json.put("size", a.content().length);
        json.put("mimeType", a.mimeType());
        return json;
    }

    /** Jira's comment_created webhook (REST v2 shapes, as Jira sends webhooks), signed with the secret. */
    private void notifyCommentCreated(SandboxJiraIssues.Issue issue, SandboxJiraIssues.Comment comment) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("timestamp", Instant.now().toEpochMilli());
        payload.put("webhookEvent", "comment_created");
        payload.put("comment", commentJson("2", issue, comment));
        payload.put("issue", Map.of("id", issue.id(), "key", issue.key(), "self", self("2") + "/issue/" + issue.id(),
                "fields", Map.of("summary", issue.summary(), "status", Map.of("name", issue.status()))));
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String url = webhooks.bridgeUrl("/jira/webhook");
        webhooks.postJson(url, body, Map.of(
                        "X-Hub-Signature", "sha256=" + signature(body),
                        "X-Atlassian-Webhook-Identifier", UUID.randomUUID().toString()))
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        log.warn("Sandbox Jira: comment_created webhook to {} failed: {}", url, failure.toString());
                    } else if (response.statusCode() >= 300) {
                        log.warn("Sandbox Jira: comment_created webhook to {} answered {}", url, response.statusCode());
                    }
                });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    /** X-Hub-Signature of a webhook body, as Jira signs it: HMAC-SHA256 with the webhook's secret, hex. */
    private String signature(String body) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), hmac.getAlgorithm()));
            return HexFormat.of().formatHex(hmac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
