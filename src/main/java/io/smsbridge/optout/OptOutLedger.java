package io.smsbridge.optout;

import io.smsbridge.sms.PhoneMask;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who may not be texted, per sender scope (a From number or a Messaging Service SID). Written by inbound STOP
 * (and START to undo it), by Twilio error 21610 and by operators in the console; read before every outbound send.
 * Every change is also an event of table opt_out_event (the console's history of a phone).
 */
@Component("optOutLedger")
public class OptOutLedger {

    private static final Logger log = LoggerFactory.getLogger(OptOutLedger.class);

    private final JdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();

    public OptOutLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A phone and the sender scope it may have opted out of. */
    public record Recipient(String phone, String scope) {
    }

    /** Those of {@code recipients} who opted out of their scope: one query for a batch. */
    public Set<Recipient> optedOut(Collection<Recipient> recipients) {
        if (recipients.isEmpty()) {
            return Set.of();
        }
        String pairs = String.join(", ", Collections.nCopies(recipients.size(), "(?, ?)"));
        return new HashSet<>(jdbc.query("SELECT phone, scope FROM opt_out WHERE (phone, scope) IN (" + pairs + ")",
                (rs, n) -> new Recipient(rs.getString(1), rs.getString(2)),
                recipients.stream().flatMap(r -> Stream.of(r.phone(), r.scope())).toArray()));
    }

    public boolean isOptedOut(String phone, String scope) {
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM opt_out WHERE phone = ? AND scope = ?", Integer.class, phone, scope);
        return rows != null && rows > 0;
    }

    /** True when the opt-out of {@code phone} for {@code scope} was made by the text {@code stopMessageSid}. */
    public boolean wasOptedOutBy(String phone, String scope, String stopMessageSid) {
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM opt_out WHERE phone = ? AND scope = ? AND source_message_sid = ?",
                Integer.class, phone, scope, stopMessageSid);
        return rows != null && rows > 0;
    }

    /** Records the opt-out; a repeated STOP keeps the first record. */
    public void optOut(String phone, String scope, String keyword, String sourceMessageSid) {
        optOut(phone, scope, keyword, sourceMessageSid, sourceMessageSid == null ? null : "message " + sourceMessageSid);
    }

    /**
     * Records the opt-out made by {@code source} (a keyword, an error, console:&lt;user&gt;) for {@code reason}; true if
     * the phone was not opted out of the scope before.
     */
    public boolean optOut(String phone, String scope, String source, String sourceMessageSid, String reason) {
        try {
            // Insert only if absent (not insert-and-fail): this may run inside a route's database transaction.
            int inserted = jdbc.update("INSERT INTO opt_out (phone, scope, keyword, source_message_sid, opted_out_at) "
                    + "SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM opt_out WHERE phone = ? AND scope = ?)",
                    phone, scope, truncate(source, 32), sourceMessageSid, Timestamp.from(clock.instant()), phone, scope);
            if (inserted > 0) {
                event(phone, scope, OPT_OUT, source, reason);
                log.info("Opted out {} for {} ({}, message {})", PhoneMask.mask(phone), scope, source, sourceMessageSid);
                return true;
            }
        } catch (DuplicateKeyException racedWithAnotherStop) {
            // fall through: the other one's record stands
        }
        log.debug("{} was already opted out for {}", PhoneMask.mask(phone), scope);
        return false;
    }

    /** Removes the opt-out (START texted: {@code keyword}, by message {@code messageSid}); true if there was one. */
    public boolean optIn(String phone, String scope, String keyword, String messageSid) {
        return optInBy(phone, scope, keyword, messageSid == null ? null : "message " + messageSid);
    }

    /** Removes the opt-out, by {@code source} (START, console:&lt;user&gt;) for {@code reason}; true if there was one. */
    public boolean optInBy(String phone, String scope, String source, String reason) {
        boolean removed = jdbc.update("DELETE FROM opt_out WHERE phone = ? AND scope = ?", phone, scope) > 0;
        if (removed) {
            event(phone, scope, OPT_IN, source, reason);
            log.info("Opted {} back in for {} ({})", PhoneMask.mask(phone), scope, source);
        }
        return removed;
    }

    public static final String OPT_OUT = "opt-out";
    public static final String OPT_IN = "opt-in";

    private void event(String phone, String scope, String action, String source, String reason) {
        jdbc.update("INSERT INTO opt_out_event (phone, scope, action, source, reason, occurred_at) VALUES (?, ?, ?, ?, ?, ?)",
                phone, scope, action, truncate(source, 64), truncate(reason, 500), Timestamp.from(clock.instant()));
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** A current opt-out. */
    public record OptOut(String phone, String scope, String keyword, String sourceMessageSid, Instant optedOutAt) {
    }

    /** A change of an opt-out. */
    public record Event(String phone, String scope, String action, String source, String reason, Instant at) {
    }

    /**
     * Current opt-outs, newest first: those whose phone ends with {@code phoneDigits} (full number or last digits; all
     * when empty), at most {@code limit}.
     */
    public List<OptOut> find(String phoneDigits, int limit) {
        return jdbc.query("SELECT phone, scope, keyword, source_message_sid, opted_out_at FROM opt_out WHERE phone LIKE ? "
                        + "ORDER BY opted_out_at DESC, phone FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                (rs, n) -> new OptOut(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()), endingWith(phoneDigits));
    }

    /** A LIKE pattern for phones ending with these digits (anything but digits dropped; none: every phone). */
    private static String endingWith(String phoneDigits) {
        return "%" + (phoneDigits == null ? "" : phoneDigits.replaceAll("[^0-9]", ""));
    }

    /** Every change of the opt-outs of phones ending with {@code phoneDigits}, newest first, at most {@code limit}. */
    public List<Event> history(String phoneDigits, int limit) {
        return jdbc.query("SELECT phone, scope, action, source, reason, occurred_at FROM opt_out_event WHERE phone LIKE ? "
                        + "ORDER BY occurred_at DESC, id DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                (rs, n) -> new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant()), endingWith(phoneDigits));
    }
}
