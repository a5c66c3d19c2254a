package io.smsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.twilio.base.ResourceSet;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.security.RequestValidator;
import com.twilio.type.PhoneNumber;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import io.smsbridge.support.WebhookRecorder;
import io.smsbridge.twilio.TwilioHttpClient;
import io.smsbridge.twilio.TwilioProperties;
import io.smsbridge.web.PublicBaseUrl;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.camel.ProducerTemplate;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The sandbox as a Twilio REST subset, driven by the real twilio-java SDK over HTTP through the application's own
 * {@link TwilioRestClient} (retries off, base URL rewritten).
 */
@SmsBridgeIntegrationTest
class SandboxTwilioApiIT {

    private static final PhoneNumber FROM = new PhoneNumber("+15005550006");

    @Autowired
    TwilioRestClient client;
    @Autowired
    SandboxFaults faults;
    @Autowired
    SandboxProperties sandboxProperties;
    @Autowired
    PublicBaseUrl publicBaseUrl;
    @Autowired
    ProducerTemplate producer;

    @AfterEach
    void noFaults() {
        faults.set(SandboxFaults.Settings.NONE);
    }

    @Test
    void createsFetchesAndListsMessagesWithTwilioFields() {
        Message created = Message.creator(new PhoneNumber("+14155550101"), FROM, "Build 742 deployed.").create(client);

        assertThat(created.getSid()).startsWith("SM").hasSize(34);
        assertThat(created.getStatus()).isEqualTo(Message.Status.QUEUED);
        assertThat(created.getNumSegments()).isEqualTo("1");
        assertThat(created.getDirection()).isEqualTo(Message.Direction.OUTBOUND_API);
        assertThat(created.getDateCreated()).isNotNull(); // parses only in Twilio's exact date format
        assertThat(created.getAccountSid()).isEqualTo(TwilioProperties.SANDBOX_ACCOUNT_SID);

        Message fetched = Message.fetcher(created.getSid()).fetch(client);
        assertThat(fetched.getBody()).isEqualTo("Build 742 deployed.");
        assertThat(fetched.getTo()).isEqualTo("+14155550101");

        List<Message> listed = list(Message.reader().setTo(new PhoneNumber("+14155550101")).read(client));
        assertThat(listed).extracting(Message::getSid).contains(created.getSid());
    }

    @Test
    void countsSegmentsLikeTwilio() {
        String ucs2 = "Ünïcödé ✓ ".repeat(8); // 80 UTF-16 units, outside GSM-7: two UCS-2 segments
        assertThat(Message.creator(new PhoneNumber("+14155550102"), FROM, ucs2).create(client).getNumSegments()).isEqualTo("2");
        assertThat(Message.creator(new PhoneNumber("+14155550102"), FROM, "x".repeat(161)).create(client).getNumSegments()).isEqualTo("2");
    }

    @Test
    void pagingFollowsNextPageUriThroughTheRewrite() {
        PhoneNumber to = new PhoneNumber("+14155550103");
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sids.add(Message.creator(to, FROM, "page test " + i).create(client).getSid());
        }
        ResourceSet<Message> pages = Message.reader().setTo(to).pageSize(2).read(client);
        List<Message> all = list(pages);

