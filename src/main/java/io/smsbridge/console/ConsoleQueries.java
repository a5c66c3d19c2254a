package io.smsbridge.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The console's read-only questions to the database: searches over the outbound ledger, one phone's conversation.
 * Portable SQL (H2 and PostgreSQL); every search is bounded.
 */
@Component
public class ConsoleQueries {

    static final int LISTED = 100;

    private final JdbcTemplate jdbc;

    public ConsoleQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What the messages page searches by; blank fields are not used. */
    public record MessageSearch(String phone, String key, String sid, String status, Integer errorCode, String producer,
                                Instant from, Instant until) {
        public boolean isEmpty() {
            return blank(phone) && blank(key) && blank(sid) && blank(status) && errorCode == null && blank(producer)
                    && from == null && until == null;
        }
    }

    /** A line of the messages list. */
    public record MessageRow(String id, String idempotencyKey, String to, String sender, String status, String messageSid,
                             Integer errorCode, Instant createdAt, Instant updatedAt) {
    }

    /** The newest messages that match every given field (the newest of all when none is given), at most 100. */
    public List<MessageRow> messages(MessageSearch search) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!blank(search.phone())) {   // the full number or its last digits
            where.append(" AND recipient LIKE ? ESCAPE '!'");
            args.add("%" + likeEscaped(digits(search.phone())));
        }
        if (!blank(search.key())) {
            where.append(" AND id IN (SELECT message_id FROM outbound_key WHERE idempotency_key = ?)");
            args.add(search.key().trim());
        }
        if (!blank(search.sid())) {
            where.append(" AND id IN (SELECT message_id FROM outbound_sid WHERE message_sid = ?)");
            args.add(search.sid().trim());
        }
        if (!blank(search.status())) {
            where.append(" AND status = ?");
            args.add(search.status().trim());
        }
        if (search.errorCode() != null) {
            where.append(" AND error_code = ?");
            args.add(search.errorCode());
        }
        if (!blank(search.producer())) {   // the producer is named in the history's first line (OutboundLedger)
            where.append(" AND history LIKE ? ESCAPE '!'");
            args.add("%\"from producer " + likeEscaped(search.producer().trim()) + "\"%");
        }
        if (search.from() != null) {
            where.append(" AND created_at >= ?");
            args.add(Timestamp.from(search.from()));
        }
        if (search.until() != null) {
            where.append(" AND created_at < ?");
            args.add(Timestamp.from(search.until()));
        }
        return jdbc.query("SELECT id, idempotency_key, recipient, sender, status, message_sid, error_code, created_at, updated_at "
                        + "FROM outbound_message" + where + " ORDER BY created_at DESC FETCH FIRST " + LISTED + " ROWS ONLY",
                (rs, n) -> new MessageRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), (Integer) rs.getObject(7), instant(rs, 8), instant(rs, 9)), args.toArray());
    }

    /** The phones (recipients and senders of texts) ending with these digits, at most 20: what a partial number names. */
    public List<String> phonesEndingWith(String digits) {
        String pattern = "%" + likeEscaped(digits(digits));
        return jdbc.queryForList("SELECT phone FROM (SELECT recipient AS phone FROM outbound_message WHERE recipient LIKE ? ESCAPE '!' "
                + "UNION SELECT from_number AS phone FROM inbound_message WHERE from_number LIKE ? ESCAPE '!') phones "
                + "ORDER BY phone FETCH FIRST 20 ROWS ONLY", String.class, pattern, pattern);
    }

    /** A text in or out of one phone's conversation. */
    public record Text(String direction, String id, String counterpart, String body, String status, Integer errorCode,
                       String ticket, String ticketAction, Instant at) {
        public boolean inbound() {
            return direction.equals("in");
        }
    }

    /** The phone's texts in (with the ticket each went to) and out, newest first, at most 200. */
    public List<Text> conversation(String phone) {
        List<Text> texts = new ArrayList<>(jdbc.query(
                "SELECT i.message_sid, i.to_number, i.body, i.received_at, t.issue_key, t.action FROM inbound_message i "
                        + "LEFT JOIN ticket_text t ON t.message_sid = i.message_sid WHERE i.from_number = ? "
                        + "ORDER BY i.received_at DESC FETCH FIRST 200 ROWS ONLY",
                (rs, n) -> new Text("in", rs.getString(1), rs.getString(2), rs.getString(3), null, null, rs.getString(5),
                        rs.getString(6), instant(rs, 4)), phone));
        texts.addAll(jdbc.query(
                "SELECT id, sender, body, status, error_code, created_at FROM outbound_message WHERE recipient = ? "
                        + "ORDER BY created_at DESC FETCH FIRST 200 ROWS ONLY",
                (rs, n) -> new Text("out", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        (Integer) rs.getObject(5), null, null, instant(rs, 6)), phone));
        texts.sort(Comparator.comparing(Text::at).reversed());
        return texts.size() > 200 ? texts.subList(0, 200) : texts;
    }

    /** A help-desk ticket of the phone. */
    public record Ticket(String issueKey, String replyFrom, Instant createdAt) {
    }

    public List<Ticket> tickets(String phone) {
        return jdbc.query("SELECT issue_key, reply_from, created_at FROM ticket WHERE phone = ? ORDER BY created_at DESC",
                (rs, n) -> new Ticket(rs.getString(1), rs.getString(2), instant(rs, 3)), phone);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static String digits(String phone) {
        return phone == null ? "" : phone.replaceAll("[^0-9]", "");
    }

    private static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
