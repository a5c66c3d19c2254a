package io.smsbridge.outbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.twilio.TwilioMode;
import io.smsbridge.tracing.MessageTraces;
import io.smsbridge.web.ApiKeys;
import io.smsbridge.web.JsonAnswer;
import io.smsbridge.web.RequestRefused;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The HTTP face of the outbound pipeline ({@code POST /api/messages}, {@code GET /api/messages/{id}}): the API key,
 * and how outcomes become status codes and JSON. The routes in outbound-api.camel.yaml call it.
 */
@Component("outboundApi")
public class OutboundApi {

    /** The documented API key of sandbox mode, when SMSBRIDGE_API_KEY is not set. */
    public static final String SANDBOX_API_KEY = "sandbox-api-key";
    /** What a request without the right X-Api-Key is told (401). */
    public static final String UNAUTHORIZED = "missing or wrong X-Api-Key";
    private static final Logger log = LoggerFactory.getLogger(OutboundApi.class);

    private final ApiKeys apiKeys;
    private final int batchMax;
    private final OutboundLedger ledger;
    private final ObjectMapper json;

    public OutboundApi(OutboundProperties properties, TwilioMode mode, OutboundLedger ledger, ObjectMapper json) {
        String key = properties.apiKey();
        Path keysFile = properties.apiKeysFile() == null || properties.apiKeysFile().isBlank() ? null : Path.of(properties.apiKeysFile());
        if (key == null || key.isBlank()) {
            if (mode == TwilioMode.LIVE && keysFile == null) {
                throw new IllegalStateException("smsbridge.outbound.api-key (SMSBRIDGE_API_KEY) or api-keys-file "
                        + "(SMSBRIDGE_API_KEYS_FILE) must be set in live mode: they protect /api");
            }
            if (mode != TwilioMode.LIVE) {
                log.warn("POST /api/messages accepts the sandbox API key '{}' (set SMSBRIDGE_API_KEY to change it)", SANDBOX_API_KEY);
                key = SANDBOX_API_KEY;
            }
        }
        this.apiKeys = new ApiKeys(key, keysFile);
        this.batchMax = properties.apiBatchMax();
        this.ledger = ledger;
        this.json = json;
    }

    public boolean isAuthorized(String presented) {
        return apiKeys.producerOf(presented) != null;
    }

    /** The producer whose API key this is (named in the keys file; {@code default} for SMSBRIDGE_API_KEY), or null. */
    public String producer(String presented) {
        return apiKeys.producerOf(presented);
    }

    public void unauthorized(Exchange exchange) {
        respond(exchange, 401, Map.of("error", UNAUTHORIZED));
    }

