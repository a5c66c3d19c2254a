package io.smsbridge.outbound;

import io.smsbridge.sms.E164;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.smsbridge.sms.SmsSegments;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import io.smsbridge.receipts.ReceiptUrls;
import io.smsbridge.receipts.Receipts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns the JSON of an outbound message (docs/outbound-message.schema.json) into an {@link OutboundMessage}, or
 * into every reason it cannot be sent: a producer fixes all of them at once instead of one per attempt.
 */
@Component("outboundValidator")
public class OutboundValidator {

    /** The outcome: a message, or the reasons there is none. The idempotency key is known in both cases when given. */
    public record Validation(OutboundMessage message, List<String> reasons, String idempotencyKey) {
        public boolean valid() {
            return reasons.isEmpty();
        }

        /** The reasons as one line, for the SmsBridgeReason header. */
        public String reasonText() {
            return String.join("; ", reasons);
        }
    }

    static final int MAX_BODY = 1600;
    static final int MAX_MEDIA = 10;
    static final int MAX_KEY = 255;
    /** Twilio schedules between 15 minutes and 35 days ahead. */
    static final Duration SCHEDULE_MIN = Duration.ofMinutes(15);
    static final Duration SCHEDULE_MAX = Duration.ofDays(35);

    private static final Set<String> FIELDS = Set.of("to", "body", "mediaUrls", "from", "messagingServiceSid",
            "idempotencyKey", "fallbackEmail", "sendAt", "tags", "statusCallbackUrl");
    private static final Pattern MESSAGING_SERVICE_SID = Pattern.compile("^MG[0-9a-fA-F]{32}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final OutboundProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final boolean receiptsEnabled;
    private final boolean receiptsToPrivateHosts;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    @Autowired
    public OutboundValidator(OutboundProperties properties, ObjectMapper json, Receipts receipts) {
        this(properties, json, Clock.systemUTC(), receipts.enabled(), receipts.allowPrivateHosts());
    }

    /** For tests: receipts on, to any host. */
    OutboundValidator(OutboundProperties properties, ObjectMapper json, Clock clock) {
        this(properties, json, clock, true, true);
    }

    private OutboundValidator(OutboundProperties properties, ObjectMapper json, Clock clock, boolean receiptsEnabled,
                              boolean receiptsToPrivateHosts) {
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.receiptsEnabled = receiptsEnabled;
        this.receiptsToPrivateHosts = receiptsToPrivateHosts;
    }

    /**
     * @param payload             the message JSON as the producer sent it
     * @param defaultIdempotencyKey the key when the message has none (the JMS message id; null over HTTP)
     */
    public Validation validate(String payload, String defaultIdempotencyKey) {
        JsonNode root;
        try {
            root = payload == null || payload.isBlank() ? null : json.readTree(payload);
        } catch (JsonProcessingException e) {
            return rejected(defaultIdempotencyKey, "not valid JSON: " + abbreviated(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
        if (payload == null) {
            return rejected(defaultIdempotencyKey, "the message has no text: send the JSON as text or bytes (UTF-8), not as a "
                    + "map or object message");
        }
        if (root == null || !root.isObject()) {
            return rejected(defaultIdempotencyKey, "the message must be a JSON object");
        }
        List<String> reasons = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                reasons.add("unknown field '" + name + "' (fields: to, body, mediaUrls, from, messagingServiceSid, "
                        + "idempotencyKey, fallbackEmail, sendAt, tags, statusCallbackUrl)");
            }
        }
        String idempotencyKey = optionalText(root, "idempotencyKey", reasons);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY)) {
            reasons.add("idempotencyKey must be 1 to " + MAX_KEY + " characters");
            idempotencyKey = null;
        }
        String key = idempotencyKey != null ? idempotencyKey : defaultIdempotencyKey;

        Recipient recipient = recipient(root, reasons);
        String body = optionalText(root, "body", reasons);
        List<String> mediaUrls = mediaUrls(root, reasons);
        if (body != null && body.isBlank() && !body.isEmpty()) {
            reasons.add("body is only white space: it would send a blank SMS");
        } else if ((body == null || body.isEmpty()) && mediaUrls.isEmpty()) {
            reasons.add("body or mediaUrls is required");
        }
        if (recipient != null && !mediaUrls.isEmpty() && !properties.mmsCountries().contains(recipient.country)) {
            if (properties.mmsElsewhere() == OutboundProperties.MmsElsewhere.SEND_AS_SMS) {
                body = withLinks(body, mediaUrls);
                mediaUrls = List.of();
            } else {
                reasons.add("mediaUrls: MMS is not available in " + recipient.country + " (only "
                        + String.join(", ", properties.mmsCountries()) + "); send text only, or set "
                        + "smsbridge.outbound.mms-elsewhere=send-as-sms");
            }
        }
        if (body != null && body.length() > MAX_BODY) {
            reasons.add("body is " + body.length() + " characters; Twilio accepts at most " + MAX_BODY);
        }
        String[] sender = sender(root, reasons);
        String fallbackEmail = optionalText(root, "fallbackEmail", reasons);
        if (fallbackEmail != null && !EMAIL.matcher(fallbackEmail).matches()) {
            reasons.add("fallbackEmail '" + fallbackEmail + "' is not an email address");
        }
        Instant sendAt = sendAt(root, sender[1], reasons);
        Map<String, String> tags = tags(root, reasons);
        String receiptUrl = optionalText(root, "statusCallbackUrl", reasons);
        if (receiptUrl != null) {
            String problem = !receiptsEnabled ? "statusCallbackUrl: receipts are off on this bridge (SMSBRIDGE_RECEIPT_SECRET is not set)"
                    : ReceiptUrls.problem(receiptUrl, receiptsToPrivateHosts);
            if (problem != null) {
                reasons.add(problem);
            }
        }
        if (key == null && reasons.isEmpty()) {
            reasons.add("idempotencyKey is required: in the JSON, or over HTTP as the Idempotency-Key header, or over a broker "
                    + "as the message's idempotencyKey property (STOMP header, MQTT 5 user property)"); // see ProducerKeys
        }
        if (!reasons.isEmpty()) {
            return new Validation(null, List.copyOf(reasons), key);
        }
        String text = body == null ? "" : body;
        return new Validation(new OutboundMessage(recipient.e164, recipient.country, text, mediaUrls, sender[0], sender[1],
                key, fallbackEmail, sendAt, tags, SmsSegments.count(text), receiptUrl), List.of(), key);
    }

