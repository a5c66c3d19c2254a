package io.smsbridge.ticket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.inbound.Replies;
import io.smsbridge.web.RequestText;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Jira's comment webhooks ({@code POST /jira/webhook}): whether one is genuine, and whether its comment is an agent's
 * answer to send to the customer's phone. Genuine means signed by Jira with the shared secret (X-Hub-Signature:
 * sha256=HMAC of the raw body, as Jira Cloud signs admin webhooks) or, where Jira cannot sign (Data Center), the
 * secret itself in the {@code secret} query parameter or the X-SmsBridge-Webhook-Secret header.
 */
@Component("jiraWebhooks")
public class JiraWebhooks {

    private static final Logger log = LoggerFactory.getLogger(JiraWebhooks.class);
    private static final int MAX_SMS_CHARS = 1600;

    /**
     * A comment from a webhook.
     *
     * @param ignoredBecause null when it is an agent's answer for the customer; otherwise why it stays in Jira
     */
    public record AgentComment(String issueKey, String commentId, String text, String ignoredBecause) {
        public boolean toSend() {
            return ignoredBecause == null;
        }
    }

    private final JiraConnection connection;
    private final JiraProperties jira;
    private final Replies replies;
    private final ObjectMapper json;

    public JiraWebhooks(JiraConnection connection, JiraProperties jira, Replies replies, ObjectMapper json) {
        this.connection = connection;
        this.jira = jira;
        this.replies = replies;
        this.json = json;
    }

    public boolean authentic(Exchange exchange) {
        byte[] body = RequestText.rawBody(exchange); // the bytes Jira signed
        String secret = connection.webhookSecret();
        String signature = exchange.getMessage().getHeader("X-Hub-Signature", String.class);
        boolean ok;
        if (signature != null) {
            ok = signature.startsWith("sha256=") && same(signature.substring(7).toLowerCase(), hmacSha256Hex(secret, body == null ? new byte[0] : body));
        } else {
            String given = exchange.getMessage().getHeader("X-SmsBridge-Webhook-Secret", String.class);
            if (given == null) {
                given = queryParameter(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class), "secret");
            }
            ok = given != null && same(given, secret);
        }
        if (!ok) {
            log.warn("Refused a Jira webhook: {}", signature != null ? "wrong X-Hub-Signature" : "missing or wrong secret");
        }
        return ok;
    }

    public AgentComment agentComment(String payload) throws JsonProcessingException {
        JsonNode root = json.readTree(payload);
        String event = root.path("webhookEvent").asText("");
        JsonNode comment = root.path("comment");
        String issueKey = root.path("issue").path("key").asText(null);
        String commentId = comment.path("id").asText(null);
        String text = JiraText.plain(json.treeToValue(comment.path("body"), Object.class)).strip();
        String ignored = null;
        if (!"comment_created".equals(event)) {
            ignored = "event " + event + " is not a new comment";
        } else if (issueKey == null || commentId == null) {
            ignored = "no issue key or comment id";
        } else if (text.contains(JiraApi.MARKER) || isBridgeAccount(comment.path("author"))) {
            ignored = "the bridge's own comment";
        } else if (comment.hasNonNull("visibility")) {
            ignored = "restricted to " + comment.path("visibility").path("value").asText("a group or role");
        } else if (comment.has("jsdPublic") && !comment.path("jsdPublic").asBoolean(true)) {
            ignored = "internal comment";
        } else if (!jira.internalMarker().isEmpty() && text.regionMatches(true, 0, jira.internalMarker(), 0, jira.internalMarker().length())) {
            ignored = "starts with " + jira.internalMarker();
        } else if (text.isEmpty()) {
            ignored = "no text";
        }
        log.info("Jira comment {} on {}: {}", commentId, issueKey, ignored == null ? "for the customer" : "stays in Jira (" + ignored + ")");
        return new AgentComment(issueKey, commentId, text, ignored);
    }

    /** The agent's answer as an outbound message to the ticket's phone, once per comment (idempotency key). */
    public String outboundJson(TicketBook.Ticket ticket, AgentComment comment) throws JsonProcessingException {
        String text = comment.text().length() > MAX_SMS_CHARS ? comment.text().substring(0, MAX_SMS_CHARS - 1) + "…" : comment.text();
        return replies.outboundJson(ticket.phone(), ticket.replyFrom(), ticket.messagingServiceSid(), text,
                "jira-comment-" + ticket.issueKey() + "-" + comment.commentId());
    }

    /** What Jira is answered (it shows in its webhook log): whether the comment went to the phone, and if not why. */
    public String answer(AgentComment comment, TicketBook.Ticket ticket) throws JsonProcessingException {
        boolean sent = comment.toSend() && ticket != null;
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("result", sent ? "sent to the ticket's phone" : "not sent");
        if (!sent) {
            answer.put("reason", comment.ignoredBecause() != null ? comment.ignoredBecause() : "not a ticket opened from a text");
        }
        return json.writeValueAsString(answer);
    }

    private boolean isBridgeAccount(JsonNode author) {
        String account = jira.bridgeAccount();
        if (account == null || account.isBlank()) {
            return false;
        }
        return account.equals(author.path("accountId").asText(null)) || account.equals(author.path("name").asText(null))
                || account.equalsIgnoreCase(author.path("emailAddress").asText(""));
    }

    public static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