    /** A body refused before it was read as a message (415, 400), with the reason; logged without the body. */
    public void refused(Exchange exchange) {
        // thrown by a bean step it is the exception caught; thrown inside an expression (setVariable: method:), its cause
        RequestRefused refused = ObjectHelper.getException(RequestRefused.class, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        log.info("Refused a POST /api/messages ({}): {}", refused.status(), refused.getMessage());
        respond(exchange, refused.status(), Map.of("error", refused.getMessage()));
    }

    /**
     * 202 accepted or suppressed, 200 for a known idempotency key with the same content, 409 naming the original for a
     * known key with other content, 400 with every reason for an invalid message.
     */
    public void submitted(Exchange exchange) {
        String outcome = exchange.getVariable("outcome", String.class);
        OutboundRecord message = exchange.getVariable("message", OutboundRecord.class);
        if (message != null && !"conflict".equals(outcome)) {
            message = ledger.find(message.id()).orElseThrow(); // as it is now: suppressed, or already sent
        }
        Map<String, Object> answer = answer(outcome, exchange.getVariable("validation", OutboundValidator.Validation.class), message);
        answer.remove("outcome");
        int status = switch (outcome) {
            case "rejected" -> 400;
            case "conflict" -> 409;
            case "duplicate" -> 200;
            default -> 202;
        };
        respond(exchange, status, answer);
    }

    /**
     * The messages of a {@code POST /api/messages/batch} body, {@code {"messages":[…]}}, each as its own JSON (its key
     * in it: no header applies to many). 400 when the body is not such a list, or is longer than
     * {@code smsbridge.outbound.api-batch-max}.
     */
    public List<OutboundIntake.Order> batchOrders(String body, String producer) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new RequestRefused(400, "not valid JSON" + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
        JsonNode messages = root == null ? null : root.get("messages");
        if (messages == null || !messages.isArray() || root.size() != 1) {
            throw new RequestRefused(400, "a batch is {\"messages\":[message, …]} and nothing else");
        }
        if (messages.isEmpty() || messages.size() > batchMax) {
            throw new RequestRefused(400, "a batch holds 1 to " + batchMax + " messages (smsbridge.outbound.api-batch-max), not " + messages.size());
        }
        List<OutboundIntake.Order> orders = new ArrayList<>(messages.size());
        for (JsonNode message : messages) {
            try {
                orders.add(new OutboundIntake.Order(json.writeValueAsString(message), null, null, producer));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a parsed JSON node could not be written back", e);
            }
        }
        return orders;
    }

    /** 200 with each message's outcome, in the order sent: accepted, suppressed, duplicate, conflict or rejected. */
    public void batchSubmitted(Exchange exchange, List<OutboundIntake.Outcome> outcomes) {
        List<Map<String, Object>> results = new ArrayList<>(outcomes.size());
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String outcome : List.of("accepted", "suppressed", "duplicate", "conflict", "rejected")) {
            counts.put(outcome, 0);
        }
        for (int i = 0; i < outcomes.size(); i++) {
            OutboundIntake.Outcome o = outcomes.get(i);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("index", i);
            result.putAll(answer(o.outcome(), o.validation(), o.message()));
            counts.merge((String) result.get("outcome"), 1, Integer::sum);
            results.add(result);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("counts", counts);
        answer.put("results", results);
        respond(exchange, 200, answer);
    }

    /** What one message's outcome is told: the same fields whether it came alone or in a batch. */
    private static Map<String, Object> answer(String outcome, OutboundValidator.Validation validation, OutboundRecord message) {
        Map<String, Object> answer = new LinkedHashMap<>();
        switch (outcome) {
            case "rejected" -> {
                answer.put("outcome", "rejected");
                answer.put("error", "invalid message");
                answer.put("reasons", validation.reasons());
                if (validation.idempotencyKey() != null) {
                    answer.put("idempotencyKey", validation.idempotencyKey());
                }
            }
            case "conflict" -> {
                answer.put("outcome", "conflict");
                answer.put("error", "idempotency key conflict");
                answer.put("reasons", validation.reasons());
                answer.put("id", message.id());
                answer.put("href", "/api/messages/" + message.id());
            }
            default -> {
                answer.put("outcome", outcome.equals("queued") ? "accepted" : outcome);
                answer.put("id", message.id());
                answer.put("idempotencyKey", message.idempotencyKey());
                answer.put("status", outcome.equals("suppressed") ? OutboundStatus.SUPPRESSED : message.status());
                answer.put("segments", message.segments());
                answer.put("encoding", message.encoding());
                answer.put("duplicate", outcome.equals("duplicate"));
                answer.put("href", "/api/messages/" + message.id());
            }
        }
        return answer;
    }

    /** The message's state and history, or 404. */
    public void describe(Exchange exchange, String id) {
        var found = ledger.find(id);
        if (found.isEmpty()) {
            respond(exchange, 404, Map.of("error", "no message " + id));
            return;
        }
        OutboundRecord m = found.get();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", m.id());
        answer.put("idempotencyKey", m.idempotencyKey());
        answer.put("to", m.to());
        answer.put("sender", m.sender());
        answer.put("status", m.status());
        answer.put("messageSid", m.messageSid());
        answer.put("segments", m.segments());
        answer.put("encoding", m.encoding());
        answer.put("errorCode", m.errorCode());
        answer.put("reason", m.reason());
        answer.put("price", m.price());
        answer.put("priceUnit", m.priceUnit());
        answer.put("attempts", m.attempts());
        answer.put("createdAt", m.createdAt().toString());
        answer.put("updatedAt", m.updatedAt().toString());
        answer.put("traceId", MessageTraces.traceId(m.traceParent()));   // null unless traced (docs/observability.md)
        List<Map<String, Object>> history = ledger.history(id).stream().map(h -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", h.status());
            entry.put("errorCode", h.errorCode());
            entry.put("detail", h.detail());
            entry.put("at", h.at().toString());
            return entry;
        }).toList();
        answer.put("history", history);
        respond(exchange, 200, answer);
    }

    /** The JSON body of a message refused by Twilio, for sms.outbound.rejected (the original text is not repeated). */
    public String rejectionBody(OutboundRecord message) throws JsonProcessingException {
        OutboundRecord m = ledger.find(message.id()).orElse(message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", m.id());
        body.put("idempotencyKey", m.idempotencyKey());
        body.put("to", m.to());
        body.put("sender", m.sender());
        body.put("errorCode", m.errorCode());
        body.put("reason", m.reason());
        return json.writeValueAsString(body);
    }

    private void respond(Exchange exchange, int status, Object body) {
        JsonAnswer.set(exchange, json, status, body);
    }
}
