package io.smsbridge.sandbox;

import static io.smsbridge.sandbox.SandboxErrors.badRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A Twilio-compatible subset of the REST API (2010-04-01 Messages and IncomingPhoneNumbers, Messaging v1
 * Services), with Twilio's JSON names, date format, SIDs, error bodies and test-credential magic numbers. The real
 * twilio-java SDK talks to it through {@code TwilioHttpClient}'s base-URL rewrite.
 */
@RestController
@ConditionalOnSandbox
@RequestMapping(path = "/sandbox/twilio", produces = MediaType.APPLICATION_JSON_VALUE)
public class SandboxTwilioApi {

    private static final String ACCOUNT = "/2010-04-01/Accounts/{accountSid}";
    private static final DateTimeFormatter TWILIO_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss '+0000'", Locale.US).withZone(ZoneOffset.UTC);
    private static final int MAX_BODY = 1600;
    private static final int MAX_MEDIA = 10;
    private static final int MAX_PAGE_SIZE = 1000;

    /** Test-credential From numbers and the errors they reproduce. */
    private static final Map<String, SandboxErrors.ApiError> MAGIC_FROM = Map.of(
            "+15005550001", badRequest(21212, "The 'From' number +15005550001 is not a valid phone number, shortcode, or alphanumeric sender ID."),
            "+15005550007", badRequest(21606, "The 'From' phone number provided (+15005550007) is not a valid message-capable Twilio phone number for this destination."),
            "+15005550008", badRequest(21611, "This 'From' number has exceeded the maximum number of queued messages"));
    /** Test-credential To numbers and the errors they reproduce. */
    private static final Map<String, SandboxErrors.ApiError> MAGIC_TO = Map.of(
            "+15005550001", badRequest(21211, "The 'To' number +15005550001 is not a valid phone number."),
            "+15005550002", badRequest(21612, "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS."),
            "+15005550003", badRequest(21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003."),
            "+15005550004", badRequest(21610, "Attempt to send to unsubscribed recipient"),
            "+15005550009", badRequest(21614, "'To' number is not a valid mobile number"));
    /** The test-credential From number that always succeeds. */
    private static final String MAGIC_FROM_OK = "+15005550006";

    private final SandboxAccount account;
    private final SandboxMessages messages;
    private final SandboxCarrier carrier;
    private final SandboxFaults faults;
    private final SandboxProperties properties;
    private final SandboxMedia media;

    public SandboxTwilioApi(SandboxAccount account, SandboxMessages messages, SandboxCarrier carrier,
                            SandboxFaults faults, SandboxProperties properties, SandboxMedia media) {
        this.media = media;
        this.account = account;
        this.messages = messages;
        this.carrier = carrier;
        this.faults = faults;
        this.properties = properties;
    }

    @PostMapping(path = ACCOUNT + "/Messages.json", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Map<String, Object>> createMessage(@PathVariable String accountSid,
                                                             @RequestHeader(value = "Authorization", required = false) String authorization,
                                                             @RequestParam MultiValueMap<String, String> form) throws InterruptedException {
        admit(accountSid, authorization);
        String to = form.getFirst("To");
        String from = blankToNull(form.getFirst("From"));
        String serviceSid = blankToNull(form.getFirst("MessagingServiceSid"));
        String body = form.getFirst("Body");
        List<String> mediaUrls = form.getOrDefault("MediaUrl", List.of());

        if (to == null || to.isBlank()) {
            throw badRequest(21604, "A 'To' phone number is required.");
        }
        if (from == null && serviceSid == null) {
            throw badRequest(21603, "A 'From' phone number is required.");
        }
        if (from != null && MAGIC_FROM.containsKey(from)) {
            throw MAGIC_FROM.get(from);
        }
        if (MAGIC_TO.containsKey(to)) {
            throw MAGIC_TO.get(to);
        }
        if (!SandboxAccount.isPhoneNumber(to)) {
            throw badRequest(21211, "The 'To' number " + to + " is not a valid phone number.");
        }
        if ((body == null || body.isEmpty()) && mediaUrls.isEmpty()) {
            throw badRequest(21602, "Message body is required.");
        }
        if (body != null && body.length() > MAX_BODY) {
            throw badRequest(21617, "The concatenated message body exceeds the 1600 character limit.");
        }
        if (mediaUrls.size() > MAX_MEDIA) {
            throw badRequest(21623, "The number of media files exceeds the allowed limit of 10.");
        }
        if (from != null && !from.equals(MAGIC_FROM_OK) && !ownsSmsNumber(from)) {
            throw badRequest(21606, "The 'From' phone number provided (" + from
                    + ") is not a valid message-capable Twilio phone number for this destination.");
        }
        if (!mediaUrls.isEmpty() && properties.smsOnlyRecipients().contains(to)) {
            throw badRequest(21614, "'To' number " + to + " cannot receive MMS messages");
        }
        if (serviceSid != null && !properties.messagingServices().contains(serviceSid)) {
            throw badRequest(21701, "The Messaging Service Sid " + serviceSid + " is invalid.");
        }
        Instant sendAt = scheduledTime(form, serviceSid);

        String sender = from != null ? from : firstSmsNumber();
        String initialStatus = sendAt != null ? "scheduled" : serviceSid != null ? "accepted" : "queued";
        SandboxMessage message = messages.create(accountSid, "outbound-api", sender, to, serviceSid, body, mediaUrls,
                initialStatus, form.getFirst("StatusCallback"));
        Map<String, Object> created = messageJson(message.snapshot()); // before the carrier moves it on
        carrier.accept(message, sendAt);
        if (faults.failAfterCreate()) {
            throw new SandboxErrors.ApiError(500, 20500, "Internal Server Error (injected by the sandbox after the message was created)");
        }
        return ResponseEntity.status(201).body(created);
    }

    @GetMapping(ACCOUNT + "/Messages/{sid}.json")
    public Map<String, Object> fetchMessage(@PathVariable String accountSid, @PathVariable String sid,
                                            @RequestHeader(value = "Authorization", required = false) String authorization) throws InterruptedException {
        admit(accountSid, authorization);
        SandboxMessage message = messages.get(sid);
        if (message == null) {
            throw SandboxErrors.notFound("/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
        }
        return messageJson(message.snapshot());
    }

    @GetMapping(ACCOUNT + "/Messages.json")
    public Map<String, Object> listMessages(@PathVariable String accountSid,
                                            @RequestHeader(value = "Authorization", required = false) String authorization,
                                            @RequestParam MultiValueMap<String, String> query) throws InterruptedException {
        admit(accountSid, authorization);
        Predicate<SandboxMessage.Snapshot> filter = m -> true;
        String to = query.getFirst("To");
        String from = query.getFirst("From");
        if (to != null) {
            filter = filter.and(m -> to.equals(m.to()));
        }
        if (from != null) {
            filter = filter.and(m -> from.equals(m.from()));
        }
        filter = filter.and(dateSentFilter(query));

        int pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, intParam(query.getFirst("PageSize"), 50)));
        int page = Math.max(0, intParam(query.getFirst("Page"), 0));
        String token = query.getFirst("PageToken");
        String afterSid = token != null && token.startsWith("PA") ? token.substring(2) : null;
        List<SandboxMessage.Snapshot> found = messages.list(filter, afterSid, pageSize + 1);
        boolean more = found.size() > pageSize;
        List<SandboxMessage.Snapshot> pageItems = more ? found.subList(0, pageSize) : found;

        String base = "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : List.of("To", "From", "DateSent", "DateSent<", "DateSent>")) {
            if (query.getFirst(name) != null) {
                filters.put(name, query.getFirst(name));
            }
        }
        Map<String, Object> json = pageJson(base, filters, pageSize, page, token,
                more ? "PA" + pageItems.get(pageItems.size() - 1).sid() : null, pageItems.size());
        json.put("messages", pageItems.stream().map(this::messageJson).toList());
        return json;
    }

