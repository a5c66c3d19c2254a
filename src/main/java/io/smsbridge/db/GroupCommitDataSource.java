package io.smsbridge.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's DataSource with {@link H2GroupCommit} on the embedded H2 file database: every commit returns once
 * it is in the file, whether made by {@code commit()} (Spring's transactions) or by a writing statement in
 * auto-commit mode (JdbcTemplate outside a transaction). Reads do not wait. Any other database (PostgreSQL) gets
 * its connections unchanged.
 */
public final class GroupCommitDataSource extends DelegatingDataSource {

    /** Null until the first connection shows which database this is; empty for any but an H2 file database. */
    private volatile Optional<H2GroupCommit> groupCommit;

    public GroupCommitDataSource(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return withGroupCommit(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return withGroupCommit(super.getConnection(username, password));
    }

    private Connection withGroupCommit(Connection connection) throws SQLException {
        Optional<H2GroupCommit> commits = groupCommit;
        if (commits == null) {
            commits = Optional.ofNullable(H2GroupCommit.forDatabaseOf(connection));
            groupCommit = commits;
        }
        if (commits.isEmpty()) {
            return connection;
        }
        ConnectionHandler handler = new ConnectionHandler(connection, commits.get());
        handler.wrapper = proxy(Connection.class, handler);
        return handler.wrapper;
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(GroupCommitDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection connection;
        private final H2GroupCommit commits;
        private Connection wrapper;
        private boolean uncommittedWrites; // a connection is used by one thread at a time

        ConnectionHandler(Connection connection, H2GroupCommit commits) {
            this.connection = connection;
            this.commits = commits;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "commit" -> {
                    connection.commit();
                    awaitWrittenIfWritten();
                    return null;
                }
                case "rollback" -> {
                    if (args == null) { // rolling back to a savepoint keeps the writes before it
                        uncommittedWrites = false;
                    }
                    return call(method, connection, args);
                }
                case "setAutoCommit" -> {
                    connection.setAutoCommit((Boolean) args[0]); // JDBC: switching auto-commit on commits
                    if ((Boolean) args[0]) {
                        awaitWrittenIfWritten();
                    }
                    return null;
                }
                case "createStatement" -> {
                    return proxy(Statement.class, new StatementHandler((Statement) call(method, connection, args), this));
                }
                case "prepareStatement" -> {
                    return proxy(PreparedStatement.class, new StatementHandler((Statement) call(method, connection, args), this));
                }
                case "prepareCall" -> {
                    return proxy(CallableStatement.class, new StatementHandler((Statement) call(method, connection, args), this));
                }
                default -> {
                    return call(method, connection, args);
                }
            }
        }

        /** A statement that may have written has run: in auto-commit mode H2 has committed it. */
        void written() throws SQLException {
            uncommittedWrites = true;
            if (connection.getAutoCommit()) {
                awaitWrittenIfWritten();
            }
        }

        /** After a commit: waits for the file if the transaction wrote. */
        private void awaitWrittenIfWritten() throws SQLException {
            if (uncommittedWrites) {
                uncommittedWrites = false;
                commits.awaitWritten();
            }
        }
    }

    private record StatementHandler(Statement statement, ConnectionHandler connection) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("getConnection")) {
                return connection.wrapper;
            }
            Object result = call(method, statement, args);
            if (name.startsWith("execute") && !name.equals("executeQuery")) {
                connection.written();
            }
            return result;
        }
    }
}
