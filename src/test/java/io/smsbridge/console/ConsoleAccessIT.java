package io.smsbridge.console;

import static io.smsbridge.support.BridgeClient.newPhone;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.optout.OptOutLedger;
import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.sms.PhoneMask;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.ConsoleSession;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import jakarta.jms.ConnectionFactory;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * Who may do what in the console, over real HTTP as a browser without JavaScript does it: logged out is sent to the
 * login page; a viewer sees every page (phones masked, no bodies) but no action; every action needs an operator and the
 * page's CSRF token, and is audited; the API, the webhooks and actuator are not behind the console's login.
 */
@SmsBridgeIntegrationTest
class ConsoleAccessIT {

    static final List<String> PAGES = List.of("/console", "/console/overview/live", "/console/messages", "/console/conversations",
            "/console/queues", "/console/opt-outs", "/console/opt-outs.csv", "/console/audit", "/console/phone",
            "/console/phone/thread?number=%2B15005550001", "/console/mail");

    @Autowired
    BridgeClient bridge;
    @Autowired
    OutboundLedger ledger;
    @Autowired
    OptOutLedger optOuts;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void aLoggedOutRequestIsSentToTheLoginPageAndAnActionIsRefused() throws Exception {
        ConsoleSession nobody = ConsoleSession.anonymous(bridge.baseUrl());
        for (String page : PAGES) {
            HttpResponse<String> answer = nobody.get(page);
            assertThat(answer.statusCode()).as(page).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location")).as(page).hasValueSatisfying(l -> assertThat(l).endsWith("/console/login"));
        }
        String token = ConsoleSession.csrfOf(nobody.get("/console/login").body());
        assertThat(nobody.post("/console/queues/sms.send.dead-letter/release", Map.of(), token).statusCode())
                .as("an action logged out, even with a token").isEqualTo(302);
        assertThat(nobody.get("/console/login").statusCode()).isEqualTo(200);
        assertThat(nobody.get("/console/assets/console.css").statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        HttpResponse<String> answer = ConsoleSession.anonymous(bridge.baseUrl()).tryLogin("operator", "not-the-password");
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/login?error"));
    }

    @Test
    void aViewerSeesEveryPageWithPhonesMaskedAndNoBodiesButMayDoNothing() throws Exception {
        String phone = newPhone();
        String body = "viewer must not read " + UUID.randomUUID();
        String key = "console-viewer-" + UUID.randomUUID();
        assertThat(bridge.post("/api/messages", "{\"to\":\"" + phone + "\",\"body\":\"" + body + "\",\"idempotencyKey\":\"" + key + "\"}",
                OutboundApi.SANDBOX_API_KEY, "application/json").statusCode()).isEqualTo(202);
        OutboundRecord message = bridge.awaitStatus(key, "delivered");

        ConsoleSession viewer = ConsoleSession.login(bridge.baseUrl(), "viewer", "viewer");
        for (String page : PAGES) {
            assertThat(viewer.get(page).statusCode()).as(page).isEqualTo(200);
        }
        String found = viewer.get("/console/messages?phone=" + phone.substring(phone.length() - 4)).body();
        assertThat(found).contains(key, PhoneMask.maskAlways(phone)).doesNotContain(phone);
        String detail = viewer.get("/console/messages/" + message.id()).body();
        assertThat(detail).contains("delivered").doesNotContain(body).doesNotContain(phone);
        assertThat(viewer.get("/console/messages/" + message.id()).body()).doesNotContain("id=\"resend\"");

        for (String action : List.of("/console/queues/sms.send.dead-letter/release", "/console/queues/sms.send.dead-letter/discard?id=ID:1",
                "/console/opt-outs", "/console/messages/" + message.id() + "/resend")) {
            HttpResponse<String> refused = viewer.post(action, Map.of("phone", phone, "scope", "+15005550006", "action", "opt-out", "reason", "x"));
            assertThat(refused.statusCode()).as(action).isEqualTo(403);
        }
        assertThat(optOuts.isOptedOut(phone, "+15005550006")).isFalse();
    }

    @Test
    void anOperatorSeesWholeNumbersAndBodiesAndChangesAnOptOutOnlyWithTheTokenAudited() throws Exception {
        String phone = newPhone();
        ConsoleSession operator = ConsoleSession.login(bridge.baseUrl(), "operator", "operator");
        Map<String, String> optOut = Map.of("phone", phone, "scope", "+15005550006", "action", "opt-out", "reason", "asked by phone call");

        assertThat(operator.post("/console/opt-outs", optOut, null).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(operator.post("/console/opt-outs", optOut, "forged").statusCode()).as("a forged token").isEqualTo(403);
        assertThat(optOuts.isOptedOut(phone, "+15005550006")).isFalse();

        HttpResponse<String> done = operator.post("/console/opt-outs", optOut);
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(optOuts.isOptedOut(phone, "+15005550006")).isTrue();
        assertThat(optOuts.history(phone, 10)).first().satisfies(e -> {
            assertThat(e.action()).isEqualTo("opt-out");
            assertThat(e.source()).isEqualTo("console:operator");
            assertThat(e.reason()).isEqualTo("asked by phone call");
        });
        assertThat(jdbc.queryForList("SELECT actor FROM console_audit WHERE action = 'opt-out' AND target = ?", String.class, phone))
                .containsExactly("operator");
        String page = operator.get("/console/opt-outs?phone=" + phone.substring(1)).body();
        assertThat(page).contains(phone, "asked by phone call", "console:operator");
        assertThat(operator.get("/console/opt-outs.csv").body()).contains(phone + ",+15005550006,console:operator");
        assertThat(operator.get("/console/audit").body()).contains(phone, "asked by phone call");

        assertThat(operator.post("/console/opt-outs", Map.of("phone", phone, "scope", "+15005550006", "action", "opt-in",
                "reason", "consent given again")).statusCode()).isEqualTo(302);
        assertThat(optOuts.isOptedOut(phone, "+15005550006")).isFalse();
        assertThat(operator.post("/console/opt-outs", Map.of("phone", "not a phone", "scope", "+15005550006", "action", "opt-out",
                "reason", "x")).headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/opt-outs"));
    }

    @Test
    void everyActionRefusesARequestWithoutThePagesCsrfToken() throws Exception {
        ConsoleSession operator = ConsoleSession.login(bridge.baseUrl(), "operator", "operator");
        String phone = newPhone();
        for (String action : List.of("/console/queues/sms.send.dead-letter/release", "/console/queues/sms.send.dead-letter/discard",
                "/console/opt-outs", "/console/messages/no-such-id/resend", "/console/phone/send", "/console/logout")) {
            for (String token : new String[] {null, "forged"}) {
                HttpResponse<String> refused = operator.post(action, Map.of("phone", phone, "scope", "+15005550006",
                        "action", "opt-out", "reason", "csrf", "number", phone, "body", "HELP", "id", "ID:1"), token);
                assertThat(refused.statusCode()).as(action + " with token " + token).isEqualTo(403);
            }
        }
        assertThat(optOuts.isOptedOut(phone, "+15005550006")).isFalse();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message WHERE from_number = ?", Integer.class, phone))
                .as("no text from the phone simulator").isZero();
        assertThat(operator.get("/console").statusCode()).as("still logged in: the logout was refused too").isEqualTo(200);
    }

    @Test
    void anUndeliveredMessageIsSentAgainAsANewMessageThroughTheIntakeAndBothHistoriesSaySo() throws Exception {
        String key = "console-resend-" + UUID.randomUUID();
        assertThat(bridge.post("/api/messages", "{\"to\":\"+15005551003\",\"body\":\"resend me\",\"idempotencyKey\":\"" + key + "\"}",
                OutboundApi.SANDBOX_API_KEY, "application/json").statusCode()).isEqualTo(202);
        OutboundRecord undelivered = bridge.awaitStatus(key, "undelivered");
        ConsoleSession operator = ConsoleSession.login(bridge.baseUrl(), "operator", "operator");
        assertThat(operator.get("/console/messages/" + undelivered.id()).body()).contains("id=\"resend\"", "resend me", "30003");

        HttpResponse<String> resent = operator.post("/console/messages/" + undelivered.id() + "/resend", Map.of());

        assertThat(resent.statusCode()).isEqualTo(302);
        String copyId = resent.headers().firstValue("Location").orElseThrow().replaceAll(".*/console/messages/", "");
        assertThat(copyId).isNotEqualTo(undelivered.id());
        OutboundRecord copy = ledger.find(copyId).orElseThrow();
        assertThat(copy.to()).isEqualTo("+15005551003");
        assertThat(copy.body()).isEqualTo("resend me");
        assertThat(ledger.history(copyId).get(0).detail()).isEqualTo("from producer console:operator");
        assertThat(ledger.history(undelivered.id())).anySatisfy(h -> {
            assertThat(h.status()).isEqualTo("resent");
            assertThat(h.detail()).contains("console:operator", copyId);
        });
        assertThat(operator.post("/console/messages/" + copyId + "/resend", Map.of()).headers().firstValue("Location"))
                .as("a message not (yet) undelivered is not sent again").hasValueSatisfying(l -> assertThat(l).endsWith(copyId));
    }

    @Test
    void discardingAParkedMessageIsAuditedAndWrittenIntoItsMessagesHistory() throws Exception {
        String key = "console-discard-" + UUID.randomUUID();
        assertThat(bridge.post("/api/messages", "{\"to\":\"" + newPhone() + "\",\"body\":\"parked\",\"idempotencyKey\":\"" + key + "\"}",
                OutboundApi.SANDBOX_API_KEY, "application/json").statusCode()).isEqualTo(202);
        OutboundRecord message = bridge.awaitStatus(key, "delivered");
        // a parking as the sending routes leave one: the message's key and the reason as properties
        new JmsTemplate(connectionFactory).send("sms.send.dead-letter", session -> {
            var parked = session.createTextMessage("{}");
            parked.setStringProperty("SmsBridgeIdempotencyKey", key);
            parked.setStringProperty("SmsBridgeReason", "Twilio unavailable (test)");
            return parked;
        });
        String parkedId = BridgeClient.await(() -> {
            for (var m : bridge.parked("sms.send.dead-letter").path("messages")) {
                if (key.equals(m.path("SmsBridgeIdempotencyKey").asText())) {
                    return java.util.Optional.of(m.path("id").asText());
                }
            }
            return java.util.Optional.empty();
        }, java.time.Duration.ofSeconds(10), "the parking listed");
        ConsoleSession operator = ConsoleSession.login(bridge.baseUrl(), "operator", "operator");
        assertThat(operator.get("/console/queues").body()).contains(key, "Twilio unavailable (test)");

        assertThat(operator.post("/console/queues/sms.send.dead-letter/discard", Map.of("id", parkedId)).statusCode()).isEqualTo(302);

        assertThat(operator.get("/console/queues").body()).doesNotContain(key);
        assertThat(ledger.history(message.id())).anySatisfy(h -> {
            assertThat(h.status()).isEqualTo("discarded");
            assertThat(h.detail()).isEqualTo("by console:operator from sms.send.dead-letter");
        });
        assertThat(jdbc.queryForList("SELECT detail FROM console_audit WHERE action = 'discard' AND target = ?", String.class,
                "sms.send.dead-letter " + parkedId)).containsExactly("discarded");
        assertThat(operator.post("/console/queues/sms.send.dead-letter/discard", Map.of("id", "ID:' OR '1'='1")).statusCode())
                .as("only an id reaches the selector").isEqualTo(400);
        assertThat(operator.post("/console/queues/no.such.queue/release", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void aConversationShowsTheTextThatOpenedATicketWithALinkToIt() throws Exception {
        String phone = newPhone();
        var sent = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(bridge.baseUrl() + "/sandbox/phones/" + phone + "/send"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("body=My+printer+is+on+fire")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).isEqualTo(200);
        ConsoleSession operator = ConsoleSession.login(bridge.baseUrl(), "operator", "operator");

        String page = BridgeClient.await(() -> {
            try {
                String body = operator.get("/console/conversations?phone=" + java.net.URLEncoder.encode(phone, java.nio.charset.StandardCharsets.UTF_8)).body();
                return body.contains("/browse/") && body.contains("opened SUP-") ? java.util.Optional.of(body) : java.util.Optional.empty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, java.time.Duration.ofSeconds(20), "the ticket on the conversation page");

        String link = page.replaceAll("(?s).*href=\"([^\"]*/browse/[^\"]+)\".*", "$1");
        String key = link.substring(link.lastIndexOf('/') + 1);
        assertThat(page).contains("My printer is on fire", "opened " + key, "may be texted");
        assertThat(bridge.get(link.replace(bridge.baseUrl(), ""), null).body()).contains("\"key\":\"" + key + "\"");
        assertThat(operator.get("/console/conversations?phone=" + phone.substring(phone.length() - 4)).body())
                .as("last digits list the phones they may mean").contains(phone);
    }

    @Test
    void theApiWebhooksAndActuatorAreNotBehindTheConsoleLogin() throws Exception {
        HttpResponse<String> sent = bridge.post("/api/messages", "{\"to\":\"" + newPhone() + "\",\"body\":\"api alone\",\"idempotencyKey\":\"" + UUID.randomUUID() + "\"}",
                OutboundApi.SANDBOX_API_KEY, "application/json");
        assertThat(sent.statusCode()).isEqualTo(202);
        assertThat(sent.headers().firstValue("Set-Cookie")).as("no session for API calls").isEmpty();
        assertThat(bridge.get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(bridge.get("/api/parked", OutboundApi.SANDBOX_API_KEY).statusCode()).isEqualTo(200);
    }
}
