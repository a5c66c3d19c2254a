package io.smsbridge.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.broker.ParkedMessages;
import io.smsbridge.optout.OptOutLedger;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.sms.PhoneMask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's actions (POST, operators only, each with the page's CSRF token; ConsoleSecurity). Each is done by the
 * same code the API and the routes use — parked messages by {@link ParkedMessages}, opt-outs by {@link OptOutLedger},
 * a resend through route outbound-accept like any producer's message — then audited (table console_audit, and a line
 * in the history of the message it concerns), and answered with a redirect to the page it came from.
 */
@Controller
@Conditional(ConsoleEnabled.class)
@RequestMapping("/console")
public class ConsoleActions {

    /** Statuses after which a message may be sent again as a new one. */
    static final Set<String> RESENDABLE = Set.of("undelivered", "failed");

    private final ParkedMessages parked;
    private final OptOutLedger optOuts;
    private final OutboundLedger ledger;
    private final ConsoleAudit audit;
    private final ProducerTemplate routes;
    private final ObjectMapper json;
    private final ConsoleSandbox sandbox;

    public ConsoleActions(ParkedMessages parked, OptOutLedger optOuts, OutboundLedger ledger, ConsoleAudit audit,
                          ProducerTemplate routes, ObjectMapper json, ConsoleSandbox sandbox) {
        this.parked = parked;
        this.optOuts = optOuts;
        this.ledger = ledger;
        this.audit = audit;
        this.routes = routes;
        this.json = json;
        this.sandbox = sandbox;
    }

    /** Releases a parking queue's messages back to their queue: all, the selected ones, or one ({@code id}). */
    @PostMapping("/queues/{queue}/release")
    public String release(@PathVariable String queue, @RequestParam(name = "id", required = false) List<String> ids,
                          @ModelAttribute("me") ConsoleUser me, RedirectAttributes redirect) throws Exception {
        checkQueue(queue, ids);
        int moved = 0;
        if (ids == null || ids.isEmpty()) {
            moved = release(queue, null);
            audit.record(me, "release", queue + " (all)", queue, moved + " message(s)");
        } else {
            Map<String, String> messages = messagesOf(queue);
            for (String id : ids) {
                int one = release(queue, id);
                moved += one;
                audit.record(me, "release", queue + " " + id, queue + " " + id, one == 0 ? "no longer parked" : "released");
                noteInHistory(messages.get(id), "released", "by " + me.actor() + " from " + queue);
            }
        }
        redirect.addFlashAttribute("notice", "Released " + moved + " message(s) from " + queue + " to " + ParkedMessages.ORIGINS.get(queue) + ".");
        return "redirect:/console/queues";
    }

    /** Removes the selected parked messages for good (their reasons and ids are logged and audited). */
    @PostMapping("/queues/{queue}/discard")
    public String discard(@PathVariable String queue, @RequestParam(name = "id", required = false) List<String> ids,
                          @ModelAttribute("me") ConsoleUser me, RedirectAttributes redirect) throws Exception {
        if (ids == null || ids.isEmpty()) {
            redirect.addFlashAttribute("problem", "Choose the messages to discard.");
            return "redirect:/console/queues";
        }
        checkQueue(queue, ids);
        int removed = 0;
        Map<String, String> messages = messagesOf(queue);
        for (String id : ids) {
            boolean gone = discard(queue, id);
            removed += gone ? 1 : 0;
            audit.record(me, "discard", queue + " " + id, queue + " " + id, gone ? "discarded" : "no longer parked");
            if (gone) {
                noteInHistory(messages.get(id), "discarded", "by " + me.actor() + " from " + queue);
            }
        }
        redirect.addFlashAttribute("notice", "Discarded " + removed + " message(s) from " + queue + ".");
        return "redirect:/console/queues";
    }