    /** An MMS medium: like Twilio, a redirect to storage (which must be fetched without the account's credentials). */
    @GetMapping(ACCOUNT + "/Messages/{sid}/Media/{mediaSid}")
    public ResponseEntity<Void> fetchMedia(@PathVariable String accountSid, @PathVariable String sid, @PathVariable String mediaSid,
                                           @RequestHeader(value = "Authorization", required = false) String authorization) throws InterruptedException {
        admit(accountSid, authorization);
        if (media.get(sid, mediaSid) == null) {
            throw SandboxErrors.notFound("/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + "/Media/" + mediaSid);
        }
        return ResponseEntity.status(307).location(ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/sandbox/media-storage/" + mediaSid).build().toUri()).build();
    }

    @GetMapping(ACCOUNT + "/IncomingPhoneNumbers.json")
    public Map<String, Object> listIncomingPhoneNumbers(@PathVariable String accountSid,
                                                        @RequestHeader(value = "Authorization", required = false) String authorization,
                                                        @RequestParam(name = "PhoneNumber", required = false) String phoneNumber,
                                                        @RequestParam(name = "PageSize", required = false) String pageSizeParam,
                                                        @RequestParam(name = "Page", required = false) String pageParam) throws InterruptedException {
        admit(accountSid, authorization);
        int pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, intParam(pageSizeParam, 50))); // Twilio's default page: 50
        int page = Math.max(0, intParam(pageParam, 0));
        List<SandboxProperties.PhoneNumber> found = properties.numbers().stream()
                .filter(n -> phoneNumber == null || n.phoneNumber().equals(phoneNumber)).toList();
        List<Map<String, Object>> numbers = found.stream().skip((long) page * pageSize).limit(pageSize)
                .map(n -> numberJson(accountSid, n)).toList();
        boolean more = (long) (page + 1) * pageSize < found.size();
        String base = "/2010-04-01/Accounts/" + accountSid + "/IncomingPhoneNumbers.json";
        Map<String, String> filters = phoneNumber == null ? Map.of() : Map.of("PhoneNumber", phoneNumber);
        Map<String, Object> json = pageJson(base, filters, pageSize, page, null, more ? "PN" + (page + 1) : null, numbers.size());
        json.put("incoming_phone_numbers", numbers);
        return json;
    }

