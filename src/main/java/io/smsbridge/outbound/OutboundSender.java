package io.smsbridge.outbound;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageReader;
import com.twilio.type.PhoneNumber;
import io.smsbridge.events.SmsEvents;
import io.smsbridge.metrics.BridgeMetrics;
import io.smsbridge.optout.OptOutLedger;
import io.smsbridge.sms.SmsSegments;
import io.smsbridge.tracing.MessageTraces;
import io.smsbridge.web.PublicBaseUrl;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of sending one ledger message through Twilio, called in order by the {@code outbound-send} route.
 * Never two Twilio messages for one idempotency key: the ledger says {@code sending} before every create, and a
 * message found in that state (a timeout, a crash) is first looked for at Twilio instead of being sent again.
 */
@Component("outboundSender")
public class OutboundSender {

    private static final Logger log = LoggerFactory.getLogger(OutboundSender.class);
    /** How far Twilio's and our clocks may disagree when matching an in-doubt message to Twilio's list. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    private static final int RECONCILE_LOOKBACK = 100;

    private final OutboundLedger ledger;
    private final OptOutLedger optOuts;
    private final SenderRateLimiter rateLimiter;
    private final SmsEvents events;
    private final TwilioRestClient twilio;
    private final PublicBaseUrl publicBaseUrl;
    private final BridgeMetrics metrics;
    private final MessageTraces traces;

    public OutboundSender(OutboundLedger ledger, OptOutLedger optOuts, SenderRateLimiter rateLimiter, SmsEvents events,
                          TwilioRestClient twilio, PublicBaseUrl publicBaseUrl, BridgeMetrics metrics, MessageTraces traces) {
        this.metrics = metrics;
        this.traces = traces;
        this.ledger = ledger;
        this.optOuts = optOuts;
        this.rateLimiter = rateLimiter;
        this.events = events;
        this.twilio = twilio;
        this.publicBaseUrl = publicBaseUrl;
    }

    /**
     * The JMS group of the message on sms.send: its sender while pacing, so that one consumer at a time, on any node,
     * sends for a sender (its rate is kept in one place); else the message itself (a message handed on twice is still
     * sent by one consumer, never two).
     */
    public String sendGroup(OutboundRecord message) {
        return rateLimiter.paces() ? message.sender() : message.id();
    }

    /** The message to send, as the ledger holds it now; null when there is nothing (left) to send for this id. */
    public OutboundRecord load(String id) {
        return load(id, ledger.find(id));
    }

    /** {@link #load(String)} with the ledger's row already looked up ({@code found}; a batch looks up all at once). */
    public OutboundRecord load(String id, Optional<OutboundRecord> found) {
        if (found.isEmpty()) {
            log.warn("sms.send names message {}, which the ledger does not hold; dropped", id);
            return null;
        }
        if (found.get().isSettled()) {
            log.info("Message {} (key {}) is already {}; not sent again", id, found.get().idempotencyKey(), found.get().status());
            return null;
        }
        return found.get();
    }

    /** Waits for room in the sender's rate window; hand the reservation to {@link SenderRateLimiter#finished}. */
    public SenderRateLimiter.Reservation pace(OutboundRecord message) throws InterruptedException {
        return rateLimiter.reserve(message.sender(), message.segments());
    }

    /**
     * For a message in doubt, Twilio's own list decides: the newest messages to the same recipient are searched
     * for one with the same sender and text created since the message was accepted. True when one was adopted.
     */
    public boolean adoptIfAlreadyAtTwilio(OutboundRecord message) {
        if (!message.isInDoubt()) {
            return false;
        }
        MessageReader reader = Message.reader().setTo(new PhoneNumber(message.to()));
        if (message.from() != null) {
            reader.setFrom(new PhoneNumber(message.from()));
        }
        reader.limit(RECONCILE_LOOKBACK);
        var earliest = message.createdAt().minus(CLOCK_SKEW).atZone(ZoneOffset.UTC);
        Optional<Message> match = StreamSupport.stream(reader.read(twilio).spliterator(), false)
                .filter(m -> m.getDateCreated() == null || !m.getDateCreated().isBefore(earliest))
                .filter(m -> message.body().equals(m.getBody()))
                .filter(m -> message.messagingServiceSid() == null || message.messagingServiceSid().equals(m.getMessagingServiceSid()))
                .filter(m -> ledger.findBySid(m.getSid()).isEmpty())
                .findFirst();
        if (match.isEmpty()) {
            log.info("Message {} (key {}) was in doubt; Twilio has no copy, sending it", message.id(), message.idempotencyKey());
            return false;
        }
        Message found = match.get();
        ledger.markSent(message.id(), found.getSid(), String.valueOf(found.getStatus()), found.getPrice(), currency(found),
                "reconciled: Twilio already had it as " + found.getSid());
        log.info("Message {} (key {}) was in doubt; Twilio already had it as {}", message.id(), message.idempotencyKey(), found.getSid());
        return true;
    }

    /**
     * Marks the message in doubt in the ledger, before its create. Returns the message as it now is: the route keeps it,
     * so that a retry of the create sees the doubt without reading the ledger again.
     */
    public OutboundRecord markInDoubt(OutboundRecord message) {
        return message.afterSending(ledger.markSending(message.id()));
    }