    private record Recipient(String e164, String country) {
    }

    private Recipient recipient(JsonNode root, List<String> reasons) {
        String to = optionalText(root, "to", reasons);
        if (to == null) {
            if (!root.has("to") || root.get("to").isNull()) {
                reasons.add("to is required");
            }
            return null;
        }
        Phonenumber.PhoneNumber number;
        try {
            number = phones.parse(to, properties.defaultRegion());
        } catch (NumberParseException e) {
            reasons.add("to '" + to + "' is not a phone number: " + e.getMessage());
            return null;
        }
        if (!phones.isValidNumber(number)) {
            reasons.add("to '" + to + "' is not a valid phone number");
            return null;
        }
        String country = phones.getRegionCodeForNumber(number);
        if (!properties.allowedCountries().contains(country)) {
            reasons.add("to '" + to + "': sending to " + country + " is not allowed (smsbridge.outbound.allowed-countries: "
                    + String.join(", ", properties.allowedCountries()) + ")");
            return null;
        }
        return new Recipient(phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), country);
    }

    private List<String> mediaUrls(JsonNode root, List<String> reasons) {
        JsonNode node = root.get("mediaUrls");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            reasons.add("mediaUrls must be an array of https URLs");
            return List.of();
        }
        if (node.size() > MAX_MEDIA) {
            reasons.add("mediaUrls has " + node.size() + " entries; Twilio accepts at most " + MAX_MEDIA);
        }
        List<String> urls = new ArrayList<>();
        for (JsonNode entry : node) {
            if (!entry.isTextual()) {
                reasons.add("mediaUrls must contain only strings");
                continue;
            }
            if (!isHttpsUrl(entry.asText())) {
                reasons.add("mediaUrls: '" + entry.asText() + "' is not an https URL");
                continue;
            }
            urls.add(entry.asText());
        }
        return List.copyOf(urls);
    }

    /** [from, messagingServiceSid], one of them set, or both null with a reason. */
    private String[] sender(JsonNode root, List<String> reasons) {
        String from = optionalText(root, "from", reasons);
        String service = optionalText(root, "messagingServiceSid", reasons);
        if (from != null && service != null) {
            reasons.add("give from or messagingServiceSid, not both");
            return new String[] {null, null};
        }
        if (from != null) {
            if (!E164.matches(from)) {
                reasons.add("from '" + from + "' is not an E.164 number");
            } else if (!from.equals(properties.defaultFrom()) && !properties.senders().contains(from)) {
                reasons.add("from '" + from + "' is not a configured sender (smsbridge.outbound.default-from, senders)");
            }
            return new String[] {from, null};
        }
        if (service != null) {
            if (!MESSAGING_SERVICE_SID.matcher(service).matches()) {
                reasons.add("messagingServiceSid '" + service + "' is not a Messaging Service SID (MG + 32 hex digits)");
            }
            return new String[] {null, service};
        }
        if (notBlank(properties.defaultFrom())) {
            return new String[] {properties.defaultFrom(), null};
        }
        if (notBlank(properties.defaultMessagingServiceSid())) {
            return new String[] {null, properties.defaultMessagingServiceSid()};
        }
        reasons.add("no sender: the message names no from/messagingServiceSid and none is configured");
        return new String[] {null, null};
    }

    private Instant sendAt(JsonNode root, String messagingServiceSid, List<String> reasons) {
        String text = optionalText(root, "sendAt", reasons);
        if (text == null) {
            return null;
        }
        Instant sendAt;
        try {
            sendAt = Instant.parse(text);
        } catch (DateTimeParseException e) {
            reasons.add("sendAt '" + text + "' is not an ISO-8601 UTC time such as 2026-12-01T09:00:00Z");
            return null;
        }
        if (messagingServiceSid == null) {
            reasons.add("sendAt needs a Messaging Service sender (Twilio schedules only through one)");
        }
        Instant now = clock.instant();
        if (sendAt.isBefore(now.plus(SCHEDULE_MIN)) || sendAt.isAfter(now.plus(SCHEDULE_MAX))) {
            reasons.add("sendAt must be between 15 minutes and 35 days from now");
        }
        return sendAt;
    }

    private Map<String, String> tags(JsonNode root, List<String> reasons) {
        JsonNode node = root.get("tags");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            reasons.add("tags must be an object of string values");
            return Map.of();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                tags.put(e.getKey(), e.getValue().asText());
            } else {
                reasons.add("tags." + e.getKey() + " must be a string");
            }
        });
        return tags;
    }

    /** The field's text; null when absent or null; a reason when present but not a string. */
    private static String optionalText(JsonNode root, String field, List<String> reasons) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            reasons.add(field + " must be a string, not " + node.getNodeType().name().toLowerCase());
            return null;
        }
        String text = node.asText();
        int broken = loneSurrogate(text);
        if (broken >= 0) {
            // JSON's \uD800 escapes can name half a character; no encoding Twilio sends (GSM-7, UCS-2) can carry it
            reasons.add(field + " has a lone UTF-16 surrogate (\\u" + HexFormat.of().withUpperCase().toHexDigits(text.charAt(broken))
                    + ") at character " + broken + ": not a character");
            return null;
        }
        return text;
    }

    /** Jackson quotes the token it choked on, which can be the whole body: a reason needs only its start. */
    private static String abbreviated(String text) {
        return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }

    /** The index of the first surrogate that is not half of a pair, or -1. */
    static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String withLinks(String body, List<String> mediaUrls) {
        String links = String.join("\n", mediaUrls);
        return body == null || body.isBlank() ? links : body + "\n" + links;
    }

    private static boolean isHttpsUrl(String url) {
        try {
            URI uri = new URI(url);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static Validation rejected(String key, String reason) {
        return new Validation(null, List.of(reason), key);
    }
}
