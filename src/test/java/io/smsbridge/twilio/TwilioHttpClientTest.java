package io.smsbridge.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.exception.ApiException;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import io.smsbridge.support.ScriptedHttpServer;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class TwilioHttpClientTest {

    @Test
    void rewritesTheApiDomainOntoTheBaseUrl() {
        assertThat(TwilioHttpClient.rewrite("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=2&Page=1",
                "http://localhost:8089/sandbox/twilio/"))
                .isEqualTo("http://localhost:8089/sandbox/twilio/2010-04-01/Accounts/AC1/Messages.json?PageSize=2&Page=1");
    }

    @Test
    void keepsOtherDomainsApartUnderTheBaseUrl() {
        assertThat(TwilioHttpClient.rewrite("https://messaging.twilio.com/v1/Services/MG1", "http://h/sandbox/twilio"))
                .isEqualTo("http://h/sandbox/twilio/messaging/v1/Services/MG1");
        assertThat(TwilioHttpClient.rewrite("https://api.us1.twilio.com/2010-04-01/Accounts.json", "http://h"))
                .isEqualTo("http://h/2010-04-01/Accounts.json");
    }

    @Test
    void leavesNonTwilioUrlsAlone() {
        assertThat(TwilioHttpClient.rewrite("https://example.com/a.png", "http://h")).isEqualTo("https://example.com/a.png");
        assertThat(TwilioHttpClient.rewrite("https://api.twilio.com.evil.example/x", "http://h"))
                .isEqualTo("https://api.twilio.com.evil.example/x");
    }


    private static final String CREATED = "{\"sid\":\"SM00000000000000000000000000000000\",\"status\":\"scheduled\"}";

    @Test
    void sendAtGoesOutWithItsUtcOffset() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer(ScriptedHttpServer.json(201, CREATED))) {
            Message.creator(new PhoneNumber("+14155550123"), "MG00000000000000000000000000000000", "later")
                    .setSendAt(ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneOffset.UTC))
                    .setScheduleType(Message.ScheduleType.FIXED).create(server.twilioClient());
            assertThat(server.received()).singleElement().asString().contains("SendAt=2026-12-01T09%3A00%3A00Z");
        }
    }

    @Test
    void answersThatAreNotTwiliosNameTheirStatusAndBody() throws Exception {
        record Case(int status, String type, String body, String expected) {
        }
        for (Case c : List.of(
                new Case(502, "text/html", "<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>",
                        "HTTP 502 from api.twilio.com, not a Twilio error: '502 Bad Gateway nginx'"),
                new Case(500, null, "", "HTTP 500 from api.twilio.com, not a Twilio error: (empty body)"),
                new Case(422, "application/json", "{\"error\":\"response does not match the spec\"}",
                        "HTTP 422 from api.twilio.com, not a Twilio error: '{\"error\":\"response does not match the spec\"}'"))) {
            try (ScriptedHttpServer server = new ScriptedHttpServer(new ScriptedHttpServer.Answer(c.status(), c.type(), c.body()))) {
                assertThatThrownBy(() -> Message.creator(new PhoneNumber("+14155550123"), new PhoneNumber("+15005550006"), "hi")
                        .create(server.twilioClient()))
                        .isInstanceOfSatisfying(ApiException.class, e -> {
                            assertThat(e.getMessage()).isEqualTo(c.expected());
                            assertThat(e.getStatusCode()).isEqualTo(c.status());
                            assertThat(e.getCode()).isNull();
                        });
            }
        }
    }

    @Test
    void twiliosOwnErrorsPassUnchanged() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer(ScriptedHttpServer.json(400,
                "{\"code\":21211,\"message\":\"Invalid 'To' Phone Number\",\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}"))) {
            assertThatThrownBy(() -> Message.creator(new PhoneNumber("+14155550123"), new PhoneNumber("+15005550006"), "hi")
                    .create(server.twilioClient()))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("Invalid 'To' Phone Number");
                        assertThat(e.getCode()).isEqualTo(21211);
                    });
        }
    }
}
