package io.smsbridge.bench;

import io.smsbridge.support.ProcessStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * The embedded H2 alone, doing what the outbound path does per message (accepted, sending, sent: three durable
 * commits on the real schema), from several threads. Mode "per-commit" is the application's setting (WRITE_DELAY=0:
 * each commit writes to the file before it returns); mode "group" is a prototype of group commit (H2 writes in the
 * background only every second, and a committing thread waits until one write has covered its commit, which one
 * thread does for all that are waiting). Prints messages/s and the database file's size per round: H2 keeps old
 * chunks 45 s (RETENTION_TIME), so the file grows with the commit rate. Run by bench/h2-commits.sh.
 */
public final class H2CommitBench {

    private static final String[] MIGRATIONS = {"V1__opt_out_ledger_and_idempotency_keys.sql", "V2__outbound_messages.sql", "V4__delivery_status.sql"};
    private static final String BODY = "Your appointment is confirmed for tomorrow at 10:00. Reply STOP to opt out.";

    private static MVStore store;
    private static final Object FLUSH = new Object();
    private static long commitsRequested;
    private static long commitsWritten;
    private static boolean writing;
    private static final AtomicLong writes = new AtomicLong();

    public static void main(String[] args) throws Exception {
        boolean group = args[0].equals("group");
        int messages = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Path dir = Files.createTempDirectory("h2-commit-bench-");
        String url = "jdbc:h2:file:" + dir + "/db;WRITE_DELAY=" + (group ? 1000 : 0);
        System.out.printf("cores: %d, mode: %s, %d threads, %d messages per round (3 commits each)%n",
                Runtime.getRuntime().availableProcessors(), args[0], threads, messages);
        try (Connection schema = DriverManager.getConnection(url, "sa", "")) {
            for (String migration : MIGRATIONS) {
                schema.createStatement().execute("RUNSCRIPT FROM 'src/main/resources/db/migration/" + migration + "'");
            }
            store = ((SessionLocal) ((JdbcConnection) schema).getSession()).getDatabase().getStore().getMvStore();
            for (int round = 0; round < rounds; round++) {
                long writesBefore = writes.get();
                long start = System.nanoTime();
                runRound(url, messages, threads, group);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d: %.0f msg/s, %s, file %d MB%n", round, messages / seconds,
                        group ? (writes.get() - writesBefore) + " chunk writes for " + 3 * messages + " commits" : "H2 writes at every commit",
                        Files.size(dir.resolve("db.mv.db")) >> 20);
            }
        } finally {
            ProcessStack.deleteRecursively(dir);
        }
    }

    private static void runRound(String url, int messages, int threads, boolean group) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                    c.setAutoCommit(false);
                    PreparedStatement accept = c.prepareStatement("INSERT INTO outbound_message (id, idempotency_key, recipient, country, "
                            + "sender, from_number, body, encoding, segments, status, attempts, created_at, updated_at) "
                            + "VALUES (?, ?, '+14155551234', 'US', '+15005550006', '+15005550006', ?, 'GSM-7', 1, 'accepted', 0, ?, ?)");
                    PreparedStatement sending = c.prepareStatement("UPDATE outbound_message SET status = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?");
                    PreparedStatement sent = c.prepareStatement("UPDATE outbound_message SET status = 'sent', message_sid = ?, updated_at = ? WHERE id = ?");
                    PreparedStatement history = c.prepareStatement("INSERT INTO message_event (message_id, status, occurred_at) VALUES (?, ?, ?)");
                    while (next.getAndIncrement() < messages) {
                        String id = UUID.randomUUID().toString();
                        Timestamp now = new Timestamp(System.currentTimeMillis());
                        accept.setString(1, id);
                        accept.setString(2, "key-" + id);
                        accept.setString(3, BODY);
                        accept.setTimestamp(4, now);
                        accept.setTimestamp(5, now);
                        accept.executeUpdate();
                        commit(c, history, id, "accepted", now, group);
                        sending.setTimestamp(1, now);
                        sending.setString(2, id);
                        sending.executeUpdate();
                        commit(c, history, id, "sending", now, group);
                        sent.setString(1, "SM" + id.replace("-", ""));
                        sent.setTimestamp(2, now);
                        sent.setString(3, id);
                        sent.executeUpdate();
                        commit(c, history, id, "sent", now, group);
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

    private static void commit(Connection c, PreparedStatement history, String id, String status, Timestamp at, boolean group) throws Exception {
        history.setString(1, id);
        history.setString(2, status);
        history.setTimestamp(3, at);
        history.executeUpdate();
        c.commit();
        if (group) {
            awaitWritten();
        }
    }

    /** Group commit: returns once an MVStore write that began after this thread's commit has finished. */
    private static void awaitWritten() throws InterruptedException {
        long mine;
        synchronized (FLUSH) {
            mine = ++commitsRequested;
        }
        while (true) {
            long covers;
            synchronized (FLUSH) {
                while (writing && commitsWritten < mine) {
                    FLUSH.wait();
                }
                if (commitsWritten >= mine) {
                    return;
                }
                writing = true;
                covers = commitsRequested;
            }
            store.commit();
            writes.incrementAndGet();
            synchronized (FLUSH) {
                commitsWritten = Math.max(commitsWritten, covers);
                writing = false;
                FLUSH.notifyAll();
            }
        }
    }

    private H2CommitBench() {
    }
}
