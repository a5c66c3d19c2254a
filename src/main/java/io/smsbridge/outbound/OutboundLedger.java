package io.smsbridge.outbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.db.HistoryRetention;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbound ledger: one row per idempotency key and the history of each message. Every status change and its
 * history entry are written in one statement (see APPEND_HISTORY).
 */
@Component("outboundLedger")
public class OutboundLedger {

    /**
     * The row for a message just handed in: new, or the one already holding its idempotency key ({@code duplicate});
     * {@code conflict} when that one's content differs from this message's (see {@link #contentDigest}).
     */
    public record Acceptance(OutboundRecord record, boolean duplicate, boolean conflict) {
    }

    /** One entry of a message's history. */
    public record HistoryEntry(String status, Integer errorCode, String detail, Instant at) {
    }

    private static final String COLUMNS = "id, idempotency_key, recipient, sender, from_number, messaging_service_sid, body, "
            + "media_urls, encoding, segments, fallback_email, send_at, status, message_sid, error_code, reason, price, "
            + "price_unit, attempts, created_at, updated_at, country, tags, receipt_url, trace_parent";
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {
    };
    /** Twilio's statuses of a message it has just taken: a create's history line says nothing more for these. */
    private static final Set<String> USUAL_CREATE_ANSWERS = Set.of("queued", "accepted", "scheduled");
    /**
     * A history line goes into the row in the statement that makes the change it records: one row version per change.
     * Two statements would change the row twice, and each change of a row rewrites its entry in every index of the
     * table (H2 removes and re-adds them; PostgreSQL writes a new row version): measured, half of the ledger's work.
     */
    private static final String APPEND_HISTORY = "history = COALESCE(history, '') || ?";
    /** Messages by idempotency key (%s: the keys' placeholders), through the key's own table (V10). */
    private static final String BY_KEY = "id IN (SELECT message_id FROM outbound_key WHERE idempotency_key IN (%s))";
    private static final TypeReference<Map<String, Object>> HISTORY_LINE = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public OutboundLedger(JdbcTemplate jdbc, TransactionTemplate transaction, ObjectMapper json) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.json = json;
    }

    /**
     * Records a validated message as accepted, unless its idempotency key is taken: then returns that message. The
     * row is on disk when this returns, before the message's id goes on to sms.send.
     */
    public Acceptance accept(OutboundMessage m) {
        return accept(m, null, null);
    }

    /** {@link #accept(OutboundMessage)} of an HTTP producer's message (or null), with its trace context (or null). */
    private Acceptance accept(OutboundMessage m, String producer, String traceParent) {
        OutboundRecord accepted = accepted(m, now(), traceParent);
        try {
            insert(List.of(accepted), Collections.singletonList(producer));
        } catch (DuplicateKeyException taken) {
            OutboundRecord holder = findByKey(m.idempotencyKey()).orElseThrow(() -> taken);
            return duplicate(holder, accepted, digestsByKey(List.of(m.idempotencyKey())));
        }
        return new Acceptance(accepted, false, false);
    }

    /**
     * {@link #accept(OutboundMessage)} for a batch, in one transaction: the keys already taken are looked up in one
     * query, and a key that comes twice in the batch is the first one's. Should another consumer take a key in between
     * (the insert fails on it), the batch is accepted one message at a time instead. {@code producers}: each message's
     * HTTP producer (or null), which its first history line names; {@code traceParents}: each message's trace context
     * (or null: not tracing).
     */
    public List<Acceptance> accept(List<OutboundMessage> messages, List<String> producers, List<String> traceParents) {
        Instant now = now();
        Map<String, OutboundRecord> taken = findAllByKey(messages.stream().map(OutboundMessage::idempotencyKey).distinct().toList());
        Map<String, String> digests = digestsByKey(taken.keySet());
        List<OutboundRecord> fresh = new ArrayList<>();
        List<String> freshProducers = new ArrayList<>();
        List<Acceptance> acceptances = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            OutboundMessage m = messages.get(i);
            OutboundRecord holder = taken.get(m.idempotencyKey());
            OutboundRecord accepted = accepted(m, now, traceParents.get(i));
            if (holder != null) {
                acceptances.add(duplicate(holder, accepted, digests));
            } else {
                taken.put(m.idempotencyKey(), accepted);
                digests.put(m.idempotencyKey(), contentDigest(accepted));
                fresh.add(accepted);
                freshProducers.add(producers.get(i));
                acceptances.add(new Acceptance(accepted, false, false));
            }
        }
        try {
            insert(fresh, freshProducers);
        } catch (DuplicateKeyException raced) {
            return IntStream.range(0, messages.size()).mapToObj(i -> accept(messages.get(i), producers.get(i), traceParents.get(i))).toList();
        }
        return acceptances;
    }

    /**
     * A message whose key {@code holder} already has: a duplicate, or a conflict when their contents differ. A row
     * accepted before content digests were kept (null) counts as the same content.
     */
    private static Acceptance duplicate(OutboundRecord holder, OutboundRecord candidate, Map<String, String> digests) {
        String held = digests.get(holder.idempotencyKey());
        return new Acceptance(holder, true, held != null && !held.equals(contentDigest(candidate)));
    }

    /**
     * What makes two messages under one idempotency key the same message (Stripe's rule: same key, same content →
     * a duplicate; different content → a conflict): recipient, sender, text, media, sendAt and fallbackEmail. Tags
     * do not count. A SHA-256 over those fields as accepted, kept with the row, so that a text changed later (an MMS
     * sent again as SMS) still compares as sent.
     */
    static String contentDigest(OutboundRecord r) {
        String content = String.join("\u0000", r.to(), r.sender(), r.body(), String.join("\n", r.mediaUrls()),
                String.valueOf(r.sendAt()), String.valueOf(r.fallbackEmail()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The content digests of these keys' messages, by key (a map of its own, which the caller may add to). */
    private Map<String, String> digestsByKey(Collection<String> keys) {
        Map<String, String> digests = new HashMap<>();
        if (!keys.isEmpty()) {
            String in = String.join(", ", Collections.nCopies(keys.size(), "?"));
            jdbc.query("SELECT idempotency_key, content_digest FROM outbound_message WHERE " + BY_KEY.formatted(in),
                    (ResultSet rs) -> {
                        digests.put(rs.getString(1), rs.getString(2));
                    }, keys.toArray());
        }
        return digests;
    }

    private static OutboundRecord accepted(OutboundMessage m, Instant now, String traceParent) {
        return new OutboundRecord(newId(now), m.idempotencyKey(), m.to(), m.sender(), m.from(),
                m.messagingServiceSid(), m.body(), List.copyOf(m.mediaUrls()), m.segments().encoding().name(), m.segments().segments(),
                m.fallbackEmail(), m.sendAt() == null ? null : m.sendAt().truncatedTo(ChronoUnit.MICROS), OutboundStatus.ACCEPTED,
                null, null, null, null, null, 0, now, now, m.country(), m.tags(), m.receiptUrl(), traceParent);
    }

    /** New rows, status accepted, each with its first history entry (naming its HTTP producer), in one transaction. */
    private void insert(List<OutboundRecord> rows, List<String> producers) {
        if (rows.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(tx -> {
            jdbc.batchUpdate("INSERT INTO outbound_key (idempotency_key, message_id) VALUES (?, ?)", // fails for a key taken
                    rows.stream().map(r -> new Object[] {r.idempotencyKey(), r.id()}).toList());
            jdbc.batchUpdate("INSERT INTO outbound_message (" + COLUMNS + ", content_digest, history) VALUES "
                            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
                    IntStream.range(0, rows.size()).mapToObj(i -> acceptedRow(rows.get(i), producers.get(i))).toList());
        });
    }

    private Object[] acceptedRow(OutboundRecord r, String producer) {
        return new Object[] {r.id(), r.idempotencyKey(), r.to(), r.sender(), r.from(),
                            r.messagingServiceSid(), r.body(), r.mediaUrls().isEmpty() ? null : String.join("\n", r.mediaUrls()),
                            r.encoding(), r.segments(), r.fallbackEmail(), timestamp(r.sendAt()), OutboundStatus.ACCEPTED,
                            timestamp(r.createdAt()), timestamp(r.updatedAt()), r.country(), tagsJson(r.tags()), r.receiptUrl(),
                            r.traceParent(), contentDigest(r), historyLine(new HistoryEntry(OutboundStatus.ACCEPTED, null,
                                    producer == null ? null : "from producer " + producer, r.createdAt()))};
    }

    /**
     * A UUID of version 7 (RFC 9562): the creation time in milliseconds, then 74 random bits. Ids that sort by time
     * keep each new row's index entries at the end of the index, next to those of the other messages in flight, so
     * the database rewrites a few shared pages per commit instead of one random page per index (3,000 against 1,450
     * messages/s in bench/h2-commits.sh).
     */
    public static String newId(Instant createdAt) {
        UUID random = UUID.randomUUID(); // variant bits already RFC 9562's
        long timeAndVersion = (createdAt.toEpochMilli() << 16) | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
        return new UUID(timeAndVersion, random.getLeastSignificantBits()).toString();
    }

    /** Now, to the database's precision (microseconds), so a record built in memory equals the row read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public Optional<OutboundRecord> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM outbound_message WHERE id = ?", recordOfRow, id).stream().findFirst();
    }

    /** The messages of {@code ids} that the ledger holds, by id: one query for a batch. */
    public Map<String, OutboundRecord> findAll(Collection<String> ids) {
        return findAllWhere("id IN (%s)", ids, OutboundRecord::id);
    }

    /** The messages holding these idempotency keys, by key: one query for a batch. */
    public Map<String, OutboundRecord> findAllByKey(Collection<String> keys) {
        return findAllWhere(BY_KEY, keys, OutboundRecord::idempotencyKey);
    }

    /** A map of its own, which the caller may add to. */
    private Map<String, OutboundRecord> findAllWhere(String condition, Collection<String> values, Function<OutboundRecord, String> by) {
        if (values.isEmpty()) {
            return new HashMap<>();
        }
        String in = String.join(", ", Collections.nCopies(values.size(), "?"));
        return jdbc.query("SELECT " + COLUMNS + " FROM outbound_message WHERE " + condition.formatted(in), recordOfRow,
                values.toArray()).stream().collect(Collectors.toMap(by, r -> r, (a, b) -> a, HashMap::new));
    }

    public Optional<OutboundRecord> findByKey(String idempotencyKey) {
        return jdbc.query("SELECT " + COLUMNS + " FROM outbound_message WHERE " + BY_KEY.formatted("?"), recordOfRow, idempotencyKey)
                .stream().findFirst();
    }

    public Optional<OutboundRecord> findBySid(String messageSid) {
        return jdbc.query("SELECT " + COLUMNS + " FROM outbound_message WHERE id IN (SELECT message_id FROM outbound_sid WHERE message_sid = ?)",
                        recordOfRow, messageSid)
                .stream().findFirst();
    }

    /**
     * The message's history, oldest first: the lines of its row, after the entries of table message_event that a
     * message accepted before 2026-12-07 may still have (V9__history_in_the_row.sql).
     */
    public List<HistoryEntry> history(String id) {
        List<HistoryEntry> history = new ArrayList<>(jdbc.query(
                "SELECT status, error_code, detail, occurred_at FROM message_event WHERE message_id = ? ORDER BY id",
                (rs, n) -> new HistoryEntry(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3), instant(rs, 4)), id));
        List<String> lines = jdbc.queryForList("SELECT history FROM outbound_message WHERE id = ?", String.class, id);
        if (!lines.isEmpty() && lines.get(0) != null) {
            for (String line : lines.get(0).split("\n")) {
                history.add(historyEntry(line));
            }
        }
        return history;
    }

    /** What {@link #markSent} records of a create: Twilio's SID, status and price as far as known. */
    public record Sent(String id, String messageSid, String twilioStatus, String price, String priceUnit, String detail) {
    }

    /**
     * Before a Twilio create: from here until {@link #markSent} the outcome is in doubt if this node dies. Returns the
     * time recorded as the message's last update.
     */
    public Instant markSending(String id) {
        return markSending(List.of(id));
    }

    /** {@link #markSending} for a batch of messages, in one transaction. */
    public Instant markSending(List<String> ids) {
        Instant now = now();
        transaction.executeWithoutResult(tx -> {
            String line = historyLine(new HistoryEntry(OutboundStatus.SENDING, null, null, now));
            jdbc.batchUpdate("UPDATE outbound_message SET status = ?, attempts = attempts + 1, updated_at = ?, " + APPEND_HISTORY
                    + " WHERE id = ?", ids.stream().map(id -> new Object[] {OutboundStatus.SENDING, timestamp(now), line, id}).toList());
        });
        return now;
    }

    /**
     * Twilio holds the message: its SID, Twilio's status, price as far as known. Returns the time recorded as the
     * message's last update.
     */
    public Instant markSent(String id, String messageSid, String twilioStatus, String price, String priceUnit, String detail) {
        return markSent(List.of(new Sent(id, messageSid, twilioStatus, price, priceUnit, detail)));
    }

    /** {@link #markSent} for a batch of messages, in one transaction. */
    public Instant markSent(List<Sent> sent) {
        Instant now = now();
        transaction.executeWithoutResult(tx -> {
            jdbc.batchUpdate("UPDATE outbound_message SET status = ?, message_sid = ?, price = ?, price_unit = ?, updated_at = ?, "
                    + APPEND_HISTORY + " WHERE id = ?", sent.stream().map(s -> new Object[] {OutboundStatus.SENT, s.messageSid(),
                    s.price(), s.priceUnit(), timestamp(now), historyLine(new HistoryEntry(OutboundStatus.SENT, null, sentDetail(s), now)),
                    s.id()}).toList());
            jdbc.batchUpdate("INSERT INTO outbound_sid (message_sid, message_id) VALUES (?, ?)",
                    sent.stream().map(s -> new Object[] {s.messageSid(), s.id()}).toList());
        });
        return now;
    }

    /**
     * What the history says of a create: nothing more for the usual answer (the SID is in the row, and a history line
     * is kept with every message for the retention period); Twilio's status when it was another.
     */
    private static String sentDetail(Sent s) {
        if (s.detail() != null) {
            return s.detail();
        }
        return s.twilioStatus() == null || USUAL_CREATE_ANSWERS.contains(s.twilioStatus()) ? null : "Twilio answered " + s.twilioStatus();
    }

    /**
     * An outcome without a send: suppressed (opted out) or failed (with Twilio's error code when there is one), both
     * final; or parked (Twilio unavailable through every attempt), until an operator moves the message back.
     */
    public void settle(String id, String status, Integer errorCode, String reason) {
        Instant now = clock.instant();
        jdbc.update("UPDATE outbound_message SET status = ?, error_code = ?, reason = ?, updated_at = ?, " + APPEND_HISTORY + " WHERE id = ?",
                status, errorCode, reason, timestamp(now), historyLine(new HistoryEntry(status, errorCode, reason, now)), id);
    }

    /**
     * A delivery report moved the message to Twilio's {@code status} (or, {@code changed} false, arrived late).
     * Returns the time recorded as the message's last update, or nothing when this status was reported for the
     * message before (Twilio's retry, a batch delivered again): then nothing is written.
     */
    public Optional<Instant> recordDelivery(String id, String status, Integer errorCode, String errorMessage, String rawDlrDoneDate, boolean changed) {
        Instant now = now();
        String line = historyLine(new HistoryEntry(status, errorCode, changed ? errorMessage : "reported after a later status: ignored", now));
        // Once per reported status: column reported lists those seen (",sent,delivered,"), and a report seen before
        // matches no row. A message accepted before 2026-12-07 may have its earlier reports in message_event.
        String firstTime = "id = ? AND COALESCE(reported, ',') NOT LIKE ? "
                + "AND NOT EXISTS (SELECT 1 FROM message_event WHERE message_id = ? AND reported_status = ?)";
        String seen = "%," + status + ",%";
        int updated = changed
                ? jdbc.update("UPDATE outbound_message SET reported = COALESCE(reported, ',') || ? || ',', history = COALESCE(history, '') || ?, "
                        + "status = ?, error_code = COALESCE(?, error_code), reason = COALESCE(?, reason), "
                        + "raw_dlr_done_date = COALESCE(?, raw_dlr_done_date), updated_at = ? WHERE " + firstTime,
                        status, line, status, errorCode, errorMessage, rawDlrDoneDate, timestamp(now), id, seen, id, status)
                : jdbc.update("UPDATE outbound_message SET reported = COALESCE(reported, ',') || ? || ',', history = COALESCE(history, '') || ? "
                        + "WHERE " + firstTime, status, line, id, seen, id, status);
        return updated > 0 ? Optional.of(now) : Optional.empty();
    }

    /** Marks the fallback email as sent; false if it already was (a redelivered report). */
    public boolean markFallbackSent(String id, String detail) {
        Instant now = clock.instant();
        return jdbc.update("UPDATE outbound_message SET fallback_sent_at = ?, " + APPEND_HISTORY + " WHERE id = ? AND fallback_sent_at IS NULL",
                timestamp(now), historyLine(new HistoryEntry("fallback", null, detail, now)), id) > 0;
    }

    public boolean fallbackSent(String id) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM outbound_message WHERE id = ? AND fallback_sent_at IS NOT NULL",
                Integer.class, id);
        return n != null && n > 0;
    }

    /** Replaces the text to send (an MMS that goes out again as SMS with its links). */
    public void replaceContent(String id, String body, String encoding, int segments, String detail) {
        Instant now = clock.instant();
        jdbc.update("UPDATE outbound_message SET body = ?, media_urls = NULL, encoding = ?, segments = ?, status = ?, updated_at = ?, "
                + APPEND_HISTORY + " WHERE id = ?", body, encoding, segments, OutboundStatus.ACCEPTED, timestamp(now),
                historyLine(new HistoryEntry(OutboundStatus.ACCEPTED, null, detail, now)), id);
    }

    /**
     * Removes the messages created and last touched before {@code cutoff}, with their history, unless still in
     * flight (accepted, sending, parked); after that their idempotency keys can be used again. In transactions of
     * {@link HistoryRetention#ROWS_PER_TRANSACTION} messages; returns how many were removed.
     */
    public int purgeSettledBefore(Instant cutoff) {
        // ids are UUIDv7 (newId): "id < the first id of the cutoff" walks the primary key's index from its start
        String firstIdAtCutoff = new UUID(cutoff.toEpochMilli() << 16, 0).toString();
        Object[] args = {firstIdAtCutoff, timestamp(cutoff), timestamp(cutoff), OutboundStatus.ACCEPTED, OutboundStatus.SENDING,
                OutboundStatus.PARKED};
        String expired = "SELECT id, idempotency_key, message_sid FROM outbound_message WHERE id < ? AND created_at < ? "
                + "AND updated_at < ? AND status NOT IN (?, ?, ?) ORDER BY id FETCH FIRST " + HistoryRetention.ROWS_PER_TRANSACTION + " ROWS ONLY";
        int purged = 0;
        while (true) {
            List<String[]> rows = jdbc.query(expired, (rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, args);
            if (rows.isEmpty()) {
                return purged;
            }
            Object[] ids = rows.stream().map(r -> r[0]).toArray();
            String in = String.join(", ", Collections.nCopies(ids.length, "?"));
            transaction.executeWithoutResult(tx -> {
                jdbc.batchUpdate("DELETE FROM outbound_key WHERE idempotency_key = ? AND message_id = ?",
                        rows.stream().map(r -> new Object[] {r[1], r[0]}).toList());
                jdbc.batchUpdate("DELETE FROM outbound_sid WHERE message_sid = ?",
                        rows.stream().filter(r -> r[2] != null).map(r -> new Object[] {r[2]}).toList());
                jdbc.update("DELETE FROM message_event WHERE message_id IN (" + in + ")", ids); // rows from before V9
                jdbc.update("DELETE FROM outbound_message WHERE id IN (" + in + ")", ids);
            });
            purged += rows.size();
        }
    }

    /** A line in the message's history that changes nothing else (what happened around it, such as an email). */
    public void note(String id, String what, String detail) {
        jdbc.update("UPDATE outbound_message SET " + APPEND_HISTORY + " WHERE id = ?",
                historyLine(new HistoryEntry(what, null, detail, clock.instant())), id);
    }

    /**
     * One entry of a message's history as kept in its row: a line of JSON. The history lives in the row (not a row of
     * its own per entry) so that a message costs one row and its index entries on disk, not five of each.
     */
    private String historyLine(HistoryEntry e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("status", e.status());
        line.put("at", e.at().toString());
        if (e.errorCode() != null) {
            line.put("errorCode", e.errorCode());
        }
        if (e.detail() != null) {
            line.put("detail", e.detail());
        }
        try {
            return json.writeValueAsString(line) + "\n";
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private HistoryEntry historyEntry(String line) {
        try {
            Map<String, Object> entry = json.readValue(line, HISTORY_LINE);
            return new HistoryEntry((String) entry.get("status"), (Integer) entry.get("errorCode"), (String) entry.get("detail"),
                    Instant.parse((String) entry.get("at")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable history line", e);
        }
    }

    private String tagsJson(Map<String, String> tags) {
        try {
            return tags == null || tags.isEmpty() ? null : json.writeValueAsString(tags);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> tags(String tagsJson) {
        try {
            return tagsJson == null ? Map.of() : json.readValue(tagsJson, TAGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private final RowMapper<OutboundRecord> recordOfRow = (rs, n) -> new OutboundRecord(
            rs.getString("id"), rs.getString("idempotency_key"), rs.getString("recipient"), rs.getString("sender"),
            rs.getString("from_number"), rs.getString("messaging_service_sid"), rs.getString("body"),
            rs.getString("media_urls") == null ? List.of() : Arrays.asList(rs.getString("media_urls").split("\n")),
            rs.getString("encoding"), rs.getInt("segments"), rs.getString("fallback_email"), instant(rs, 12),
            rs.getString("status"), rs.getString("message_sid"), (Integer) rs.getObject("error_code"), rs.getString("reason"),
            rs.getString("price"), rs.getString("price_unit"), rs.getInt("attempts"), instant(rs, 20), instant(rs, 21),
            rs.getString("country"), tags(rs.getString("tags")), rs.getString("receipt_url"), rs.getString("trace_parent"));
}
