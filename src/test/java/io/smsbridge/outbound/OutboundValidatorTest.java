package io.smsbridge.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.sms.SmsSegments;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every reason a notification is refused, and what a valid one becomes. */
class OutboundValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String SERVICE = "MG00000000000000000000000000000000";

    private final OutboundProperties properties = new OutboundProperties("+15005550006", null, List.of("+18885550100"),
            "US", List.of("US", "CA", "GB"), List.of("US", "CA", "AU"), OutboundProperties.MmsElsewhere.REJECT,
            null, null, true, null, null, null, null, null, null, null, null, null);
    private final OutboundValidator validator = new OutboundValidator(properties, new ObjectMapper(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aValidMessageIsNormalisedAndCounted() {
        var v = validator.validate("""
                {"to":"(415) 555-0123","body":"Build 742 deployed. Reply STOP to opt out.","idempotencyKey":"deploy-742",
                 "fallbackEmail":"ops@example.com","tags":{"team":"platform"}}""", "ID:jms-1");

        assertThat(v.reasons()).isEmpty();
        OutboundMessage m = v.message();
        assertThat(m.to()).isEqualTo("+14155550123");
        assertThat(m.country()).isEqualTo("US");
        assertThat(m.sender()).isEqualTo("+15005550006");
        assertThat(m.idempotencyKey()).isEqualTo("deploy-742");
        assertThat(m.segments()).isEqualTo(new SmsSegments.Count(SmsSegments.Encoding.GSM7, 42, 1));
        assertThat(m.tags()).containsEntry("team", "platform");
    }

    @Test
    void theJmsMessageIdIsTheDefaultIdempotencyKey() {
        assertThat(validator.validate("{\"to\":\"+14155550123\",\"body\":\"hi\"}", "ID:jms-1").message().idempotencyKey())
                .isEqualTo("ID:jms-1");
        assertThat(validator.validate("{\"to\":\"+14155550123\",\"body\":\"hi\"}", null).reasons())
                .singleElement().asString().startsWith("idempotencyKey is required: in the JSON, or over HTTP as the Idempotency-Key header");
        assertThat(validator.validate(null, "ID:jms-2").reasons())
                .singleElement().asString().startsWith("the message has no text");
    }

    @Test
    void unparseableAndNonObjectBodiesAreRejected() {
        assertThat(reasons("{not json")).singleElement().asString().startsWith("not valid JSON");
        assertThat(reasons("[1,2]")).containsExactly("the message must be a JSON object");
        assertThat(reasons("")).containsExactly("the message must be a JSON object");
    }

    @Test
    void missingFieldsWrongTypesAndUnknownFieldsAreAllReported() {
        assertThat(reasons("{\"body\": 42, \"idempotency_key\": \"x\"}")).containsExactlyInAnyOrder(
                "unknown field 'idempotency_key' (fields: to, body, mediaUrls, from, messagingServiceSid, idempotencyKey, fallbackEmail, sendAt, tags, statusCallbackUrl)",
                "to is required",
                "body must be a string, not number",
                "body or mediaUrls is required");
    }

    @Test
    void aBodyOfOnlyWhiteSpaceIsRefused() {
        assertThat(reasons("{\"to\":\"+14155550123\",\"body\":\"   \\n\\t\",\"idempotencyKey\":\"k\"}"))
                .containsExactly("body is only white space: it would send a blank SMS");
    }

    @Test
    void aLoneSurrogateIsNoCharacter() {
        assertThat(reasons("{\"to\":\"+14155550123\",\"body\":\"a\\ud800b\",\"idempotencyKey\":\"k\"}"))
                .contains("body has a lone UTF-16 surrogate (\\uD800) at character 1: not a character");
        assertThat(reasons("{\"to\":\"+14155550123\",\"body\":\"end\\udc00\",\"idempotencyKey\":\"k\"}"))
                .contains("body has a lone UTF-16 surrogate (\\uDC00) at character 3: not a character");
        // a pair is one character (here an emoji), and fine
        assertThat(reasons("{\"to\":\"+14155550123\",\"body\":\"ok \\ud83d\\ude00\",\"idempotencyKey\":\"k\"}")).isEmpty();
    }

    @Test
    void aParseErrorDoesNotEchoTheWholeBody() {
        assertThat(reasons("a".repeat(20_000))).singleElement().asString().startsWith("not valid JSON").hasSizeLessThan(300);
    }

    @Test
    void recipientsMustBeValidAndInAllowedCountries() {
        assertThat(reasons("{\"to\":\"12\",\"body\":\"x\"}")).singleElement().asString().contains("is not a valid phone number");
        assertThat(reasons("{\"to\":\"hello\",\"body\":\"x\"}")).singleElement().asString().contains("is not a phone number");
        assertThat(reasons("{\"to\":\"+33612345678\",\"body\":\"x\"}")).singleElement().asString()
                .contains("sending to FR is not allowed");
    }

    @Test
    void bodyIsAtMost1600Characters() {
        assertThat(reasons("{\"to\":\"+14155550123\",\"body\":\"" + "x".repeat(1601) + "\"}"))
                .containsExactly("body is 1601 characters; Twilio accepts at most 1600");
    }

    @Test
    void mediaMustBeHttpsAndOnlyWhereMmsExists() {
        assertThat(reasons("{\"to\":\"+14155550123\",\"mediaUrls\":[\"http://cdn.example.com/a.png\"]}"))
                .contains("mediaUrls: 'http://cdn.example.com/a.png' is not an https URL");
        assertThat(reasons("{\"to\":\"+14155550123\",\"mediaUrls\":\"https://cdn.example.com/a.png\"}"))
                .contains("mediaUrls must be an array of https URLs");
        assertThat(reasons("{\"to\":\"+447400123456\",\"body\":\"x\",\"mediaUrls\":[\"https://cdn.example.com/a.png\"]}"))
                .singleElement().asString().startsWith("mediaUrls: MMS is not available in GB");
    }

    @Test
    void mediaElsewhereCanGoOutAsTextWithLinks() {
        OutboundProperties asSms = new OutboundProperties("+15005550006", null, List.of(), "US", List.of("GB"), List.of("US"),
                OutboundProperties.MmsElsewhere.SEND_AS_SMS, null, null, true, null, null, null, null, null, null, null, null, null);
        var v = new OutboundValidator(asSms, new ObjectMapper(), Clock.fixed(NOW, ZoneOffset.UTC))
                .validate("{\"to\":\"+447400123456\",\"body\":\"Your invoice\",\"mediaUrls\":[\"https://cdn.example.com/i.pdf\"]}", "k");

        assertThat(v.message().mediaUrls()).isEmpty();
        assertThat(v.message().body()).isEqualTo("Your invoice\nhttps://cdn.example.com/i.pdf");
    }

    @Test
    void sendersMustBeConfiguredNumbersOrServiceSids() {
        assertThat(reasons("{\"to\":\"+14155550123\",\"body\":\"x\",\"from\":\"+14155559999\"}"))
                .containsExactly("from '+14155559999' is not a configured sender (smsbridge.outbound.default-from, senders)");
        assertThat(reasons("{\"to\":\"+14155550123\",\"body\":\"x\",\"messagingServiceSid\":\"MG1\"}"))
                .containsExactly("messagingServiceSid 'MG1' is not a Messaging Service SID (MG + 32 hex digits)");
        assertThat(reasons("{\"to\":\"+14155550123\",\"body\":\"x\",\"from\":\"+18885550100\",\"messagingServiceSid\":\"" + SERVICE + "\"}"))
                .containsExactly("give from or messagingServiceSid, not both");
        assertThat(validator.validate("{\"to\":\"+14155550123\",\"body\":\"x\",\"from\":\"+18885550100\"}", "k").message().sender())
                .isEqualTo("+18885550100");
    }

    @Test
    void schedulingNeedsAServiceAndAWindowTwilioAccepts() {
        String inAnHour = NOW.plusSeconds(3600).toString();
        assertThat(reasons("{\"to\":\"+14155550123\",\"body\":\"x\",\"sendAt\":\"" + inAnHour + "\"}"))
                .containsExactly("sendAt needs a Messaging Service sender (Twilio schedules only through one)");
        assertThat(reasons("{\"to\":\"+14155550123\",\"body\":\"x\",\"messagingServiceSid\":\"" + SERVICE + "\",\"sendAt\":\"" + NOW.plusSeconds(60) + "\"}"))
                .containsExactly("sendAt must be between 15 minutes and 35 days from now");
        assertThat(reasons("{\"to\":\"+14155550123\",\"body\":\"x\",\"messagingServiceSid\":\"" + SERVICE + "\",\"sendAt\":\"tomorrow\"}"))
                .singleElement().asString().contains("is not an ISO-8601 UTC time");
        assertThat(reasons("{\"to\":\"+14155550123\",\"body\":\"x\",\"messagingServiceSid\":\"" + SERVICE + "\",\"sendAt\":\"" + inAnHour + "\"}"))
                .isEmpty();
    }

    @Test
    void emailsKeysAndTagsAreChecked() {
        assertThat(reasons("{\"to\":\"+14155550123\",\"body\":\"x\",\"fallbackEmail\":\"ops\",\"idempotencyKey\":\"\",\"tags\":{\"n\":1}}"))
                .containsExactlyInAnyOrder("fallbackEmail 'ops' is not an email address", "idempotencyKey must be 1 to 255 characters",
                        "tags.n must be a string");
    }

    private List<String> reasons(String json) {
        return validator.validate(json, "ID:default").reasons();
    }
}
