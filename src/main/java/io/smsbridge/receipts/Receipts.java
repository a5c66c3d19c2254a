package io.smsbridge.receipts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.twilio.TwilioMode;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Receipts: the state changes of a message whose producer named a {@code statusCallbackUrl}, queued on
 * {@code sms.receipts} (persistent, grouped by message: one consumer at a time per message, so in order) and posted,
 * signed, by the {@code receipt-post} route of routes/receipts.camel.yaml, away from sending.
 */
@Component("receipts")
public class Receipts {

    /** The queue receipts wait on until posted. */
    public static final String QUEUE = "sms.receipts";
    /** The state changes a producer is told of (besides a rejection at intake: {@link #rejected}). */
    static final Set<String> TOLD = Set.of("sent", "delivered", "undelivered", "failed", "suppressed", "parked", "read");
    /** The sandbox's secret when SMSBRIDGE_RECEIPT_SECRET is not set. */
    public static final String SANDBOX_SECRET = "sandbox-receipt-secret";

    private static final Logger log = LoggerFactory.getLogger(Receipts.class);

    private final ReceiptProperties properties;
    private final JmsTemplate jms;
    private final ObjectMapper json;
    private final Clock clock;
    private final String secret;

    public Receipts(ReceiptProperties properties, ConnectionFactory connectionFactory, ObjectMapper json, Environment environment) {
        this.properties = properties;
        this.json = json;
        this.clock = Clock.systemUTC();
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setExplicitQosEnabled(true);
        this.jms.setDeliveryMode(DeliveryMode.PERSISTENT);
        String configured = properties.secret();
        if (configured == null || configured.isBlank()) {
            if (TwilioMode.resolve(environment) == TwilioMode.LIVE) {
                log.warn("Receipts are off: SMSBRIDGE_RECEIPT_SECRET is not set, so a message naming a statusCallbackUrl is rejected");
                configured = null;
            } else {
                configured = SANDBOX_SECRET;
            }
        }
        this.secret = configured;
    }

    /** Whether receipts can be signed, and so sent at all. */
    public boolean enabled() {
        return secret != null;
    }

    public boolean allowPrivateHosts() {
        return properties.allowPrivateHosts();
    }

    /** Queues the receipt of this state change, if the message asked for receipts and it is one they tell. */
    public void stateChanged(String type, OutboundRecord message, String reason) {
        if (message.receiptUrl() == null || !TOLD.contains(type) || !enabled()) {
            return;
        }
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("type", type);
        receipt.put("messageId", message.id());
        receipt.put("idempotencyKey", message.idempotencyKey());
        receipt.put("status", message.status());
        receipt.put("messageSid", message.messageSid());
        receipt.put("errorCode", message.errorCode());
        receipt.put("reason", reason != null ? reason : message.reason());
        receipt.put("at", Instant.now(clock).toString());
        queue(receipt, message.receiptUrl(), message.id());
    }

    /**
     * Queues the receipt of a message rejected at intake (invalid, or its key taken by other content), if its JSON named
     * a statusCallbackUrl that may be posted to: the producer of a queued message hears of it there as well as on
     * sms.outbound.rejected. The message has no id: the receipt carries its key.
     */
    public void rejected(String payload, String idempotencyKey, List<String> reasons) {
        if (!enabled() || payload == null || !payload.contains("statusCallbackUrl")) {
            return;
        }
        String url;
        try {
            url = json.readTree(payload).path("statusCallbackUrl").textValue();
        } catch (JsonProcessingException | RuntimeException notJson) {
            return;
        }
        if (url == null || ReceiptUrls.problem(url, properties.allowPrivateHosts()) != null) {
            return;
        }
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("type", "rejected");
        receipt.put("messageId", null);
        receipt.put("idempotencyKey", idempotencyKey);
        receipt.put("status", "rejected");
        receipt.put("reason", String.join("; ", reasons));
        receipt.put("at", Instant.now(clock).toString());
        queue(receipt, url, idempotencyKey == null ? url : idempotencyKey);
    }

    private void queue(Map<String, Object> receipt, String url, String group) {
        String body;
        try {
            body = json.writeValueAsString(receipt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jms.send(QUEUE, session -> {
            var m = session.createTextMessage(body);
            m.setStringProperty("JMSXGroupID", group);
            m.setStringProperty("SmsBridgeReceiptUrl", url);
            m.setStringProperty("SmsBridgeMessageId", String.valueOf(receipt.get("messageId")));
            return m;
        });
    }

    /**
     * Makes the exchange the signed POST of its receipt (body as queued; the URL in header CamelHttpUri), after checking
     * again where the URL's host now resolves; nothing else of the queued message goes out as a header.
     */
    public void prepare(Exchange exchange, String url, String body) {
        if (!ReceiptUrls.resolvesToAllowedAddresses(url, properties.allowPrivateHosts())) {
            throw new ReceiptRefused("statusCallbackUrl's host does not resolve, or resolves to a local or private address");
        }
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(body);
        message.setHeader(Exchange.HTTP_URI, url);
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader(ReceiptSignature.HEADER, ReceiptSignature.sign(secret, clock.instant().getEpochSecond(), body));
    }
}
