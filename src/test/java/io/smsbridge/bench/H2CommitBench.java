package io.smsbridge.bench;

import io.smsbridge.db.GroupCommitDataSource;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.support.ProcessStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;

/**
 * The embedded H2 alone, doing what the outbound path does per message (accepted, sending, sent: three durable
 * commits on the real schema), from several threads. Mode "group" is the application's setting: its group commit
 * ({@link GroupCommitDataSource}; a committing thread waits until one file write has covered its commit, which one
 * thread does for all that are waiting). Mode "per-commit" is the application's setting until 2026-11-25, H2's
 * WRITE_DELAY=0 (each commit starts a file write and does not wait for it). Message ids are the application's
 * (time-ordered) unless the system property ids=random. Prints messages/s, file writes and the database file's size
 * per round: H2 keeps old chunks 45 s (RETENTION_TIME), so the file grows with the commit rate. Run by
 * bench/h2-commits.sh.
 */
public final class H2CommitBench {

    private static final String[] MIGRATIONS = {"V1__opt_out_ledger_and_idempotency_keys.sql", "V2__outbound_messages.sql", "V4__delivery_status.sql"};
    private static final String BODY = "Your appointment is confirmed for tomorrow at 10:00. Reply STOP to opt out.";
    private static final boolean RANDOM_IDS = "random".equals(System.getProperty("ids"));

    public static void main(String[] args) throws Exception {
        boolean group = args[0].equals("group");
        int messages = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Path dir = Files.createTempDirectory("h2-commit-bench-");
        String url = "jdbc:h2:file:" + dir + "/db" + (group ? "" : ";WRITE_DELAY=0");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser("sa");
        DataSource connections = group ? new GroupCommitDataSource(h2) : h2;
        System.out.printf("cores: %d, mode: %s, %d threads, %d messages per round (3 commits each)%n",
                Runtime.getRuntime().availableProcessors(), args[0], threads, messages);
        try (Connection schema = DriverManager.getConnection(url, "sa", "")) {
            for (String migration : MIGRATIONS) {
                schema.createStatement().execute("RUNSCRIPT FROM 'src/main/resources/db/migration/" + migration + "'");
            }
            MVStore store = ((SessionLocal) ((JdbcConnection) schema).getSession()).getDatabase().getStore().getMvStore();
            for (int round = 0; round < rounds; round++) {
                long versionBefore = store.getCurrentVersion(); // one version per file write
                long start = System.nanoTime();
                runRound(connections, messages, threads);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d: %.0f msg/s, %d file writes for %d commits, file %d MB%n", round, messages / seconds,
                        store.getCurrentVersion() - versionBefore, 3 * messages, Files.size(dir.resolve("db.mv.db")) >> 20);
            }
        } finally {
            ProcessStack.deleteRecursively(dir);
        }
    }

    private static void runRound(DataSource connections, int messages, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                try (Connection c = connections.getConnection()) {
                    c.setAutoCommit(false);
                    PreparedStatement accept = c.prepareStatement("INSERT INTO outbound_message (id, idempotency_key, recipient, country, "
                            + "sender, from_number, body, encoding, segments, status, attempts, created_at, updated_at) "
                            + "VALUES (?, ?, '+14155551234', 'US', '+15005550006', '+15005550006', ?, 'GSM-7', 1, 'accepted', 0, ?, ?)");
                    PreparedStatement sending = c.prepareStatement("UPDATE outbound_message SET status = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?");
                    PreparedStatement sent = c.prepareStatement("UPDATE outbound_message SET status = 'sent', message_sid = ?, updated_at = ? WHERE id = ?");
                    PreparedStatement history = c.prepareStatement("INSERT INTO message_event (message_id, status, occurred_at) VALUES (?, ?, ?)");
                    while (next.getAndIncrement() < messages) {
                        String id = RANDOM_IDS ? UUID.randomUUID().toString() : OutboundLedger.newId(Instant.now());
                        String key = "ID:" + UUID.randomUUID(); // as random as producers' keys may be
                        Timestamp now = new Timestamp(System.currentTimeMillis());
                        accept.setString(1, id);
                        accept.setString(2, key);
                        accept.setString(3, BODY);
                        accept.setTimestamp(4, now);
                        accept.setTimestamp(5, now);
                        accept.executeUpdate();
                        commit(c, history, id, "accepted", now);
                        sending.setTimestamp(1, now);
                        sending.setString(2, id);
                        sending.executeUpdate();
                        commit(c, history, id, "sending", now);
                        sent.setString(1, "SM" + UUID.randomUUID().toString().replace("-", ""));
                        sent.setTimestamp(2, now);
                        sent.setString(3, id);
                        sent.executeUpdate();
                        commit(c, history, id, "sent", now);
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
    }

    private static void commit(Connection c, PreparedStatement history, String id, String status, Timestamp at) throws Exception {
        history.setString(1, id);
        history.setString(2, status);
        history.setTimestamp(3, at);
        history.executeUpdate();
        c.commit();
    }

    private H2CommitBench() {
    }
}
