package io.smsbridge.db;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.ToLongFunction;
import javax.sql.DataSource;
import org.h2.mvstore.MVStore;
import org.springframework.stereotype.Component;

/**
 * The embedded H2 file on the metrics endpoint: its size and the share of its chunks that hold live data, read when
 * scraped (0 on PostgreSQL).
 * <p>
 * H2 keeps its file bounded itself, under load too: its background writer rewrites the live pages of mostly empty
 * chunks and moves chunks into the holes left behind. Beside the live rows the file holds the pages replaced in the
 * last 45 s (H2's retention time, so that the file survives a power cut), which grows with the write rate, not with
 * the messages kept. A compaction schedule of the bridge's own (until 2026-12-07) only doubled that part: it rewrote
 * live pages that H2 would have left alone (BENCHMARKS.md, "Eighteenth round").
 */
@Component
public class EmbeddedDatabaseFile {

    private final DataSource dataSource;

    public EmbeddedDatabaseFile(DataSource dataSource, MeterRegistry meters) {
        this.dataSource = dataSource;
        Gauge.builder("smsbridge.database.file.size", this, file -> file.read(store -> store.getFileStore().size()))
                .strongReference(true).baseUnit("bytes").description("size of the embedded H2 database's file (0 on another database)")
                .register(meters);
        Gauge.builder("smsbridge.database.file.fill", this, file -> file.read(store -> store.getFileStore().getChunksFillRate()))
                .strongReference(true).baseUnit("percent")
                .description("share of the embedded H2 file's chunks that holds live data; the rest is replaced pages H2 keeps for 45 s")
                .register(meters);
    }

    private double read(ToLongFunction<MVStore> figure) {
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = H2GroupCommit.fileStoreOf(connection);
            return store == null ? 0 : figure.applyAsLong(store);
        } catch (SQLException unavailable) {
            return Double.NaN; // Prometheus' way of saying "no value now"; the database's own health says why
        }
    }
}