    /** Puts the camel-twilio parameters of the message's create into {@code headers} (CamelTwilio.*). */
    public void prepareCreate(OutboundRecord message, Map<String, Object> headers) {
        headers.put("CamelTwilio.to", new PhoneNumber(message.to()));
        if (message.from() != null) {
            headers.put("CamelTwilio.from", new PhoneNumber(message.from()));
        } else {
            headers.put("CamelTwilio.messagingServiceSid", message.messagingServiceSid());
        }
        if (!message.body().isEmpty()) {
            headers.put("CamelTwilio.body", message.body());
        }
        if (!message.mediaUrls().isEmpty()) {
            headers.put("CamelTwilio.mediaUrl", message.mediaUrls().stream().map(URI::create).toList());
        }
        headers.put("CamelTwilio.statusCallback", URI.create(publicBaseUrl.resolve("/twilio/status")));
        if (message.sendAt() != null) {
            headers.put("CamelTwilio.sendAt", message.sendAt().atZone(ZoneOffset.UTC));
            headers.put("CamelTwilio.scheduleType", Message.ScheduleType.FIXED);
        }
    }

    /** A message of the ledger and Twilio's answer to its create. */
    public record Created(OutboundRecord message, Message twilio) {
    }

    public void recordCreated(OutboundRecord message, Message created) {
        recordCreated(List.of(new Created(message, created)));
    }

    /** Twilio holds these messages: their SIDs in one transaction, then an event {@code sent} for each. */
    public void recordCreated(List<Created> created) {
        Instant at = ledger.markSent(created.stream().map(c -> new OutboundLedger.Sent(c.message().id(), c.twilio().getSid(),
                String.valueOf(c.twilio().getStatus()), c.twilio().getPrice(), currency(c.twilio()), null)).toList());
        for (Created c : created) {
            metrics.created(c.message().createdAt(), at);
            if (traces.on()) {
                traces.step("sms twilio create", c.message().traceParent(), c.message().updatedAt(), at,
                        createTags(c.message(), c.twilio().getSid(), null), null);
            }
            events.publish("sent", c.message().afterSent(c.twilio().getSid(), c.twilio().getPrice(), currency(c.twilio()), at), null);
        }
    }

    /** A batch of creates is a span of its own, linked to each message's trace. */
    void traceBatch(List<Created> created, Instant start, Instant end) {
        if (created.size() > 1 && traces.on()) {   // off: not even the list of trace contexts is made
            traces.batch("sms twilio create batch", created.stream().map(c -> c.message().traceParent()).toList(), start, end,
                    Map.of("sms.batch.size", created.size()));
        }
    }

    /** What a create's span says of its message: ids and its sender, never the text or the whole recipient. */
    private static Map<String, Object> createTags(OutboundRecord message, String messageSid, Integer twilioError) {
        Map<String, Object> tags = new HashMap<>();
        tags.put("sms.message_id", message.id());
        tags.put("sms.idempotency_key", message.idempotencyKey());
        tags.put("sms.sender", message.sender());
        tags.put("sms.segments", message.segments());
        tags.put("sms.attempt", message.attempts());
        tags.put("twilio.message_sid", messageSid);
        tags.put("twilio.error_code", twilioError);
        return tags;
    }

    private static String currency(Message m) {
        return m.getPriceUnit() == null ? null : m.getPriceUnit().getCurrencyCode();
    }

    /**
     * Twilio refused the message. 21610: the recipient opted out (ledger + suppressed). 21614 with media: once
     * more as SMS with the links. Anything else: failed with Twilio's code and message.
     *
     * @return the outcome: suppressed, resend-as-sms or failed
     */
    public String recordRefusal(OutboundRecord message, Exception error) {
        ApiException api = TwilioErrors.apiException(error);
        Integer code = api == null ? null : api.getCode();
        String reason = refusalReason(error);
        metrics.refused(code);
        if (traces.on()) {
            traces.step("sms twilio create", message.traceParent(), message.updatedAt(), Instant.now(), createTags(message, null, code), error);
        }
        if (code != null && code == TwilioErrors.OPTED_OUT) {
            optOuts.optOut(message.to(), message.sender(), "error 21610", null);
            ledger.settle(message.id(), OutboundStatus.SUPPRESSED, code, reason);
            events.publish("suppressed", ledger.find(message.id()).orElseThrow(), reason);
            return "suppressed";
        }
        if (code != null && code == TwilioErrors.NOT_MOBILE && !message.mediaUrls().isEmpty()) {
            String asSms = message.body().isEmpty() ? String.join("\n", message.mediaUrls())
                    : message.body() + "\n" + String.join("\n", message.mediaUrls());
            SmsSegments.Count count = SmsSegments.count(asSms);
            ledger.replaceContent(message.id(), asSms, count.encoding().name(), count.segments(),
                    reason + "; sending once more as SMS with the media links");
            log.info("Message {} (key {}): recipient cannot take MMS (21614), resending as SMS", message.id(), message.idempotencyKey());
            return "resend-as-sms";
        }
        ledger.settle(message.id(), OutboundStatus.FAILED, code, reason);
        events.publish("failed", ledger.find(message.id()).orElseThrow(), reason);
        return "failed";
    }

    /** "Twilio &lt;code&gt;: &lt;Twilio's message&gt;", for the ledger and the SmsBridgeReason header. */
    public String refusalReason(Exception error) {
        return TwilioErrors.apiException(error) == null ? "Twilio call failed: " + error : TwilioErrors.describe(error);
    }

    /** Twilio stayed unreachable through every retry: the message stays in doubt and goes back to the broker. */
    public void recordUnavailable(OutboundRecord message, Exception error) {
        if (traces.on()) {
            traces.step("sms twilio create", message.traceParent(), message.updatedAt(), Instant.now(), createTags(message, null, null), error);
        }
        log.warn("Message {} (key {}): Twilio unavailable after retries ({}); returned to the broker",
                message.id(), message.idempotencyKey(), TwilioErrors.describe(error));
    }
}
