package io.smsbridge.ticket;

import io.smsbridge.inbound.InboundMessage;
import io.smsbridge.metrics.BridgeMetrics;
import io.smsbridge.db.ChunkedDelete;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The bridge's own record of tickets (whose phone each belongs to) and of texts handed to Jira (tables
 * {@code ticket} and {@code ticket_text}). A text is marked in doubt just before the Jira call that files it and
 * filed once Jira's answer is known, so a retry after a lost answer looks in Jira before filing again.
 */
@Component("ticketBook")
public class TicketBook {

    private static final Logger log = LoggerFactory.getLogger(TicketBook.class);

    /** A ticket opened from a text: answers to it go to {@code phone} from {@code replyFrom} or the Messaging Service. */
    public record Ticket(String issueKey, String phone, String replyFrom, String messagingServiceSid) {
    }

    /** Where a text was filed: a new ticket ({@code opened}) or a comment on an open one. */
    public record Filed(String issueKey, boolean opened) {
    }

    /** Reads the columns issue_key, phone, reply_from, messaging_service_sid in that order. */
    private static final RowMapper<Ticket> TICKET = (rs, i) -> new Ticket(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));

    private final JdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();

    private final BridgeMetrics metrics;

    public TicketBook(JdbcTemplate jdbc, BridgeMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    /** Where an earlier attempt filed this text, or null. */
    public Filed filed(String messageSid) {
        List<Filed> rows = jdbc.query("SELECT issue_key, action FROM ticket_text WHERE message_sid = ? AND state = 'filed'",
                (rs, i) -> new Filed(rs.getString(1), "create".equals(rs.getString(2))), messageSid);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Whether an earlier attempt called Jira to file this text and never learnt the outcome. */
    public boolean inDoubt(String messageSid) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM ticket_text WHERE message_sid = ? AND state = 'in-doubt'",
                Integer.class, messageSid);
        return n != null && n > 0;
    }

    /** Marks the text in doubt before the Jira call that opens a ticket for it. */
    public void opening(String messageSid) {
        inDoubt(messageSid, "create", null);
    }

    /** Marks the text in doubt before the Jira call that adds it to {@code issueKey}. */
    public void commenting(String messageSid, String issueKey) {
        inDoubt(messageSid, "comment", issueKey);
    }

    private void inDoubt(String messageSid, String action, String issueKey) {
        record(messageSid, action, issueKey, "in-doubt");
    }

    /** One row per text (texts from one phone are handled one at a time, so update-then-insert does not race). */
    private void record(String messageSid, String action, String issueKey, String state) {
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("UPDATE ticket_text SET action = ?, issue_key = ?, state = ?, updated_at = ? WHERE message_sid = ?",
                action, issueKey, state, now, messageSid) == 0) {
            jdbc.update("INSERT INTO ticket_text (message_sid, action, issue_key, state, updated_at) VALUES (?, ?, ?, ?, ?)",
                    messageSid, action, issueKey, state, now);
        }
    }

    /**
     * Forgets which texts were filed when that was before {@code cutoff} (texts still in doubt stay); the tickets
     * themselves stay, so that an agent's reply still finds its phone. Returns how many texts were forgotten.
     */
    public int purgeFiledTextsBefore(Instant cutoff) {
        return ChunkedDelete.run(jdbc, "DELETE FROM ticket_text WHERE message_sid IN (SELECT message_sid FROM ticket_text "
                + "WHERE state = 'filed' AND updated_at < ? FETCH FIRST %d ROWS ONLY)", Timestamp.from(cutoff));
    }

    public Filed opened(InboundMessage text, String issueKey) {
        try {
            jdbc.update("INSERT INTO ticket (issue_key, phone, reply_from, messaging_service_sid, opened_by_message_sid, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?)", issueKey, text.from(), text.to(), text.messagingServiceSid(),
                    text.messageSid(), Timestamp.from(clock.instant()));
            metrics.increment("smsbridge.tickets", "action", "opened");
        } catch (DuplicateKeyException alreadyRecorded) {
            // a retry that found the ticket its earlier attempt opened
        }
        markFiled(text.messageSid(), "create", issueKey);
        metrics.filed(text.receivedAt(), clock.instant());
        log.info("Message {} opened ticket {}", text.messageSid(), issueKey);
        return new Filed(issueKey, true);
    }

    public Filed commented(InboundMessage text, String issueKey) {
        markFiled(text.messageSid(), "comment", issueKey);
        metrics.filed(text.receivedAt(), clock.instant());
        metrics.increment("smsbridge.tickets", "action", "commented");
        log.info("Message {} added to ticket {}", text.messageSid(), issueKey);
        return new Filed(issueKey, false);
    }

    /** A text found in Jira by its MessageSid after an unanswered attempt: filed as that attempt intended. */
    public Filed adopt(InboundMessage text, String issueKey) {
        String action = jdbc.queryForObject("SELECT action FROM ticket_text WHERE message_sid = ?", String.class, text.messageSid());
        log.info("Message {} was already filed in {} by an attempt whose answer was lost", text.messageSid(), issueKey);
        return "create".equals(action) ? opened(text, issueKey) : commented(text, issueKey);
    }

    private void markFiled(String messageSid, String action, String issueKey) {
        record(messageSid, action, issueKey, "filed");
    }

    /** The ticket the bridge opened under this key, or null (not opened from a text). */
    public Ticket ticket(String issueKey) {
        List<Ticket> rows = jdbc.query("SELECT issue_key, phone, reply_from, messaging_service_sid FROM ticket WHERE issue_key = ?",
                TICKET,
                issueKey == null ? "" : issueKey.trim().toUpperCase());
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * The ticket a STATUS request from {@code phone} asks about: {@code requestedKey} when that ticket is theirs, their
     * latest ticket when no key was given, otherwise null (nobody learns about another phone's ticket).
     */
    public Ticket ticketOf(String phone, String requestedKey) {
        if (requestedKey != null && !requestedKey.isBlank()) {
            Ticket ticket = ticket(requestedKey);
            return ticket != null && ticket.phone().equals(phone) ? ticket : null;
        }
        List<Ticket> rows = jdbc.query("SELECT issue_key, phone, reply_from, messaging_service_sid FROM ticket WHERE phone = ? "
                        + "ORDER BY created_at DESC", TICKET,
                phone);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
