package io.smsbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The same Flyway migrations the embedded H2 runs, applied to the machine's PostgreSQL (127.0.0.1:5432, database
 * {@code test}, or SMSBRIDGE_TEST_PG_URL) in a schema of their own that is dropped afterwards.
 */
class MigrationsOnPostgresIT {

    private static final String URL = System.getenv().getOrDefault("SMSBRIDGE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getenv().getOrDefault("SMSBRIDGE_TEST_PG_USER", "postgres");

    private final String schema = "smsbridge_migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Test
    void migrationsRunUnchangedOnPostgres() throws Exception {
        Flyway flyway = Flyway.configure()
                .dataSource(URL, USER, "")
                .schemas(schema)
                .locations("classpath:db/migration")
                .load();

        MigrateResult result = flyway.migrate();

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isPositive();
        assertThat(tables()).contains("opt_out", "processed_key");
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    }

    private List<String> tables() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, USER, "");
             ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
            return names;
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
