package io.smsbridge.idempotency;

import io.smsbridge.db.ChunkedDelete;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Camel idempotent repository on the table {@code processed_key}, one {@code processor} per use. {@link #add} is
 * a single INSERT whose primary key decides: the first caller wins, on any thread or node (Camel's JDBC repository
 * checks first and inserts after, which races). Inside a database transaction (a route's {@code transacted} step) the
 * key commits or rolls back with what the route records.
 */
public class ProcessedKeyRepository implements IdempotentRepository {

    private final JdbcTemplate jdbc;
    private final String processor;

    public ProcessedKeyRepository(JdbcTemplate jdbc, String processor) {
        this.jdbc = jdbc;
        this.processor = processor;
    }

    @Override
    public boolean add(String key) {
        try {
            // Not a plain INSERT that fails on a known key: inside a route's database transaction (transacted) a failed
            // statement would doom the whole transaction on PostgreSQL. Two racing first callers still meet at the key.
            return jdbc.update("INSERT INTO processed_key (processor, message_key, created_at) SELECT ?, ?, ? WHERE NOT EXISTS "
                    + "(SELECT 1 FROM processed_key WHERE processor = ? AND message_key = ?)",
                    processor, key, Timestamp.from(Instant.now()), processor, key) > 0;
        } catch (DuplicateKeyException alreadyThere) {
            return false;
        }
    }

    @Override
    public boolean contains(String key) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM processed_key WHERE processor = ? AND message_key = ?",
                Integer.class, processor, key);
        return n != null && n > 0;
    }

    @Override
    public boolean remove(String key) {
        return jdbc.update("DELETE FROM processed_key WHERE processor = ? AND message_key = ?", processor, key) > 0;
    }

    /** Forgets this processor's keys recorded before {@code cutoff}; returns how many. */
    public int purgeBefore(Instant cutoff) {
        return ChunkedDelete.run(jdbc, "DELETE FROM processed_key WHERE processor = ? AND message_key IN (SELECT message_key "
                + "FROM processed_key WHERE processor = ? AND created_at < ? FETCH FIRST %d ROWS ONLY)",
                processor, processor, Timestamp.from(cutoff));
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        jdbc.update("DELETE FROM processed_key WHERE processor = ?", processor);
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }
}
