package io.smsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sandbox signs like Twilio: the vectors of twilio-java's RequestValidatorTest (see TWILIO-FACTS.md). */
class TwilioSignaturesTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, List<String>> PARAMS = Map.of(
            "Digits", List.of("1234"),
            "CallSid", List.of("CA1234567890ABCDE"),
            "To", List.of("+18005551212"),
            "Caller", List.of("+14158675309"),
            "From", List.of("+14158675309"));

    @Test
    void signsUrlAndSortedParametersLikeTwilio() {
        assertThat(TwilioSignatures.sign(TOKEN, URL, PARAMS)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    }

    @Test
    void signsTheUrlAloneWhenThereAreNoParameters() {
        assertThat(TwilioSignatures.sign(TOKEN, URL, Map.of())).isEqualTo("zYQTYrRWXE7LtzbG4PfP7/bkkGo=");
    }

    @Test
    void signsTheUrlWithTheDefaultPortAsWritten() {
        String signature = TwilioSignatures.sign(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", PARAMS);
        assertThat(signature).isEqualTo("kvajT1Ptam85bY51eRf/AJRuM3w=");
        // twilio-java accepts it for the URL without the port too
        Map<String, String> single = Map.of("Digits", "1234", "CallSid", "CA1234567890ABCDE", "To", "+18005551212",
                "Caller", "+14158675309", "From", "+14158675309");
        assertThat(new RequestValidator(TOKEN).validate(URL, single, signature)).isTrue();
    }

    @Test
    void twilioRequestValidatorAcceptsWhatTheSandboxSigns() {
        Map<String, List<String>> params = Map.of("Body", List.of("héllo & bye"), "Empty", List.of(""), "From", List.of("+14155550123"));
        String signature = TwilioSignatures.sign(TOKEN, "http://localhost:8080/twilio/inbound", params);
        Map<String, String> single = Map.of("Body", "héllo & bye", "Empty", "", "From", "+14155550123");
        RequestValidator validator = new RequestValidator(TOKEN);

        assertThat(validator.validate("http://localhost:8080/twilio/inbound", single, signature)).isTrue();
        assertThat(validator.validate("http://localhost:8080/twilio/inbound", Map.of("Body", "tampered", "Empty", "", "From", "+14155550123"), signature)).isFalse();
        assertThat(new RequestValidator("other-token").validate("http://localhost:8080/twilio/inbound", single, signature)).isFalse();
    }
}
