package io.smsbridge.outbound;

import static io.smsbridge.support.ScriptedHttpServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsbridge.support.ScriptedHttpServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sender check at startup when Twilio's answers are not what the guide expects: it says what failed. */
class SenderStartupGuardTest {

    private static final OutboundProperties ONE_SENDER = new OutboundProperties("+15005550006", null, List.of(),
            "US", List.of("US"), List.of("US"), OutboundProperties.MmsElsewhere.REJECT,
            null, null, true, null, null, null, null, null, null, null, null, null);
    private static final String THE_NUMBER = "{\"incoming_phone_numbers\":[{\"sid\":\"PN00000000000000000000000000000001\","
            + "\"phone_number\":\"+15005550006\",\"capabilities\":{\"sms\":true,\"mms\":true,\"voice\":true}}],"
            + "\"uri\":\"/2010-04-01/Accounts/AC00000000000000000000000000000000/IncomingPhoneNumbers.json\","
            + "\"page\":0,\"page_size\":50,\"next_page_uri\":null}";
    private static final ScriptedHttpServer.Answer PROXY_502 = new ScriptedHttpServer.Answer(502, "text/html", "<h1>Bad Gateway</h1>");

    private static void check(ScriptedHttpServer twilio) {
        new SenderStartupGuard(ONE_SENDER, twilio.twilioClient(), new TwilioErrors(), 1).run(null);
    }

    @Test
    void aPassingOutageIsWaitedOut() {
        try (ScriptedHttpServer twilio = new ScriptedHttpServer(PROXY_502, json(503, ""), json(200, THE_NUMBER))) {
            check(twilio);
            assertThat(twilio.received()).hasSize(3);
        }
    }

    @Test
    void anOutageThatLastsStopsStartupSayingWhat() {
        try (ScriptedHttpServer twilio = new ScriptedHttpServer(PROXY_502)) {
            assertThatThrownBy(() -> check(twilio)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Sender check: Twilio was unavailable for the lookup of the account's number "
                            + "+15005550006 through 5 attempts (HTTP 502 from api.twilio.com, not a Twilio error: 'Bad Gateway')");
            assertThat(twilio.received()).hasSize(SenderStartupGuard.ATTEMPTS);
        }
    }

    @Test
    void wrongCredentialsStopStartupAtOnce() {
        try (ScriptedHttpServer twilio = new ScriptedHttpServer(json(401,
                "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}"))) {
            assertThatThrownBy(() -> check(twilio)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Sender check: Twilio refused the lookup of the account's number +15005550006 "
                            + "(HTTP 401, Twilio 20003: Authenticate); check TWILIO_ACCOUNT_SID and the credentials");
            assertThat(twilio.received()).hasSize(1);
        }
    }
}