        java.util.Collections.reverse(sids); // Twilio lists newest first
        assertThat(all).extracting(Message::getSid).containsExactlyElementsOf(sids);
    }

    @Test
    void filtersByFromAndDateSent() throws InterruptedException {
        PhoneNumber to = new PhoneNumber("+14155550104");
        PhoneNumber tollFree = new PhoneNumber("+18885550100");
        Message viaTollFree = Message.creator(to, tollFree, "from toll-free").create(client);
        Message viaLongCode = Message.creator(to, FROM, "from long code").create(client);
        awaitStatus(viaTollFree.getSid(), Message.Status.DELIVERED);
        awaitStatus(viaLongCode.getSid(), Message.Status.DELIVERED);

        assertThat(list(Message.reader().setTo(to).setFrom(tollFree).read(client)))
                .extracting(Message::getSid).containsExactly(viaTollFree.getSid());
        ZonedDateTime today = ZonedDateTime.now(ZoneOffset.UTC);
        assertThat(list(Message.reader().setTo(to).setDateSentAfter(today.minusHours(1)).setDateSentBefore(today.plusHours(1)).read(client)))
                .hasSize(2);
        assertThat(list(Message.reader().setTo(to).setDateSentBefore(today.minusDays(2)).read(client))).isEmpty();
    }

    @Test
    void testCredentialMagicNumbersReproduceTheirErrors() {
        Map<String, Integer> fromErrors = Map.of("+15005550001", 21212, "+15005550007", 21606, "+15005550008", 21611);
        fromErrors.forEach((from, code) -> assertApiError(
                () -> Message.creator(new PhoneNumber("+14155550105"), new PhoneNumber(from), "x").create(client), 400, code));

        Map<String, Integer> toErrors = Map.of("+15005550001", 21211, "+15005550002", 21612, "+15005550003", 21408,
                "+15005550004", 21610, "+15005550009", 21614);
        toErrors.forEach((to, code) -> assertApiError(
                () -> Message.creator(new PhoneNumber(to), FROM, "x").create(client), 400, code));
    }

    @Test
    void refusesWhatTwilioRefuses() {
        assertApiError(() -> Message.creator(new PhoneNumber("+14155550106"), FROM, "x".repeat(1601)).create(client), 400, 21617);
        assertApiError(() -> Message.creator(new PhoneNumber("not-a-number"), FROM, "x").create(client), 400, 21211);
        // a number the account does not own, and one it owns without SMS capability
        assertApiError(() -> Message.creator(new PhoneNumber("+14155550106"), new PhoneNumber("+14155559999"), "x").create(client), 400, 21606);
        assertApiError(() -> Message.creator(new PhoneNumber("+14155550106"), new PhoneNumber("+15005550010"), "x").create(client), 400, 21606);
        assertApiError(() -> Message.fetcher("SM00000000000000000000000000000000").fetch(client), 404, 20404);
    }

    @Test
    void aWrongTokenIsAuthenticationError20003() {
        String base = publicBaseUrl.localUrl() + "/sandbox/twilio";
        TwilioRestClient wrongToken = new TwilioRestClient.Builder(TwilioProperties.SANDBOX_ACCOUNT_SID, "wrong-token")
                .accountSid(TwilioProperties.SANDBOX_ACCOUNT_SID)
                .httpClient(new TwilioHttpClient(HttpClientBuilder.create().disableAutomaticRetries(), () -> base))
                .build();

        assertApiError(() -> Message.creator(new PhoneNumber("+14155550107"), FROM, "x").create(wrongToken), 401, 20003);
    }

    @Test
    void listsIncomingPhoneNumbersWithCapabilities() {
        List<IncomingPhoneNumber> numbers = list(IncomingPhoneNumber.reader().read(client));
        assertThat(numbers).extracting(n -> n.getPhoneNumber().toString())
                .containsExactlyElementsOf(sandboxProperties.numbers().stream().map(SandboxProperties.PhoneNumber::phoneNumber).toList());

        List<IncomingPhoneNumber> voiceOnly = list(IncomingPhoneNumber.reader().setPhoneNumber(new PhoneNumber("+15005550010")).read(client));
        assertThat(voiceOnly).hasSize(1);
        assertThat(voiceOnly.get(0).getSid()).startsWith("PN");
    }

    @Test
    void incomingPhoneNumbersPageAndCarryTwiliosFields() throws Exception {
        String list = publicBaseUrl.localUrl() + "/sandbox/twilio/2010-04-01/Accounts/" + TwilioProperties.SANDBOX_ACCOUNT_SID
                + "/IncomingPhoneNumbers.json";
        JsonNode defaultPage = getJson(list);
        assertThat(defaultPage.path("page_size").asInt()).as("Twilio's default page size").isEqualTo(50);
        JsonNode onePerPage = getJson(list + "?PageSize=1");
        assertThat(onePerPage.path("page_size").asInt()).isEqualTo(1);
        assertThat(onePerPage.path("incoming_phone_numbers")).hasSize(1);
        assertThat(onePerPage.path("next_page_uri").asText()).contains("PageSize=1", "Page=1");
        assertThat(onePerPage.path("incoming_phone_numbers").get(0).fieldNames()).toIterable().containsExactlyInAnyOrder(
                "account_sid", "address_requirements", "address_sid", "api_version", "beta", "bundle_sid", "capabilities",
                "date_created", "date_updated", "emergency_address_sid", "emergency_address_status", "emergency_status",
                "friendly_name", "identity_sid", "origin", "phone_number", "sid", "sms_application_sid", "sms_fallback_method",
                "sms_fallback_url", "sms_method", "sms_url", "status", "status_callback", "status_callback_method",
                "subresource_uris", "trunk_sid", "type", "uri", "voice_application_sid", "voice_caller_id_lookup",
                "voice_fallback_method", "voice_fallback_url", "voice_method", "voice_receive_mode", "voice_url");
        // the SDK follows next_page_uri through pages of one
        assertThat(list(IncomingPhoneNumber.reader().pageSize(1).read(client))).hasSize(sandboxProperties.numbers().size());

        JsonNode service = getJson(publicBaseUrl.localUrl() + "/sandbox/twilio/messaging/v1/Services/MG00000000000000000000000000000000");
        assertThat(service.fieldNames()).toIterable().containsExactlyInAnyOrder("account_sid", "area_code_geomatch",
                "date_created", "date_updated", "fallback_method", "fallback_to_long_code", "fallback_url", "friendly_name",
                "inbound_method", "inbound_request_url", "links", "mms_converter", "scan_message_content", "sid", "smart_encoding",
                "status_callback", "sticky_sender", "synchronous_validation", "url", "us_app_to_person_registered",
                "use_inbound_webhook_on_number", "usecase", "validity_period");
        assertThat(com.twilio.rest.messaging.v1.Service.fetcher("MG00000000000000000000000000000000").fetch(client).getValidityPeriod())
                .isEqualTo(14400);
    }

    private static JsonNode getJson(String url) throws Exception {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((TwilioProperties.SANDBOX_ACCOUNT_SID + ":"
                + TwilioProperties.SANDBOX_AUTH_TOKEN).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Authorization", basic).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    }

    @Test
    void statusCallbacksArriveSignedAndInOrder() throws InterruptedException {
        try (WebhookRecorder receiver = new WebhookRecorder()) {
            String callback = receiver.url() + "/twilio/status";
            Message delivered = Message.creator(new PhoneNumber("+14155550108"), FROM, "hello").setStatusCallback(URI.create(callback)).create(client);
            Message unreachable = Message.creator(new PhoneNumber("+15005551003"), FROM, "hello").setStatusCallback(URI.create(callback)).create(client);
            Message filtered = Message.creator(new PhoneNumber("+15005551007"), FROM, "hello").setStatusCallback(URI.create(callback)).create(client);

            assertThat(statuses(receiver, delivered.getSid(), 2)).containsExactly("sent", "delivered");
            assertThat(statuses(receiver, unreachable.getSid(), 2)).containsExactly("sent", "undelivered");
            assertThat(statuses(receiver, filtered.getSid(), 1)).containsExactly("failed");

            RequestValidator validator = new RequestValidator(TwilioProperties.SANDBOX_AUTH_TOKEN);
            for (WebhookRecorder.Received callbackRequest : receiver.received()) {
                assertThat(validator.validate(callbackRequest.url(), callbackRequest.form(), callbackRequest.headers().get("x-twilio-signature")))
                        .as("signature of %s", callbackRequest.form()).isTrue();
                assertThat(callbackRequest.headers()).containsKey("i-twilio-idempotency-token");
            }
            WebhookRecorder.Received undelivered = receiver.received().stream()
                    .filter(r -> r.form().get("MessageSid").equals(unreachable.getSid()) && r.form().get("MessageStatus").equals("undelivered"))
                    .findFirst().orElseThrow();
            assertThat(undelivered.form()).containsEntry("ErrorCode", "30003").containsKey("RawDlrDoneDate")
                    .containsEntry("AccountSid", TwilioProperties.SANDBOX_ACCOUNT_SID).containsEntry("From", "+15005550006");
            assertThat(Message.fetcher(filtered.getSid()).fetch(client).getErrorCode()).isEqualTo(30007);
        }
    }

    @Test
    void theClientNeverRetriesOnItsOwn() {
        faults.set(new SandboxFaults.Settings(0.0, 503, 2, 0, 0.0));
        assertApiError(() -> Message.creator(new PhoneNumber("+14155550109"), FROM, "x").create(client), 429, 20429);
        assertThat(faults.current().tooManyRequests()).as("one 429 consumed: one attempt").isEqualTo(1);

        faults.set(new SandboxFaults.Settings(1.0, 503, 0, 0, 0.0));
        long before = faults.requestCount();
        assertApiError(() -> Message.creator(new PhoneNumber("+14155550109"), FROM, "x").create(client), 503, 20500);
        assertThat(faults.requestCount() - before).as("attempts for one create").isEqualTo(1);
        assertThat(list(Message.reader().setTo(new PhoneNumber("+14155550109")).read(forRead()))).isEmpty();
    }

    @Test
    void camelTwilioComponentSendsThroughTheSameClient() {
        Message sent = producer.requestBodyAndHeaders("twilio://message/creator", null, Map.of(
                "CamelTwilio.to", new PhoneNumber("+14155550110"),
                "CamelTwilio.from", FROM,
                "CamelTwilio.body", "via camel-twilio"), Message.class);

        assertThat(Message.fetcher(sent.getSid()).fetch(client).getBody()).isEqualTo("via camel-twilio");
    }

    private TwilioRestClient forRead() {
        faults.set(SandboxFaults.Settings.NONE);
        return client;
    }

    private void awaitStatus(String sid, Message.Status status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Message.fetcher(sid).fetch(client).getStatus() != status && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Message.fetcher(sid).fetch(client).getStatus()).isEqualTo(status);
    }

    private static List<String> statuses(WebhookRecorder receiver, String sid, int count) throws InterruptedException {
        return receiver.await(r -> sid.equals(r.form().get("MessageSid")), count, Duration.ofSeconds(10)).stream()
                .map(r -> r.form().get("MessageStatus")).toList();
    }

    private static void assertApiError(Runnable call, int status, int code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getStatusCode()).as("HTTP status").isEqualTo(status);
            assertThat(e.getCode()).as("Twilio error code").isEqualTo(code);
        });
    }

    private static <T extends com.twilio.base.Resource> List<T> list(ResourceSet<T> set) {
        return StreamSupport.stream(set.spliterator(), false).toList();
    }
}
