package io.smsbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The embedded H2 file's gauges: read from the open store when scraped; 0 where there is no file. */
class EmbeddedDatabaseFileTest {

    @TempDir
    Path dir;

    @Test
    void theGaugesReadTheOpenFile() throws Exception {
        DriverManagerDataSource h2 = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("db") + ";COMPRESS=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        try {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            new EmbeddedDatabaseFile(h2, meters);
            JdbcTemplate jdbc = new JdbcTemplate(h2);
            jdbc.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100))");
            for (int i = 0; i < 2000; i++) {
                jdbc.update("INSERT INTO t VALUES (?, ?)", i, "row " + i);
            }
            jdbc.execute("CHECKPOINT");

            double size = meters.get("smsbridge.database.file.size").gauge().value();
            assertThat(size).isEqualTo((double) Files.size(dir.resolve("db.mv.db")));
            assertThat(meters.get("smsbridge.database.file.fill").gauge().value()).isBetween(1.0, 100.0);
        } finally {
            new JdbcTemplate(h2).execute("SHUTDOWN");
        }
    }

    @Test
    void aDatabaseWithoutAFileReportsZero() {
        DriverManagerDataSource memory = new DriverManagerDataSource("jdbc:h2:mem:nofile;DB_CLOSE_DELAY=-1", "sa", "");
        try {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            new EmbeddedDatabaseFile(memory, meters);
            assertThat(meters.get("smsbridge.database.file.size").gauge().value()).isZero();
        } finally {
            new JdbcTemplate(memory).execute("SHUTDOWN");
        }
    }
}
