package io.smsbridge.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Group commit for the embedded H2 file database: a commit returns once H2 has written it to its file, and one write
 * covers every commit that is waiting for it.
 * <p>
 * H2 on its own writes every {@code WRITE_DELAY} ms in the background, so a killed process loses the last commits while
 * the broker keeps the messages that name them; with {@code WRITE_DELAY=0} a commit starts a write without waiting for
 * it, and skips it while another write is under way. Here a committing thread takes a ticket and waits; the first one
 * to find no write under way writes everything committed so far, which covers its own ticket and every ticket taken
 * before its write began. Measured in BENCHMARKS.md ("Sixth round").
 */
final class H2GroupCommit {

    private final MVStore store;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private long ticketsTaken;
    private long ticketsWritten;
    private boolean writing;

    private H2GroupCommit(MVStore store) {
        this.store = store;
    }

    /** Group commit for the file database behind {@code connection}, or null for any other database. */
    static H2GroupCommit forDatabaseOf(Connection connection) throws SQLException {
        MVStore store = fileStoreOf(connection);
        return store == null ? null : new H2GroupCommit(store);
    }

    /** The store of the embedded H2 file database behind {@code connection}, or null for any other database. */
    static MVStore fileStoreOf(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        var h2 = session.getDatabase().getStore();
        return h2 == null || h2.getMvStore().getFileStore() == null ? null : h2.getMvStore();
    }

    /** Returns once a file write that began after this call has finished: the caller's commit is then in the file. */
    void awaitWritten() throws SQLException {
        long ticket;
        long covers;
        lock.lock();
        try {
            ticket = ++ticketsTaken;
            while (writing && ticketsWritten < ticket) {
                written.awaitUninterruptibly();
            }
            if (ticketsWritten >= ticket) {
                return;
            }
            writing = true;
            covers = ticketsTaken;
        } finally {
            lock.unlock();
        }
        boolean done = false;
        try {
            store.commit(); // writes nothing only when nothing is unwritten, or when the store is closing (which writes all)
            done = true;
        } catch (RuntimeException e) {
            throw new SQLException("H2 could not write committed transactions to its file", e);
        } finally {
            lock.lock();
            try {
                if (done) {
                    ticketsWritten = Math.max(ticketsWritten, covers);
                }
                writing = false;
                written.signalAll(); // after a failed write, the next waiter tries again
            } finally {
                lock.unlock();
            }
        }
    }
}
