package io.smsbridge.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** The sandbox Jira's issues, comments and attachments, in memory. */
@Component
@ConditionalOnSandbox
public class SandboxJiraIssues {

    /** A Jira user as the sandbox knows it. */
    public record User(String accountId, String name, String displayName, String emailAddress) {
    }

    public record Comment(String id, Object body, User author, Instant created, Map<String, Object> visibility) {
    }

    public record Attachment(String id, String filename, String mimeType, byte[] content, User author, Instant created) {
    }

    /** One issue. Mutable state is guarded by the issue itself. */
    public static final class Issue {
        private final String id;
        private final long number;
        private final String key;
        private final String projectKey;
        private final String issueType;
        private final String summary;
        private final Object description;
        private final List<String> labels;
        private final Map<String, Object> customFields;
        private final User reporter;
        private final Instant created;
        private final List<Comment> comments = new ArrayList<>();
        private final List<Attachment> attachments = new ArrayList<>();
        private String status = "To Do";
        private Instant updated;

        Issue(String id, long number, String projectKey, String issueType, String summary, Object description,
              List<String> labels, Map<String, Object> customFields, User reporter, Instant created) {
            this.id = id;
            this.number = number;
            this.key = projectKey + "-" + number;
            this.projectKey = projectKey;
            this.issueType = issueType;
            this.summary = summary;
            this.description = description;
            this.labels = List.copyOf(labels);
            this.customFields = Map.copyOf(customFields);
            this.reporter = reporter;
            this.created = created;
            this.updated = created;
        }

        public String id() { return id; }
        public long number() { return number; }
        public String key() { return key; }
        public String projectKey() { return projectKey; }
        public String issueType() { return issueType; }
        public String summary() { return summary; }
        public Object description() { return description; }
        public List<String> labels() { return labels; }
        public Map<String, Object> customFields() { return customFields; }
        public User reporter() { return reporter; }
        public Instant created() { return created; }

        public synchronized String status() { return status; }
        public synchronized Instant updated() { return updated; }
        public synchronized List<Comment> comments() { return List.copyOf(comments); }
        public synchronized List<Attachment> attachments() { return List.copyOf(attachments); }

        /** Jira's status categories: new (To Do), indeterminate (In Progress), done (Done). */
        public synchronized String statusCategoryKey() {
            return switch (status) {
                case "Done" -> "done";
                case "In Progress" -> "indeterminate";
                default -> "new";
            };
        }

        public String statusCategoryName() {
            return switch (statusCategoryKey()) {
                case "done" -> "Done";
                case "indeterminate" -> "In Progress";
                default -> "To Do";
            };
        }

        synchronized void add(Comment comment) {
            comments.add(comment);
            updated = comment.created();
        }

        synchronized void add(Attachment attachment) {
            attachments.add(attachment);
            updated = attachment.created();
        }

        synchronized void transition(String newStatus, Instant at) {
            status = newStatus;
            updated = at;
        }

        /** What JQL's ~ searches: one text field, or (field "text") summary, description and comments. */
        synchronized String searchableText(String field) {
            if (field.startsWith("customfield_")) {
                Object value = customFields.get(field);
                return value == null ? "" : SandboxAdf.text(value);
            }
            if (field.equals("summary")) {
                return summary;
            }
            StringBuilder all = new StringBuilder(summary).append('\n').append(SandboxAdf.text(description));
            comments.forEach(c -> all.append('\n').append(SandboxAdf.text(c.body())));
            return all.toString();
        }
    }

    private final Map<String, Issue> byKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> nextNumber = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(10000);
    private final Clock clock = Clock.systemUTC();

    Issue create(String projectKey, String issueType, String summary, Object description, List<String> labels,
                 Map<String, Object> customFields, User reporter) {
        long number = nextNumber.computeIfAbsent(projectKey, p -> new AtomicLong()).incrementAndGet();
        Issue issue = new Issue(String.valueOf(nextId.incrementAndGet()), number, projectKey, issueType, summary, description,
                labels, customFields, reporter, now());
        byKey.put(issue.key(), issue);
        return issue;
    }

    /** By key (SUP-1) or id (10001). */
    public Issue get(String keyOrId) {
        Issue issue = byKey.get(keyOrId.toUpperCase());
        return issue != null ? issue : byKey.values().stream().filter(i -> i.id().equals(keyOrId)).findFirst().orElse(null);
    }

    Comment comment(Issue issue, Object body, User author, Map<String, Object> visibility) {
        Comment comment = new Comment(String.valueOf(nextId.incrementAndGet()), body, author, now(), visibility);
        issue.add(comment);
        return comment;
    }

    Attachment attach(Issue issue, String filename, String mimeType, byte[] content, User author) {
        Attachment attachment = new Attachment(String.valueOf(nextId.incrementAndGet()), filename, mimeType, content, author, now());
        issue.add(attachment);
        return attachment;
    }

    List<Issue> search(String jql) {
        SandboxJql.Query query = SandboxJql.parse(jql, now());
        return byKey.values().stream().filter(query.filter()).sorted(query.order()).toList();
    }

    /** Every issue, oldest first: for tests and the admin view. */
    public List<Issue> all() {
        return byKey.values().stream().sorted(Comparator.comparingLong(Issue::number)).toList();
    }

    void clear() {
        byKey.clear();
        nextNumber.clear();
    }

    Instant now() {
        return clock.instant();
    }

    static Map<String, Object> userJson(User user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("accountId", user.accountId());
        json.put("name", user.name());
        json.put("displayName", user.displayName());
        json.put("emailAddress", user.emailAddress());
        json.put("active", true);
        return json;
    }
}
