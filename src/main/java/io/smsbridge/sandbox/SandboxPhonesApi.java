package io.smsbridge.sandbox;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Sandbox phones: a person's handset, for trying the bridge without a real phone. {@code send} makes the sandbox
 * deliver a signed inbound-message webhook, exactly as Twilio would, to the receiving number's SMS URL (by
 * default the bridge's {@code /twilio/inbound}); {@code messages} shows what the phone sent and received.
 */
@RestController
@ConditionalOnSandbox
@RequestMapping(path = "/sandbox/phones/{phone}", produces = MediaType.APPLICATION_JSON_VALUE)
public class SandboxPhonesApi {


    private final SandboxAccount account;
    private final SandboxMessages messages;
    private final SandboxWebhooks webhooks;
    private final SandboxProperties properties;
    private final SandboxMedia hostedMedia;

    public SandboxPhonesApi(SandboxAccount account, SandboxMessages messages, SandboxWebhooks webhooks,
                            SandboxProperties properties, SandboxMedia hostedMedia) {
        this.account = account;
        this.messages = messages;
        this.webhooks = webhooks;
        this.properties = properties;
        this.hostedMedia = hostedMedia;
    }

    @PostMapping(path = "/send", consumes = {MediaType.APPLICATION_FORM_URLENCODED_VALUE, MediaType.MULTIPART_FORM_DATA_VALUE})
    public ResponseEntity<Map<String, Object>> send(@PathVariable String phone,
                                                    @RequestParam(required = false) String to,
                                                    @RequestParam(required = false, defaultValue = "") String body,
                                                    @RequestParam(name = "mediaUrl", required = false) List<String> mediaUrls,
                                                    @RequestParam(name = "media", required = false) List<MultipartFile> files)
            throws InterruptedException, IOException {
        if (!SandboxAccount.isPhoneNumber(phone)) {
            return problem("The phone must be an E.164 number such as +14155550123, not '" + phone + "'");
        }
        List<String> urls = mediaUrls == null ? List.of() : mediaUrls;
        List<MultipartFile> uploads = files == null ? List.of() : files.stream().filter(f -> !f.isEmpty()).toList();
        List<String> media = new ArrayList<>(urls); // what the phone sent, as its own messages list shows it
        uploads.forEach(f -> media.add("upload:" + f.getOriginalFilename()));
        SandboxProperties.PhoneNumber number = properties.numbers().stream()
                .filter(n -> n.sms() && (to == null || to.isBlank() || n.phoneNumber().equals(to)))
                .findFirst().orElse(null);
        if (number == null) {
            return problem("'" + to + "' is not an SMS-capable number of the sandbox account " + properties.numbers().stream()
                    .filter(SandboxProperties.PhoneNumber::sms).map(SandboxProperties.PhoneNumber::phoneNumber).toList());
        }
        SandboxMessage message = messages.create(account.accountSid(), "inbound", phone, number.phoneNumber(), null,
                body, media, "received", null);
        String url = number.smsUrl() != null && !number.smsUrl().isBlank() ? number.smsUrl() : webhooks.bridgeUrl("/twilio/inbound");

        // Twilio hosts MMS media itself: the webhook names its copies, readable with the account's credentials.
        List<String> hosted = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (String mediaUrl : urls) {
            String type = contentType(mediaUrl);
            types.add(type);
            hosted.add(hostedMedia.host(account.accountSid(), message.sid(), type, SandboxMedia.standIn(mediaUrl, type)));
        }
        for (MultipartFile upload : uploads) {
            String type = upload.getContentType() != null ? upload.getContentType() : contentType(String.valueOf(upload.getOriginalFilename()));
            types.add(type);
            hosted.add(hostedMedia.host(account.accountSid(), message.sid(), type, upload.getBytes()));
        }

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sid", message.sid());
        result.put("webhookUrl", url);
        try {
            HttpResponse<String> response = webhooks.post(url, inboundWebhook(message.snapshot(), hosted, types), UUID.randomUUID().toString())
                    .get(30, TimeUnit.SECONDS);
            result.put("webhookStatus", response.statusCode());
            result.put("webhookResponse", response.body());
        } catch (ExecutionException | TimeoutException e) {
            result.put("webhookStatus", null);
            result.put("webhookError", e.getCause() == null ? e.toString() : e.getCause().toString());
        }
        return ResponseEntity.ok(result);
    }

    @GetMapping("/messages")
    public List<Map<String, Object>> messages(@PathVariable String phone) {
        List<SandboxMessage.Snapshot> found = new ArrayList<>(messages.list(m -> m.direction().equals("inbound")
                ? phone.equals(m.from()) : phone.equals(m.to()), null, Integer.MAX_VALUE));
        found.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return found.stream().map(m -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sid", m.sid());
            json.put("direction", m.direction().equals("inbound") ? "sent" : "received");
            json.put("from", m.from());
            json.put("to", m.to());
            json.put("body", m.body());
            json.put("mediaUrls", m.mediaUrls());
            json.put("status", m.status());
            json.put("errorCode", m.errorCode());
            json.put("dateCreated", DateTimeFormatter.ISO_INSTANT.format(m.dateCreated()));
            return json;
        }).toList();
    }

    /** Every field Twilio posts for an incoming message; empty ones too, because they are signed. */
    private static Map<String, List<String>> inboundWebhook(SandboxMessage.Snapshot m, List<String> mediaUrls, List<String> types) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        String fromCountry = m.from().startsWith("+1") ? "US" : "";
        String toCountry = m.to().startsWith("+1") ? "US" : "";
        form.put("ToCountry", List.of(toCountry));
        form.put("ToState", List.of(""));
        form.put("SmsMessageSid", List.of(m.sid()));
        form.put("NumMedia", List.of(String.valueOf(m.mediaUrls().size())));
        form.put("ToCity", List.of(""));
        form.put("FromZip", List.of(""));
        form.put("SmsSid", List.of(m.sid()));
        form.put("FromState", List.of(""));
        form.put("SmsStatus", List.of("received"));
        form.put("FromCity", List.of(""));
        form.put("Body", List.of(m.body()));
        form.put("FromCountry", List.of(fromCountry));
        form.put("To", List.of(m.to()));
        form.put("ToZip", List.of(""));
        form.put("NumSegments", List.of(String.valueOf(m.numSegments())));
        form.put("MessageSid", List.of(m.sid()));
        form.put("AccountSid", List.of(m.accountSid()));
        form.put("From", List.of(m.from()));
        form.put("ApiVersion", List.of("2010-04-01"));
        for (int i = 0; i < mediaUrls.size(); i++) {
            form.put("MediaContentType" + i, List.of(types.get(i)));
            form.put("MediaUrl" + i, List.of(mediaUrls.get(i)));
        }
        return form;
    }

    private static String contentType(String url) {
        String lower = url.toLowerCase();
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (lower.endsWith(".gif")) {
            return "image/gif";
        }
        if (lower.endsWith(".pdf")) {
            return "application/pdf";
        }
        return "application/octet-stream";
    }

    private static ResponseEntity<Map<String, Object>> problem(String message) {
        return ResponseEntity.badRequest().body(Map.of("error", message));
    }
}
