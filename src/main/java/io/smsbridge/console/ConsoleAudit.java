package io.smsbridge.console;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** What operators did in the console (table console_audit): who, what, to what, when. Also logged. */
@Component
public class ConsoleAudit {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAudit.class);

    private final JdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();

    public ConsoleAudit(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Entry(String actor, String action, String target, String detail, Instant at) {
    }

    /** Records the action; {@code loggedTarget} is the target as a log may show it (phones masked). */
    public void record(ConsoleUser user, String action, String target, String loggedTarget, String detail) {
        jdbc.update("INSERT INTO console_audit (actor, action, target, detail, occurred_at) VALUES (?, ?, ?, ?, ?)",
                cut(user.name(), 200), action, cut(target, 300), cut(detail, 2000), Timestamp.from(clock.instant()));
        log.info("Console: {} did {} on {}", user.name(), action, loggedTarget);
    }

    /** The newest {@code limit} entries. */
    public List<Entry> latest(int limit) {
        return jdbc.query("SELECT actor, action, target, detail, occurred_at FROM console_audit ORDER BY occurred_at DESC, id DESC "
                        + "FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()));
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
