package io.smsbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsbridge.idempotency.ProcessedKeyRepository;
import io.smsbridge.inbound.InboundMessage;
import io.smsbridge.inbound.InboundMessages;
import io.smsbridge.metrics.BridgeMetrics;
import io.smsbridge.optout.OptOutLedger;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.outbound.OutboundMessage;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.outbound.OutboundStatus;
import io.smsbridge.sms.SmsSegments;
import io.smsbridge.ticket.TicketBook;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The purges history-retention runs, on the embedded H2 file and on the machine's PostgreSQL (a schema of its own,
 * dropped afterwards): what was last touched before the cutoff goes, with its history; what is younger, still in
 * flight, an opt-out or a ticket stays.
 */
class HistoryRetentionIT {

    private static final String PG_URL = System.getenv().getOrDefault("SMSBRIDGE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = System.getenv().getOrDefault("SMSBRIDGE_TEST_PG_USER", "postgres");

    @TempDir
    Path dir;
    private final String schema = "smsbridge_retention_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private boolean onPostgres;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void historyBeforeTheCutoffIsRemovedAndTheRestKept(String database) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(migrated(database));
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        OutboundLedger ledger = new OutboundLedger(jdbc, transaction, json);
        InboundMessages inbound = new InboundMessages(jdbc, json);
        ProcessedKeyRepository sids = new ProcessedKeyRepository(jdbc, "inbound-message-sid");
        TicketBook tickets = new TicketBook(jdbc, new BridgeMetrics(new SimpleMeterRegistry()));
        OptOutLedger optOuts = new OptOutLedger(jdbc);

        // before the cutoff: two settled messages (three and two history entries), one still in flight
        OutboundRecord sent = ledger.accept(message("old-sent")).record();
        ledger.markSending(sent.id());
        ledger.markSent(sent.id(), "SM" + "1".repeat(32), "queued", null, null, null);
        OutboundRecord failed = ledger.accept(message("old-failed")).record();
        ledger.settle(failed.id(), OutboundStatus.FAILED, 21211, "Twilio 21211");
        OutboundRecord inFlight = ledger.accept(message("old-in-flight")).record();
        InboundMessage oldText = text("SM" + "a".repeat(32), Instant.now());
        inbound.store(oldText);
        sids.add(oldText.messageSid());
        tickets.opening(oldText.messageSid());
        tickets.opened(oldText, "SUP-1");
        optOuts.optOut("+15005550009", "+15005550006", "STOP", oldText.messageSid());
        Instant cutoff = afterNow();
        // after it
        OutboundRecord young = ledger.accept(message("young")).record();
        ledger.settle(young.id(), OutboundStatus.FAILED, 21211, "Twilio 21211");
        InboundMessage youngText = text("SM" + "b".repeat(32), Instant.now());
        inbound.store(youngText);
        sids.add(youngText.messageSid());
        tickets.opening(youngText.messageSid());

        assertThat(ledger.purgeSettledBefore(cutoff)).isEqualTo(2);
        assertThat(inbound.purgeReceivedBefore(cutoff)).isEqualTo(1);
        assertThat(sids.purgeBefore(cutoff)).isEqualTo(1);
        assertThat(tickets.purgeFiledTextsBefore(cutoff)).isEqualTo(1);

        assertThat(ledger.find(sent.id())).isEmpty();
        assertThat(ledger.history(sent.id())).isEmpty();
        assertThat(ledger.findByKey("old-failed")).isEmpty();
        assertThat(ledger.find(inFlight.id())).as("in flight: kept until it settles").isPresent();
        assertThat(ledger.find(young.id())).isPresent();
        assertThat(ledger.history(young.id())).hasSize(2);
        assertThat(sids.contains(oldText.messageSid())).isFalse();
        assertThat(sids.contains(youngText.messageSid())).isTrue();
        assertThat(tickets.filed(oldText.messageSid())).isNull();
        assertThat(tickets.inDoubt(youngText.messageSid())).as("in doubt: kept").isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ticket_text", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ticket", Integer.class)).as("tickets are kept").isEqualTo(1);
        assertThat(optOuts.isOptedOut("+15005550009", "+15005550006")).as("opt-outs are never purged").isTrue();
        assertThat(ledger.accept(message("old-failed")).duplicate()).as("a purged key is free again").isFalse();

        assertThat(ledger.purgeSettledBefore(cutoff)).as("nothing left to purge").isZero();
    }

    /** More than one transaction's worth: every chunk goes. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aLargeBacklogIsPurgedInChunks(String database) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(migrated(database));
        OutboundLedger ledger = new OutboundLedger(jdbc, new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())),
                new ObjectMapper().findAndRegisterModules());
        int count = HistoryRetention.ROWS_PER_TRANSACTION * 2 + 7;
        for (int i = 0; i < count; i++) {
            ledger.settle(ledger.accept(message("bulk-" + i)).record().id(), OutboundStatus.FAILED, 21211, "Twilio 21211");
        }
        Instant cutoff = afterNow();

        assertThat(ledger.purgeSettledBefore(cutoff)).isEqualTo(count);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM message_event", Integer.class)).isZero();
    }

    /** An instant after every write so far, and before every later one (timestamps are kept to the millisecond and finer). */
    private static Instant afterNow() {
        Instant cutoff = Instant.now().plusMillis(1);
        while (!Instant.now().isAfter(cutoff)) {
            Thread.onSpinWait();
        }
        return cutoff;
    }

    private static OutboundMessage message(String key) {
        return new OutboundMessage("+15005550009", "US", "hello", List.of(), "+15005550006", null, key, null, null, Map.of(),
                SmsSegments.count("hello"), null);
    }

    private static InboundMessage text(String sid, Instant at) {
        return new InboundMessage(sid, "AC" + "0".repeat(32), "+15005550009", "+15005550006", null, "help", null, List.of(), at, null);
    }

    private DataSource migrated(String database) {
        DataSource dataSource;
        if (database.equals("h2")) {
            dataSource = new GroupCommitDataSource(new SimpleDriverDataSource(new org.h2.Driver(),
                    "jdbc:h2:file:" + dir.resolve("smsbridge") + ";DB_CLOSE_DELAY=-1", "sa", ""));
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } else {
            onPostgres = true;
            Flyway.configure().dataSource(PG_URL, PG_USER, "").schemas(schema).locations("classpath:db/migration").load().migrate();
            dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), PG_URL + "?currentSchema=" + schema, PG_USER, "");
        }
        return dataSource;
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (onPostgres) {
            try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
