package io.smsbridge.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a crash, the embedded H2 file database is checked before the application uses it, and rebuilt when an index
 * disagrees with its table.
 * <p>
 * Why: H2 has recovered from a SIGKILL with an entry in the idempotency-key index naming a row the table does not hold
 * (CrashRecoveryIT, 2026-12-02: the row of a message accepted just before the kill, whose commit had not reached the
 * file). That key then looked taken, and the message could be neither restored nor accepted again. The check counts
 * each index's entries against its table's rows; on a mismatch the database is exported with {@code SCRIPT} (which
 * reads the tables, not the indexes) and imported into a new file with {@code RUNSCRIPT}, which builds every index
 * afresh. The damaged file is kept next to it.
 * <p>
 * A marker file beside the database ({@code <name>.in-use}) tells a crash from a clean stop: written before the
 * application opens the database, removed once it has closed it ({@link #closedCleanly}). So a normal start costs
 * nothing. Only H2 file URLs are checked; any other database is left to its own recovery.
 */
public final class H2CrashCheck {

    private static final Logger log = LoggerFactory.getLogger(H2CrashCheck.class);
    private static final String FILE_URL = "jdbc:h2:file:";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private H2CrashCheck() {
    }

    /** Before the application first opens the database at {@code url}: checks it if the last run did not close it. */
    public static void beforeFirstUse(String url, String user, String password) {
        Path database = databasePath(url);
        if (database == null) {
            return;
        }
        Path marker = marker(database);
        try {
            finishInterruptedRebuild(database);
            if (Files.exists(marker) && Files.exists(dataFile(database))) {
                log.warn("The database {} was not closed by the last run (a crash or a kill): checking its indexes", dataFile(database));
                List<String> damaged = damagedIndexes(url, user, password);
                if (damaged.isEmpty()) {
                    log.info("Every index of {} agrees with its table", dataFile(database));
                } else {
                    log.error("Indexes that disagree with their tables after the crash: {}; rebuilding the database", String.join("; ", damaged));
                    rebuild(database, url, user, password);
                }
            }
            Files.createDirectories(database.toAbsolutePath().getParent());
            Files.writeString(marker, "opened " + Instant.now() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check the database " + dataFile(database) + " after a crash", e);
        }
    }

    /** The application has closed the database at {@code url}: the next start need not check it. */
    public static void closedCleanly(String url) {
        Path database = databasePath(url);
        if (database != null) {
            try {
                Files.deleteIfExists(marker(database));
            } catch (IOException e) {
                log.warn("Could not remove {}: the next start checks the database once more ({})", marker(database), e.toString());
            }
        }
    }

    /**
     * Each index whose entries differ in number from its table's rows, as "index on table: entries vs rows". The count
     * through the index is an ordered scan of it that reads no row, so an entry naming a missing row is counted too.
     */
    static List<String> damagedIndexes(String url, String user, String password) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            Map<String, Map<String, List<String>>> indexesByTable = new LinkedHashMap<>(); // table → index → its columns in order
            try (ResultSet rs = s.executeQuery("SELECT i.TABLE_SCHEMA, i.TABLE_NAME, i.INDEX_NAME, c.COLUMN_NAME "
                    + "FROM INFORMATION_SCHEMA.INDEXES i JOIN INFORMATION_SCHEMA.INDEX_COLUMNS c "
                    + "ON c.INDEX_SCHEMA = i.INDEX_SCHEMA AND c.INDEX_NAME = i.INDEX_NAME "
                    + "WHERE i.TABLE_SCHEMA <> 'INFORMATION_SCHEMA' ORDER BY i.TABLE_SCHEMA, i.TABLE_NAME, i.INDEX_NAME, c.ORDINAL_POSITION")) {
                while (rs.next()) {
                    indexesByTable.computeIfAbsent(quote(rs.getString(1)) + "." + quote(rs.getString(2)), t -> new LinkedHashMap<>())
                            .computeIfAbsent(quote(rs.getString(3)), i -> new ArrayList<>()).add(quote(rs.getString(4)));
                }
            }
            List<String> damaged = new ArrayList<>();
            for (var table : indexesByTable.entrySet()) {
                long rows = count(s, "SELECT COUNT(*) FROM " + table.getKey());
                for (var index : table.getValue().entrySet()) {
                    List<String> columns = index.getValue();
                    long entries = count(s, "SELECT COUNT(*) FROM (SELECT " + columns.get(0) + " FROM " + table.getKey()
                            + " USE INDEX (" + index.getKey() + ") ORDER BY " + String.join(", ", columns) + ")");
                    if (entries != rows) {
                        damaged.add(index.getKey() + " on " + table.getKey() + ": " + entries + " entries vs " + rows + " rows");
                    }
                }
            }
            return damaged;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check the indexes of " + databasePath(url) + " after a crash: " + e.getMessage(), e);
        }
    }

    /**
     * SCRIPT out of the damaged file, RUNSCRIPT into a new one beside it, then the new one takes the damaged one's place
     * (which is kept, renamed). Killed before that swap, the next start begins again ({@link #finishInterruptedRebuild}).
     */
    private static void rebuild(Path database, String url, String user, String password) throws IOException {
        Path script = database.resolveSibling(database.getFileName() + ".rebuild.sql");
        Path rebuilt = rebuilt(database);
        Files.deleteIfExists(dataFile(rebuilt));
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("SCRIPT TO " + literal(script));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot export the damaged database " + dataFile(database) + ": " + e.getMessage(), e);
        }
        try (Connection c = DriverManager.getConnection(urlOf(rebuilt, url), user, password); Statement s = c.createStatement()) {
            s.execute("RUNSCRIPT FROM " + literal(script));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot rebuild the database " + dataFile(database) + " from " + script
                    + " (kept for a manual RUNSCRIPT): " + e.getMessage(), e);
        }
        Path kept = database.resolveSibling(database.getFileName() + ".mv.db.damaged-" + STAMP.format(Instant.now()));
        Files.move(dataFile(database), kept);
        Files.move(dataFile(rebuilt), dataFile(database));
        Files.delete(script);
        log.warn("Rebuilt the database {} with fresh indexes; the damaged file is kept as {}", dataFile(database), kept);
    }

    /** A rebuild killed before its swap: with the damaged file moved away, its copy goes in; else the copy goes. */
    private static void finishInterruptedRebuild(Path database) throws IOException {
        Path copy = dataFile(rebuilt(database));
        if (Files.exists(copy)) {
            if (Files.exists(dataFile(database))) {
                Files.delete(copy); // not swapped in yet: the check below finds the damage again and starts over
            } else {
                Files.move(copy, dataFile(database));
                log.warn("Finished a rebuild of the database {} that was interrupted", dataFile(database));
            }
        }
    }

    private static Path rebuilt(Path database) {
        return database.resolveSibling(database.getFileName() + ".rebuilt");
    }

    /** {@code url} with its database file replaced by {@code database}; its settings kept. */
    private static String urlOf(Path database, String url) {
        int settings = url.indexOf(';');
        return FILE_URL + database + (settings < 0 ? "" : url.substring(settings));
    }

    private static String literal(Path file) {
        return "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The database's path without H2's file suffix, or null for any URL but an H2 file database. */
    static Path databasePath(String url) {
        if (url == null || !url.startsWith(FILE_URL)) {
            return null;
        }
        String path = url.substring(FILE_URL.length());
        int settings = path.indexOf(';');
        path = settings < 0 ? path : path.substring(0, settings);
        return path.startsWith("~") ? Path.of(System.getProperty("user.home") + path.substring(1)) : Path.of(path);
    }

    private static Path dataFile(Path database) {
        return database.resolveSibling(database.getFileName() + ".mv.db");
    }

    private static Path marker(Path database) {
        return database.resolveSibling(database.getFileName() + ".in-use");
    }
}