    /** A Messaging Service with every field of Twilio's Messaging v1 Service resource. */
    @GetMapping("/messaging/v1/Services/{sid}")
    public Map<String, Object> fetchMessagingService(@PathVariable String sid,
                                                     @RequestHeader(value = "Authorization", required = false) String authorization) throws InterruptedException {
        admit(account.accountSid(), authorization);
        if (!properties.messagingServices().contains(sid)) {
            throw SandboxErrors.notFound("/v1/Services/" + sid);
        }
        String url = "https://messaging.twilio.com/v1/Services/" + sid;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", account.accountSid());
        json.put("area_code_geomatch", true);
        json.put("date_created", "2026-01-01T00:00:00Z");
        json.put("date_updated", "2026-01-01T00:00:00Z");
        json.put("fallback_method", "POST");
        json.put("fallback_to_long_code", true);
        json.put("fallback_url", null);
        json.put("friendly_name", "Sandbox service " + sid);
        json.put("inbound_method", "POST");
        json.put("inbound_request_url", null);
        Map<String, Object> links = new LinkedHashMap<>();
        for (String sub : List.of("chain_of_trust", "channel_senders", "destination_alpha_senders", "phone_numbers",
                "short_codes", "alpha_senders", "us_app_to_person", "us_app_to_person_usecases")) {
            links.put(sub, url + "/" + toPascal(sub));
        }
        json.put("links", links);
        json.put("mms_converter", true);
        json.put("scan_message_content", "inherit");
        json.put("sid", sid);
        json.put("smart_encoding", true);
        json.put("status_callback", null);
        json.put("sticky_sender", true);
        json.put("synchronous_validation", true);
        json.put("url", url);
        json.put("us_app_to_person_registered", false);
        json.put("use_inbound_webhook_on_number", true);
        json.put("usecase", "notifications");
        json.put("validity_period", 14400);
        return json;
    }

