package io.smsbridge.console;

import io.smsbridge.broker.ParkedMessages;
import io.smsbridge.broker.QueueGauges;
import io.smsbridge.delivery.TwilioErrorCodes;
import io.smsbridge.inbound.Keywords;
import io.smsbridge.optout.OptOutLedger;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.outbound.OutboundProperties;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.ticket.JiraConnection;
import io.smsbridge.tracing.MessageTraces;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The console's pages (GET): server-rendered (templates/console/*.html), the parts that change on their own re-fetched
 * by htmx. What each shows comes from the beans the routes use (the ledger, the opt-outs, the broker's parked
 * messages and queue figures); nothing here changes anything — the actions are {@link ConsoleActions}.
 */
@Controller
@Conditional(ConsoleEnabled.class)
@RequestMapping("/console")
public class ConsolePages {

    private final ConsoleQueries queries;
    private final OutboundLedger ledger;
    private final OptOutLedger optOuts;
    private final ParkedMessages parked;
    private final QueueGauges queues;
    private final ConsoleCharts charts;
    private final ConsoleAudit audit;
    private final ConsoleProperties properties;
    private final OutboundProperties outbound;
    private final JiraConnection jira;
    private final Keywords keywords;
    private final ConsoleSandbox sandbox;

    public ConsolePages(ConsoleQueries queries, OutboundLedger ledger, OptOutLedger optOuts, ParkedMessages parked,
                        QueueGauges queues, ConsoleCharts charts, ConsoleAudit audit, ConsoleProperties properties,
                        OutboundProperties outbound, JiraConnection jira, Keywords keywords, ConsoleSandbox sandbox) {
        this.queries = queries;
        this.ledger = ledger;
        this.optOuts = optOuts;
        this.parked = parked;
        this.queues = queues;
        this.charts = charts;
        this.audit = audit;
        this.properties = properties;
        this.outbound = outbound;
        this.jira = jira;
        this.keywords = keywords;
        this.sandbox = sandbox;
    }

    @GetMapping("/login")
    public String login() {
        return "console/login";
    }

    @GetMapping({"", "/"})
    public String overview(Model model) {
        model.addAttribute("overview", charts.overview());
        return "console/overview";
    }

    /** The overview's live part, re-fetched every few seconds. */
    @GetMapping("/overview/live")
    public String overviewLive(Model model) {
        model.addAttribute("overview", charts.overview());
        return "console/overview :: live";
    }

    @GetMapping("/messages")
    public String messages(@RequestParam(required = false) String phone, @RequestParam(required = false) String key,
                           @RequestParam(required = false) String sid, @RequestParam(required = false) String status,
                           @RequestParam(required = false) String errorCode, @RequestParam(required = false) String producer,
                           @RequestParam(required = false) String from, @RequestParam(required = false) String until,
                           Model model) {
        List<String> problems = new ArrayList<>();
        Integer code = null;
        if (errorCode != null && !errorCode.isBlank()) {
            try {
                code = Integer.valueOf(errorCode.trim());
            } catch (NumberFormatException e) {
                problems.add("The error code must be a number such as 30003");
            }
        }
        Instant fromDay = day(from, 0, problems);
        Instant untilDay = day(until, 1, problems);
        ConsoleQueries.MessageSearch search = new ConsoleQueries.MessageSearch(phone, key, sid, status, code, producer, fromDay, untilDay);
        model.addAttribute("search", Map.of("phone", nn(phone), "key", nn(key), "sid", nn(sid), "status", nn(status),
                "errorCode", nn(errorCode), "producer", nn(producer), "from", nn(from), "until", nn(until)));
        model.addAttribute("problems", problems);
        model.addAttribute("statuses", List.of("accepted", "sending", "sent", "delivered", "undelivered", "failed",
                "suppressed", "rejected", "parked", "canceled"));
        model.addAttribute("rows", problems.isEmpty() ? queries.messages(search) : List.of());
        model.addAttribute("limit", ConsoleQueries.LISTED);
        return "console/messages";
    }

    @GetMapping("/messages/{id}")
    public String message(@PathVariable String id, Model model) {
        OutboundRecord message = ledger.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no message " + id));
        model.addAttribute("message", message);
        model.addAttribute("history", ledger.history(id));
        model.addAttribute("errorMeaning", message.errorCode() == null ? null : TwilioErrorCodes.meaning(message.errorCode()));
        String traceId = message.traceParent() == null ? null : MessageTraces.traceId(message.traceParent());
        model.addAttribute("traceId", traceId);
        model.addAttribute("traceUrl", traceId == null || properties.traceUrl() == null || properties.traceUrl().isBlank()
                ? null : properties.traceUrl().replace("{traceId}", traceId));
        return "console/message";
    }

