package io.smsbridge.ticket;

import io.smsbridge.inbound.Replies;
import io.smsbridge.tracing.MessageTraces;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** What the bridge texts back about tickets; the templates are configuration (smsbridge.tickets.*). */
@Component("ticketReplies")
public class TicketReplies {

    private final TicketProperties tickets;
    private final Replies replies;
    private final MessageTraces traces;

    public TicketReplies(TicketProperties tickets, Replies replies, MessageTraces traces) {
        this.traces = traces;
        this.tickets = tickets;
        this.replies = replies;
    }

    /** The answer to a filed text (the new ticket's key, by default), or null when none is configured. */
    public String acknowledgement(TicketBook.Filed filed, Exchange exchange) {
        traces.tagRoute(exchange, "jira.issue_key", filed.issueKey());   // the text's trace names its ticket
        String template = filed.opened() ? tickets.replyOnNew() : tickets.replyOnComment();
        return template.isBlank() ? null : replies.render(template, exchange);
    }

    /** The answer to STATUS, with the issue read from Jira in variable {@code issue}. */
    public String status(Exchange exchange) {
        String template = tickets.statusReply().isBlank()
                ? "Ticket $simple{variable.issue.key}: $simple{variable.issue.status}." : tickets.statusReply();
        return replies.render(template, exchange);
    }

    /** The answer to STATUS when the phone has no such ticket (other phones' tickets are never disclosed). */
    public String noTicket(String requestedKey) {
        return requestedKey == null || requestedKey.isBlank()
                ? "You have no open ticket. Text your question and we will open one."
                : "No ticket " + requestedKey.trim().toUpperCase() + " for this number. Text STATUS followed by your ticket number, e.g. STATUS SUP-42.";
    }
}
