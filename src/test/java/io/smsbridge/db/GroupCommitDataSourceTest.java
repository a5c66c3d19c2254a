package io.smsbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.support.ProcessStack;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit on the embedded H2: what a commit has returned is in the database file at that moment, which is all a
 * killed process leaves behind. The file is copied while the database is open and the copy opened on its own.
 * H2's background writer is set to an hour here, so only the group commit can have written the rows.
 */
class GroupCommitDataSourceTest {

    private final Path dir = createTempDirectory();
    private final String url = "jdbc:h2:file:" + dir + "/db;WRITE_DELAY=3600000;DB_CLOSE_ON_EXIT=FALSE";

    @Test
    void autoCommitWritesAndTransactionsAreInTheFileWhenTheyReturn() throws Exception {
        try (Connection keepOpen = DriverManager.getConnection(url, "sa", "")) {
            keepOpen.createStatement().execute("CREATE TABLE note (id INT PRIMARY KEY, text VARCHAR(20))");
            JdbcTemplate jdbc = new JdbcTemplate(new GroupCommitDataSource(h2(url)));
            jdbc.update("INSERT INTO note VALUES (1, 'auto-commit')");
            new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
                jdbc.update("INSERT INTO note VALUES (2, 'transaction')");
                jdbc.update("UPDATE note SET text = 'changed' WHERE id = 1");
            });
            keepOpen.createStatement().execute("INSERT INTO note VALUES (3, 'without')"); // control: not group-committed

            assertThat(rowsInCopyOfFile()).containsExactly("1 changed", "2 transaction");
        }
    }

    @Test
    void concurrentCommitsAreAllInTheFile() throws Exception {
        try (Connection keepOpen = DriverManager.getConnection(url, "sa", "")) {
            keepOpen.createStatement().execute("CREATE TABLE note (id INT PRIMARY KEY, text VARCHAR(20))");
            JdbcTemplate jdbc = new JdbcTemplate(new GroupCommitDataSource(h2(url)));
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int first = t * 250;
                writers.add(threads.submit(() -> {
                    for (int id = first; id < first + 250; id++) {
                        jdbc.update("INSERT INTO note VALUES (?, 'row')", id);
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            threads.shutdown();

            assertThat(rowsInCopyOfFile()).hasSize(2000);
        }
    }

    @Test
    void otherDatabasesGetTheirOwnConnections() throws Exception {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setUrl(ProcessStack.PG_URL);
        postgres.setUser(ProcessStack.PG_USER);
        for (DataSource other : List.of(postgres, h2("jdbc:h2:mem:group-commit-test"))) {
            try (Connection c = new GroupCommitDataSource(other).getConnection()) {
                assertThat(Proxy.isProxyClass(c.getClass())).as(other.toString()).isFalse();
            }
        }
    }

    private List<String> rowsInCopyOfFile() throws Exception {
        Path copy = Files.createTempDirectory(dir, "copy-");
        Files.copy(dir.resolve("db.mv.db"), copy.resolve("db.mv.db"));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + copy + "/db", "sa", "")) {
            return new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(c, true))
                    .queryForList("SELECT id || ' ' || text FROM note ORDER BY id", String.class);
        }
    }

    private static DataSource h2(String url) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser("sa");
        return h2;
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("group-commit-test-");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void deleteFiles() throws Exception {
        ProcessStack.deleteRecursively(dir);
    }
}
