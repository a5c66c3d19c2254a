package io.smsbridge.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Jira comments become SMS: an agent's public answer does; internal, restricted and the bridge's own do not. */
class JiraWebhooksTest {

    private final JiraProperties properties = new JiraProperties("cloud", null, null, null, null, null, null, List.of(),
            null, null, "#internal", "bridge-account-id", null, null, null);
    private final JiraWebhooks webhooks = new JiraWebhooks(null, properties, null, new ObjectMapper());

    @Test
    void anAgentsPublicCommentIsSent() throws Exception {
        JiraWebhooks.AgentComment c = webhooks.agentComment(payload("\"Your badge is ready\"", "\"author\":{\"accountId\":\"agent-1\"}"));
        assertThat(c.toSend()).isTrue();
        assertThat(c.text()).isEqualTo("Your badge is ready");
        assertThat(c.issueKey()).isEqualTo("SUP-7");
        assertThat(c.commentId()).isEqualTo("10100");
    }

    @Test
    void anAdfCommentBodyIsReadAsText() throws Exception {
        String adf = new ObjectMapper().writeValueAsString(JiraText.toAdf("Line one\nline two\n\nNext paragraph"));
        JiraWebhooks.AgentComment c = webhooks.agentComment(payload(adf, "\"author\":{\"accountId\":\"agent-1\"}"));
        assertThat(c.text()).isEqualTo("Line one\nline two\n\nNext paragraph");
    }

    @Test
    void commentsThatStayInJira() throws Exception {
        assertThat(webhooks.agentComment(payload("\"#INTERNAL printer is out of cards\"", "\"author\":{}")).ignoredBecause())
                .isEqualTo("starts with #internal");
        assertThat(webhooks.agentComment(payload("\"for admins\"", "\"visibility\":{\"type\":\"role\",\"value\":\"Administrators\"}")).ignoredBecause())
                .isEqualTo("restricted to Administrators");
        assertThat(webhooks.agentComment(payload("\"note\"", "\"jsdPublic\":false")).ignoredBecause()).isEqualTo("internal comment");
        assertThat(webhooks.agentComment(payload("\"Text message from +1...\\n\\n" + JiraApi.MARKER.replace("[", "[") + "SM1]\"", "\"author\":{}"))
                .ignoredBecause()).isEqualTo("the bridge's own comment");
        assertThat(webhooks.agentComment(payload("\"hello\"", "\"author\":{\"accountId\":\"bridge-account-id\"}")).ignoredBecause())
                .isEqualTo("the bridge's own comment");
        assertThat(webhooks.agentComment("{\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"key\":\"SUP-7\"}}").toSend()).isFalse();
    }

    @Test
    void theSignatureIsHmacSha256OfTheBodyInHex() {
        // RFC 4231 test case 2
        assertThat(JiraWebhooks.hmacSha256Hex("Jefe", "what do ya want for nothing?".getBytes()))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    private static String payload(String body, String extra) {
        return "{\"webhookEvent\":\"comment_created\",\"issue\":{\"id\":\"10001\",\"key\":\"SUP-7\"},"
                + "\"comment\":{\"id\":\"10100\",\"body\":" + body + "," + extra + "}}";
    }
}
