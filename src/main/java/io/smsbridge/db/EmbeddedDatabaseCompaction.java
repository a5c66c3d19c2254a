package io.smsbridge.db;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Keeps the embedded H2 file from growing while the bridge is busy. H2 writes every change to new space in its file
 * and moves the live rows out of old, mostly empty space only while its store is idle, which a bridge under steady
 * load never is: the file then grew by the size of every write (2–3 GB after the 10-minute outbound benchmark).
 * {@link #compact()}, run on a schedule by the route embedded-database-compaction (routes/housekeeping.camel.yaml),
 * rewrites the live rows of the emptiest parts a little at a time, so their space is reused. PostgreSQL reclaims space
 * itself (autovacuum): there this does nothing.
 */
@Component("embeddedDatabase")
public class EmbeddedDatabaseCompaction {

    /**
     * @param belowFillRate compact while less than this percentage of the file's written space holds live data
     * @param rewritePerRun live data rewritten per run at most (each run's cost is bounded)
     */
    @ConfigurationProperties("smsbridge.database.compaction")
    public record Settings(Integer belowFillRate, DataSize rewritePerRun) {
        public Settings {
            belowFillRate = belowFillRate == null ? 80 : belowFillRate;
            rewritePerRun = rewritePerRun == null ? DataSize.ofMegabytes(16) : rewritePerRun;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseCompaction.class);

    private final DataSource dataSource;
    private final Settings settings;
    private final AtomicLong fileBytes = new AtomicLong();
    private final AtomicLong fillRate = new AtomicLong(100);

    public EmbeddedDatabaseCompaction(DataSource dataSource, Settings settings, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.settings = settings;
        Gauge.builder("smsbridge.database.file.size", fileBytes, AtomicLong::get).baseUnit("bytes")
                .description("size of the embedded H2 database's file (0 on another database), as of the last compaction run")
                .register(meters);
        Gauge.builder("smsbridge.database.file.fill", fillRate, AtomicLong::get).baseUnit("percent")
                .description("share of the embedded H2 database's written space that holds live data").register(meters);
    }

    /** One run: rewrites up to {@code rewrite-per-run} of live data when the file is emptier than the threshold. */
    public void compact() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = H2GroupCommit.fileStoreOf(connection);
            if (store == null) {
                return;
            }
            int fill = store.getFileStore().getChunksFillRate();
            if (fill < settings.belowFillRate()) {
                boolean rewrote = store.compact(settings.belowFillRate(), (int) Math.min(Integer.MAX_VALUE, settings.rewritePerRun().toBytes()));
                log.debug("Database file {} bytes, {}% live: rewrote {}", store.getFileStore().size(), fill, rewrote ? "some" : "nothing");
            }
            fileBytes.set(store.getFileStore().size());
            fillRate.set(fill);
        }
    }
}
