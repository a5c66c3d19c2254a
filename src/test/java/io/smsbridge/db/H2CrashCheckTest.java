package io.smsbridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.smsbridge.support.ProcessStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.result.Row;
import org.h2.table.Table;
import org.h2.value.Value;
import org.h2.value.ValueNull;
import org.h2.value.ValueVarchar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The embedded H2 after a crash, on the application's schema: an index entry naming a row its table lacks (the state
 * H2 recovered into in CrashRecoveryIT, made here through H2's own index API) is found and the database rebuilt, with
 * every row kept; a database that is fine, or that was closed cleanly, is left as it is.
 */
class H2CrashCheckTest {

    private final Path dir = createTempDirectory();
    private final String url = "jdbc:h2:file:" + dir + "/db/smsbridge;DB_CLOSE_ON_EXIT=FALSE";

    @Test
    void anIndexEntryWithoutItsRowIsFoundAndTheDatabaseRebuiltAfterACrash() throws Exception {
        H2CrashCheck.beforeFirstUse(url, "sa", ""); // the run that is going to crash: nothing to check yet
        migrateAndAccept("key-1", "key-2", "key-3");
        leaveKeyInIndexWithoutRow("key-lost");
        JdbcTemplate jdbc = jdbc();
        assertThatThrownBy(() -> accept(jdbc, "key-lost")).isInstanceOf(DuplicateKeyException.class); // the symptom
        int migrations = jdbc.queryForObject("SELECT COUNT(*) FROM \"flyway_schema_history\"", Integer.class);

        H2CrashCheck.beforeFirstUse(url, "sa", ""); // the next start: the marker of the crashed run is still there

        assertThat(H2CrashCheck.damagedIndexes(url, "sa", "")).isEmpty();
        assertThat(jdbc.queryForList("SELECT idempotency_key FROM outbound_message ORDER BY idempotency_key", String.class))
                .containsExactly("key-1", "key-2", "key-3");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM \"flyway_schema_history\"", Integer.class)).isEqualTo(migrations);
        accept(jdbc, "key-lost"); // the key is free again
        assertThat(filesInDatabaseDirectory()).anyMatch(name -> name.startsWith("smsbridge.mv.db.damaged-")) // kept
                .noneMatch(name -> name.endsWith(".rebuild.sql")).contains("smsbridge.in-use");
    }

    @Test
    void theCheckNamesTheIndexAndBothCounts() throws Exception {
        migrateAndAccept("key-1");
        leaveKeyInIndexWithoutRow("key-lost");

        List<String> damaged = H2CrashCheck.damagedIndexes(url, "sa", "");

        assertThat(damaged).singleElement().asString().startsWith("\"PRIMARY_KEY_")
                .endsWith("on \"PUBLIC\".\"OUTBOUND_KEY\": 2 entries vs 1 rows");
    }

    @Test
    void aSoundDatabaseIsLeftAsItIsAfterACrash() throws Exception {
        H2CrashCheck.beforeFirstUse(url, "sa", "");
        migrateAndAccept("key-1", "key-2");

        H2CrashCheck.beforeFirstUse(url, "sa", "");

        assertThat(filesInDatabaseDirectory()).noneMatch(name -> name.contains("damaged"));
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM outbound_message", Integer.class)).isEqualTo(2);
    }

    @Test
    void theApplicationsPoolMarksTheDatabaseInUseUntilItIsClosed() throws Exception {
        HikariDataSource hikari = new HikariDataSource();
        hikari.setJdbcUrl(url);
        hikari.setUsername("sa");
        hikari.setPassword("");
        var lifecycle = DatabaseConfiguration.h2GroupCommit();
        Object pool = lifecycle.postProcessAfterInitialization(hikari, "dataSource");
        assertThat(pool).isInstanceOf(GroupCommitDataSource.class);
        assertThat(filesInDatabaseDirectory()).contains("smsbridge.in-use");
        assertThat(new JdbcTemplate((GroupCommitDataSource) pool).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);

        lifecycle.postProcessBeforeDestruction(hikari, "dataSource"); // Spring destroys the raw bean, not the wrapper
        assertThat(hikari.isClosed()).isTrue();

        assertThat(filesInDatabaseDirectory()).doesNotContain("smsbridge.in-use");
        migrateAndAccept("key-1");
        leaveKeyInIndexWithoutRow("key-lost");
        H2CrashCheck.beforeFirstUse(url, "sa", ""); // closed cleanly last time: no check, nothing rebuilt
        assertThat(filesInDatabaseDirectory()).noneMatch(name -> name.contains("damaged"));
    }

    @Test
    void aRebuildKilledBetweenItsTwoRenamesIsFinishedAtTheNextStart() throws Exception {
        String rebuilt = url.replace("/smsbridge;", "/smsbridge.rebuilt;"); // the copy, the damaged file already moved away
        Flyway.configure().dataSource(rebuilt, "sa", "").locations("classpath:db/migration").load().migrate();
        accept(new JdbcTemplate(new DriverManagerDataSource(rebuilt, "sa", "")), "key-1");

        H2CrashCheck.beforeFirstUse(url, "sa", "");

        assertThat(filesInDatabaseDirectory()).contains("smsbridge.mv.db").doesNotContain("smsbridge.rebuilt.mv.db");
        assertThat(jdbc().queryForList("SELECT idempotency_key FROM outbound_message", String.class)).containsExactly("key-1");
    }

    @Test
    void onlyH2FileDatabasesAreChecked() {
        assertThat(H2CrashCheck.databasePath("jdbc:postgresql://127.0.0.1:5432/test")).isNull();
        assertThat(H2CrashCheck.databasePath("jdbc:h2:mem:test")).isNull();
        assertThat(H2CrashCheck.databasePath("jdbc:h2:file:./data/db/smsbridge;CACHE_SIZE=8192")).isEqualTo(Path.of("./data/db/smsbridge"));
    }

    private void migrateAndAccept(String... keys) {
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
        JdbcTemplate jdbc = jdbc();
        for (String key : keys) {
            accept(jdbc, key);
        }
    }

    private static void accept(JdbcTemplate jdbc, String key) {
        jdbc.update("INSERT INTO outbound_key (idempotency_key, message_id) VALUES (?, ?)", key, "id-" + key);
        jdbc.update("INSERT INTO outbound_message (id, idempotency_key, recipient, sender, body, encoding, segments, status, "
                + "attempts, created_at, updated_at) VALUES (?, ?, '+14155551234', '+15005550006', 'Hello', 'GSM7', 1, 'accepted', 0, "
                + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", "id-" + key, key);
    }

    /**
     * What H2 recovered into: the key's entry in the idempotency keys' primary key (an index of its own in H2, beside
     * the rows), pointing at a row the table does not hold.
     */
    private void leaveKeyInIndexWithoutRow(String key) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
            Table table = session.getDatabase().getSchema("PUBLIC").findTableOrView(session, "OUTBOUND_KEY");
            Index keys = table.getIndexes().stream().filter(i -> i.getName().startsWith("PRIMARY_KEY_")).findFirst().orElseThrow();
            Value[] values = new Value[table.getColumns().length];
            Arrays.fill(values, ValueNull.INSTANCE);
            values[table.getColumn("IDEMPOTENCY_KEY").getColumnId()] = ValueVarchar.get(key);
            Row row = table.createRow(values, Row.MEMORY_CALCULATE);
            row.setKey(1_000_000); // no such row
            keys.add(session, row);
            c.commit();
        }
    }

    private JdbcTemplate jdbc() {
        return new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""));
    }

    private List<String> filesInDatabaseDirectory() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("db"))) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("h2-crash-check-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void deleteDatabase() throws IOException {
        ProcessStack.deleteRecursively(dir);
    }
}