    /** An operator's opt-out or opt-in of a phone for a sender scope, with a reason. */
    @PostMapping("/opt-outs")
    public String changeOptOut(@RequestParam String phone, @RequestParam String scope, @RequestParam String action,
                               @RequestParam(required = false) String reason, @ModelAttribute("me") ConsoleUser me,
                               RedirectAttributes redirect) {
        String number = phone.trim();
        if (!number.matches("\\+[1-9][0-9]{6,14}") || scope.isBlank() || reason == null || reason.isBlank()
                || !Set.of(OptOutLedger.OPT_OUT, OptOutLedger.OPT_IN).contains(action)) {
            redirect.addFlashAttribute("problem", "An opt-out change needs a number in E.164 (+14155550123), a sender and a reason.");
            return "redirect:/console/opt-outs";
        }
        boolean changed = action.equals(OptOutLedger.OPT_OUT)
                ? optOuts.optOut(number, scope.trim(), me.actor(), null, reason.trim())
                : optOuts.optInBy(number, scope.trim(), me.actor(), reason.trim());
        audit.record(me, action, number, PhoneMask.mask(number), "scope " + scope.trim() + ": " + reason.trim()
                + (changed ? "" : " (no change: already so)"));
        redirect.addFlashAttribute(changed ? "notice" : "problem", (changed ? "Done: " : "Nothing to do: ") + action + " of "
                + me.phone(number) + " for " + scope.trim() + ".");
        return "redirect:/console/opt-outs?phone=" + java.net.URLEncoder.encode(number, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Sends an undelivered or failed message again, as a new message (its own id and idempotency key, producer
     * console:&lt;user&gt;) through route outbound-accept: validated, checked against opt-outs, queued, paced.
     */
    @PostMapping("/messages/{id}/resend")
    public String resend(@PathVariable String id, @ModelAttribute("me") ConsoleUser me, RedirectAttributes redirect) throws Exception {
        OutboundRecord original = ledger.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no message " + id));
        if (!RESENDABLE.contains(original.status())) {
            redirect.addFlashAttribute("problem", "Only an undelivered or failed message can be sent again; this one is " + original.status() + ".");
            return "redirect:/console/messages/" + id;
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("to", original.to());
        message.put(original.messagingServiceSid() != null ? "messagingServiceSid" : "from",
                original.messagingServiceSid() != null ? original.messagingServiceSid() : original.from());
        message.put("body", original.body());
        if (!original.mediaUrls().isEmpty()) {
            message.put("mediaUrls", original.mediaUrls());
        }
        Optional.ofNullable(original.fallbackEmail()).ifPresent(e -> message.put("fallbackEmail", e));
        Optional.ofNullable(original.receiptUrl()).ifPresent(u -> message.put("statusCallbackUrl", u));
        if (original.tags() != null && !original.tags().isEmpty()) {
            message.put("tags", original.tags());
        }
        message.put("idempotencyKey", "console-resend:" + UUID.randomUUID());
        String body = json.writeValueAsString(message);
        Exchange done = route("direct:outbound-accept", exchange -> {
            exchange.getMessage().setBody(body);
            exchange.setVariable("producer", me.actor());
        });
        String outcome = done.getVariable("outcome", String.class);
        OutboundRecord copy = done.getVariable("message", OutboundRecord.class);
        String detail = copy == null ? outcome : outcome + " as " + copy.id();
        ledger.note(id, "resent", "by " + me.actor() + ": " + detail);
        audit.record(me, "resend", id, id, detail);
        if (copy == null) {
            redirect.addFlashAttribute("problem", "Not sent again: " + outcome + ".");
            return "redirect:/console/messages/" + id;
        }
        redirect.addFlashAttribute("notice", "Sent again as a new message (" + outcome + ").");
        return "redirect:/console/messages/" + copy.id();
    }

    /** Sandbox only: the simulated phone texts the bridge (the sandbox posts Twilio's signed webhook). */
    @PostMapping("/phone/send")
    public String phoneSend(@RequestParam String number, @RequestParam String body, RedirectAttributes redirect) throws Exception {
        Map<String, Object> answer = sandbox.send(number.trim(), body);
        if (!Integer.valueOf(200).equals(answer.get("webhookStatus"))) {
            redirect.addFlashAttribute("problem", "The text was not taken: " + answer);
        }
        return "redirect:/console/phone?number=" + java.net.URLEncoder.encode(number.trim(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Route parked-release, as the API uses it: how many messages went back to their queue. */
    private int release(String queue, String id) throws Exception {
        return route("direct:parked-release", exchange -> {
            exchange.setVariable("queue", queue);
            exchange.setVariable("origin", ParkedMessages.ORIGINS.get(queue));
            exchange.setVariable("id", id);
        }).getVariable("released", 0, Integer.class);
    }

    /** Route parked-discard, as the API uses it: whether the message was there and is gone. */
    private boolean discard(String queue, String id) throws Exception {
        return route("direct:parked-discard", exchange -> {
            exchange.setVariable("queue", queue);
            exchange.setVariable("id", id);
        }).getVariable("discarded", false, Boolean.class);
    }

    /** The exchange a route left, or what it failed with. */
    private Exchange route(String uri, org.apache.camel.Processor request) throws Exception {
        Exchange done = routes.send(uri, request);
        if (done.getException() != null) {
            throw done.getException();
        }
        return done;
    }

    /**
     * The outbound message each listed parked message of {@code queue} concerns (by its idempotency key, or the SID of
     * a parked status report), by parked message id: whose history an action on it is written into.
     */
    private Map<String, String> messagesOf(String queue) {
        Map<String, String> byParkedId = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Map<String, String>> listed = (List<Map<String, String>>) parked.browseParked(queue).get("messages");
        for (Map<String, String> m : listed) {
            Optional<OutboundRecord> message = m.containsKey("SmsBridgeIdempotencyKey")
                    ? ledger.findByKey(m.get("SmsBridgeIdempotencyKey"))
                    : m.containsKey("SmsBridgeMessageSid") ? ledger.findBySid(m.get("SmsBridgeMessageSid")) : Optional.empty();
            message.ifPresent(r -> byParkedId.put(m.get("id"), r.id()));
        }
        return byParkedId;
    }

    private void noteInHistory(String messageId, String what, String detail) {
        if (messageId != null) {
            ledger.note(messageId, what, detail);
        }
    }

    private static void checkQueue(String queue, List<String> ids) {
        if (!ParkedMessages.isParkingQueue(queue)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "not a parking queue: " + queue);
        }
        if (ids != null && !ids.stream().allMatch(ParkedMessages::isMessageId)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not a parked message's id");
        }
    }
}
