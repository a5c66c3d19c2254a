package io.smsbridge.optout;

import io.smsbridge.sms.PhoneMask;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who may not be texted, per sender scope (a From number or a Messaging Service SID). Written by inbound STOP
 * (and START to undo it) and by Twilio error 21610; read before every outbound send.
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
        try {
            // Insert only if absent (not insert-and-fail): this may run inside a route's database transaction.
            int inserted = jdbc.update("INSERT INTO opt_out (phone, scope, keyword, source_message_sid, opted_out_at) "
                    + "SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM opt_out WHERE phone = ? AND scope = ?)",
                    phone, scope, keyword, sourceMessageSid, Timestamp.from(clock.instant()), phone, scope);
            if (inserted > 0) {
                log.info("Opted out {} for {} ({}, message {})", PhoneMask.mask(phone), scope, keyword, sourceMessageSid);
                return;
            }
        } catch (DuplicateKeyException racedWithAnotherStop) {
            // fall through: the other one's record stands
        }
        log.debug("{} was already opted out for {}", PhoneMask.mask(phone), scope);
    }

    /** Removes the opt-out; true if there was one. */
    public boolean optIn(String phone, String scope) {
        boolean removed = jdbc.update("DELETE FROM opt_out WHERE phone = ? AND scope = ?", phone, scope) > 0;
        if (removed) {
            log.info("Opted {} back in for {}", PhoneMask.mask(phone), scope);
        }
        return removed;
    }
}
