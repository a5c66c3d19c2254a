package io.smsbridge.db;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes in chunks of {@link HistoryRetention#ROWS_PER_TRANSACTION}, each statement its own transaction, until no row
 * is left to delete. Hand-written because neither Spring nor the databases offer a portable chunked DELETE: the
 * statement given selects its rows with a sub-query ending in {@code FETCH FIRST n ROWS ONLY} (H2 and PostgreSQL).
 */
public final class ChunkedDelete {

    private ChunkedDelete() {
    }

    /**
     * Runs {@code delete}, in which {@code %d} stands for the chunk's size, until it deletes fewer rows than that;
     * returns the rows deleted in all.
     */
    public static int run(JdbcTemplate jdbc, String delete, Object... args) {
        String chunked = delete.formatted(HistoryRetention.ROWS_PER_TRANSACTION);
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update(chunked, args);
            total += deleted;
        } while (deleted >= HistoryRetention.ROWS_PER_TRANSACTION);
        return total;
    }
}