    private static String toPascal(String snake) {
        StringBuilder out = new StringBuilder();
        for (String part : snake.split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    @ExceptionHandler(SandboxErrors.ApiError.class)
    public ResponseEntity<Map<String, Object>> apiError(SandboxErrors.ApiError error) {
        return ResponseEntity.status(error.status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(SandboxErrors.body(error.status, error.code, error.getMessage()));
    }

    /** Injected faults first (they stand for Twilio's infrastructure), then authentication. */
    private void admit(String accountSid, String authorization) throws InterruptedException {
        SandboxFaults.Fault fault = faults.before();
        if (fault != null) {
            throw new SandboxErrors.ApiError(fault.status(), fault.code(), fault.message());
        }
        if (!account.authenticates(authorization, accountSid)) {
            throw SandboxErrors.unauthenticated();
        }
    }

    private boolean ownsSmsNumber(String number) {
        return properties.numbers().stream().anyMatch(n -> n.phoneNumber().equals(number) && n.sms());
    }

    private String firstSmsNumber() {
        return properties.numbers().stream().filter(SandboxProperties.PhoneNumber::sms)
                .map(SandboxProperties.PhoneNumber::phoneNumber).findFirst().orElse(MAGIC_FROM_OK);
    }

    private static Instant scheduledTime(MultiValueMap<String, String> form, String serviceSid) {
        String sendAt = blankToNull(form.getFirst("SendAt"));
        if (sendAt == null) {
            return null;
        }
        if (!"fixed".equals(form.getFirst("ScheduleType"))) {
            throw badRequest(35111, "ScheduleType must be 'fixed' when SendAt is given.");
        }
        if (serviceSid == null) {
            throw badRequest(35118, "MessagingServiceSid is required to schedule a message.");
        }
        try {
            // Twilio's API describes SendAt as an RFC 3339 date-time: with its offset (the SDK alone leaves it out)
            return OffsetDateTime.parse(sendAt).toInstant();
        } catch (DateTimeParseException e) {
            throw badRequest(35114, "SendAt '" + sendAt + "' is not a valid ISO-8601 date-time.");
        }
    }

    /** Twilio's DateSent filters: {@code DateSent} (that day, or that second), {@code DateSent<} and {@code DateSent>} inclusive. */
    private static Predicate<SandboxMessage.Snapshot> dateSentFilter(MultiValueMap<String, String> query) {
        Predicate<SandboxMessage.Snapshot> filter = m -> true;
        String on = query.getFirst("DateSent");
        String before = query.getFirst("DateSent<");
        String after = query.getFirst("DateSent>");
        if (on != null) {
            Instant[] range = range(on);
            filter = filter.and(m -> m.dateSent() != null && !m.dateSent().isBefore(range[0]) && m.dateSent().isBefore(range[1]));
        }
        if (before != null) {
            Instant end = range(before)[1];
            filter = filter.and(m -> m.dateSent() != null && m.dateSent().isBefore(end));
        }
        if (after != null) {
            Instant start = range(after)[0];
            filter = filter.and(m -> m.dateSent() != null && !m.dateSent().isBefore(start));
        }
        return filter;
    }

    /** [start, end) of a date (a whole UTC day) or a date-time (one second). */
    private static Instant[] range(String value) {
        try {
            if (value.length() == 10) {
                Instant start = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                return new Instant[] {start, start.plusSeconds(86_400)};
            }
            Instant start = value.endsWith("Z") ? Instant.parse(value) : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            return new Instant[] {start, start.plusSeconds(1)};
        } catch (DateTimeParseException e) {
            throw badRequest(20001, "Invalid DateSent filter: " + value);
        }
    }

    private Map<String, Object> messageJson(SandboxMessage.Snapshot m) {
        String uri = "/2010-04-01/Accounts/" + m.accountSid() + "/Messages/" + m.sid();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", m.accountSid());
        json.put("api_version", "2010-04-01");
        json.put("body", m.body());
        json.put("date_created", TWILIO_DATE.format(m.dateCreated()));
        json.put("date_sent", m.dateSent() == null ? null : TWILIO_DATE.format(m.dateSent()));
        json.put("date_updated", TWILIO_DATE.format(m.dateUpdated()));
        json.put("direction", m.direction());
        json.put("error_code", m.errorCode());
        json.put("error_message", m.errorMessage());
        json.put("from", m.from());
        json.put("messaging_service_sid", m.messagingServiceSid());
        json.put("num_media", String.valueOf(m.mediaUrls().size()));
        json.put("num_segments", String.valueOf(m.numSegments()));
        json.put("price", m.price() == null ? null : m.price().toPlainString());
        json.put("price_unit", "USD");
        json.put("sid", m.sid());
        json.put("status", m.status());
        json.put("subresource_uris", Map.of("media", uri + "/Media.json", "feedback", uri + "/Feedback.json"));
        json.put("to", m.to());
        json.put("uri", uri + ".json");
        return json;
    }

    /** An IncomingPhoneNumber with every field of Twilio's 2010-04-01 resource. */
    private Map<String, Object> numberJson(String accountSid, SandboxProperties.PhoneNumber n) {
        String sid = "PN" + UUID.nameUUIDFromBytes(n.phoneNumber().getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
        String uri = "/2010-04-01/Accounts/" + accountSid + "/IncomingPhoneNumbers/" + sid;
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("fax", false);
        capabilities.put("mms", n.mms());
        capabilities.put("sms", n.sms());
        capabilities.put("voice", n.voice());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", accountSid);
        json.put("address_requirements", "none");
        json.put("address_sid", null);
        json.put("api_version", "2010-04-01");
        json.put("beta", false);
        json.put("bundle_sid", null);
        json.put("capabilities", capabilities);
        json.put("date_created", "Thu, 01 Jan 2026 00:00:00 +0000");
        json.put("date_updated", "Thu, 01 Jan 2026 00:00:00 +0000");
        json.put("emergency_address_sid", null);
        json.put("emergency_address_status", "unregistered");
        json.put("emergency_status", "Inactive");
        json.put("friendly_name", n.phoneNumber());
        json.put("identity_sid", null);
        json.put("origin", "twilio");
        json.put("phone_number", n.phoneNumber());
        json.put("sid", sid);
        json.put("sms_application_sid", "");
        json.put("sms_fallback_method", "POST");
        json.put("sms_fallback_url", "");
        json.put("sms_method", "POST");
        json.put("sms_url", n.smsUrl());
        json.put("status", "in-use");
        json.put("status_callback", "");
        json.put("status_callback_method", "POST");
        json.put("subresource_uris", Map.of("assigned_add_ons", uri + "/AssignedAddOns.json"));
        json.put("trunk_sid", null);
        json.put("type", n.phoneNumber().startsWith("+1888") || n.phoneNumber().startsWith("+1800") ? "toll-free" : "local");
        json.put("uri", uri + ".json");
        json.put("voice_application_sid", "");
        json.put("voice_caller_id_lookup", false);
        json.put("voice_fallback_method", "POST");
        json.put("voice_fallback_url", null);
        json.put("voice_method", "POST");
        json.put("voice_receive_mode", "voice");
        json.put("voice_url", null);
        return json;
    }

    /** The paging fields of a 2010-04-01 list; the SDK follows {@code next_page_uri}. */
    private static Map<String, Object> pageJson(String base, Map<String, String> filters, int pageSize, int page,
                                                String pageToken, String nextPageToken, int count) {
        String query = filters.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()) + "&")
                .reduce("", String::concat) + "PageSize=" + pageSize;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("first_page_uri", base + "?" + query + "&Page=0");
        json.put("end", page * pageSize + Math.max(0, count - 1));
        json.put("next_page_uri", nextPageToken == null ? null : base + "?" + query + "&Page=" + (page + 1) + "&PageToken=" + nextPageToken);
        json.put("page", page);
        json.put("page_size", pageSize);
        json.put("previous_page_uri", page == 0 ? null : base + "?" + query + "&Page=" + (page - 1));
        json.put("start", page * pageSize);
        json.put("uri", base + "?" + query + "&Page=" + page + (pageToken == null ? "" : "&PageToken=" + pageToken));
        return json;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int intParam(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw badRequest(20001, "Invalid integer: " + value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