    @GetMapping("/conversations")
    public String conversation(@RequestParam(required = false) String phone, Model model) {
        String wanted = nn(phone).trim();
        model.addAttribute("phone", wanted);
        if (wanted.isEmpty()) {
            return "console/conversation";
        }
        if (!wanted.startsWith("+")) {   // last digits: the phones they may name
            model.addAttribute("candidates", queries.phonesEndingWith(wanted));
            return "console/conversation";
        }
        List<ConsoleQueries.Text> texts = queries.conversation(wanted);
        model.addAttribute("texts", texts);
        model.addAttribute("dispatch", dispatch(texts));
        model.addAttribute("tickets", queries.tickets(wanted));
        model.addAttribute("jiraBrowse", jira.baseUrl() + "/browse/");
        Map<String, OptOutLedger.OptOut> byScope = new LinkedHashMap<>();
        for (String scope : scopes()) {
            byScope.put(scope, null);
        }
        optOuts.find(wanted, 50).stream().filter(o -> o.phone().equals(wanted)).forEach(o -> byScope.put(o.scope(), o));
        model.addAttribute("optOuts", byScope);
        return "console/conversation";
    }

    /** What became of each inbound text: the keyword it was (as the dispatch reads it), or its ticket, or neither. */
    private Map<String, String> dispatch(List<ConsoleQueries.Text> texts) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (ConsoleQueries.Text t : texts.stream().filter(ConsoleQueries.Text::inbound).toList()) {
            Keywords.Keyword keyword = keywords.classify(t.body(), null);
            labels.put(t.id(), switch (keyword.family()) {
                case Keywords.Keyword.STOP -> keyword.word() + ": opted out";
                case Keywords.Keyword.START -> keyword.word() + ": opted back in";
                case Keywords.Keyword.HELP -> keyword.word() + ": answered with the help text";
                case Keywords.Keyword.CUSTOM -> "keyword " + keyword.word();
                default -> t.ticket() == null ? "stored, not filed (yet)"
                        : ("create".equals(t.ticketAction()) ? "opened " : "added to ") + t.ticket();
            });
        }
        return labels;
    }

    @GetMapping("/queues")
    public String queues(Model model) {
        model.addAttribute("figures", queues.figures());
        model.addAttribute("parked", parked.parked());
        return "console/queues";
    }

    @GetMapping("/opt-outs")
    public String optOuts(@RequestParam(required = false) String phone, Model model) {
        model.addAttribute("phone", nn(phone));
        model.addAttribute("current", optOuts.find(phone, 200));
        model.addAttribute("history", optOuts.history(phone, 200));
        model.addAttribute("scopes", scopes());
        return "console/opt-outs";
    }

    /** Every current opt-out as CSV (phones masked for roles that see them masked). */
    @GetMapping(value = "/opt-outs.csv")
    public void optOutsCsv(@org.springframework.web.bind.annotation.ModelAttribute("me") ConsoleUser me, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"opt-outs.csv\"");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        PrintWriter out = response.getWriter();
        out.println("phone,scope,keyword,source_message_sid,opted_out_at");
        for (OptOutLedger.OptOut o : optOuts.find(null, Integer.MAX_VALUE - 1)) {
            out.println(String.join(",", csv(me.phone(o.phone())), csv(o.scope()), csv(o.keyword()), csv(o.sourceMessageSid()),
                    o.optedOutAt().toString()));
        }
    }

    @GetMapping("/audit")
    public String audit(Model model) {
        model.addAttribute("entries", audit.latest(200));
        return "console/audit";
    }

    /** Sandbox only: a phone of the simulated world, its thread as the phone shows it, and a box to text the bridge. */
    @GetMapping("/phone")
    public String phone(@RequestParam(required = false) String number, Model model) throws IOException, InterruptedException {
        String phone = number == null || number.isBlank() ? "+15005550001" : number.trim();
        model.addAttribute("number", phone);
        model.addAttribute("thread", sandbox.thread(phone));
        return "console/phone";
    }

    @GetMapping("/phone/thread")
    public String phoneThread(@RequestParam String number, Model model) throws IOException, InterruptedException {
        model.addAttribute("number", number);
        model.addAttribute("thread", sandbox.thread(number));
        return "console/phone :: thread";
    }

    /** Sandbox only: the mail the sandbox's SMTP server received (fallback and alert emails), newest first. */
    @GetMapping("/mail")
    public String mail(Model model) throws IOException, InterruptedException {
        List<Map<String, Object>> received = new ArrayList<>(sandbox.mail());
        java.util.Collections.reverse(received);
        model.addAttribute("mails", received);
        return "console/mail";
    }


    /** The sender scopes an opt-out may name: the default sender, the other senders, the default Messaging Service. */
    Set<String> scopes() {
        Set<String> scopes = outbound.numbers();
        if (outbound.defaultMessagingServiceSid() != null && !outbound.defaultMessagingServiceSid().isBlank()) {
            scopes.add(outbound.defaultMessagingServiceSid());
        }
        return scopes;
    }

    private static Instant day(String date, int plusDays, List<String> problems) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date.trim()).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            problems.add("Dates are written 2026-12-07, not '" + date + "'");
            return null;
        }
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        // quoted when needed; a leading =, +, - or @ would be a formula to a spreadsheet (CSV injection): prefix a quote
        String safe = value.matches("^[=+\\-@].*") && !value.matches("^\\+[0-9*]+$") ? "'" + value : value;
        return safe.matches(".*[,\"\\r\\n].*") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }
}
