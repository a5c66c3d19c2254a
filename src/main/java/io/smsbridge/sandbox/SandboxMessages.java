package io.smsbridge.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The sandbox account's messages, in memory, newest first when listed (as Twilio lists them). Only the newest
 * {@code smsbridge.sandbox.max-messages} are kept: the sandbox runs inside the bridge by default, on the bridge's small
 * heap (config/jvm.options), and a load test through it must not fill that heap with messages nobody will look at.
 */
@Component
@ConditionalOnSandbox
public class SandboxMessages {

    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong outboundCreated = new AtomicLong();
    private final Map<String, SandboxMessage> bySid = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, SandboxMessage> bySequence = new ConcurrentSkipListMap<>();
    private final Clock clock;
    private final int maxMessages;

    @Autowired
    public SandboxMessages(SandboxProperties properties) {
        this(Clock.systemUTC(), properties.maxMessages());
    }

    SandboxMessages(Clock clock, int maxMessages) {
        this.clock = clock;
        this.maxMessages = maxMessages;
    }

    public SandboxMessage create(String accountSid, String direction, String from, String to, String messagingServiceSid,
                                 String body, List<String> mediaUrls, String status, String statusCallback) {
        int segments = SandboxSegments.count(body);
        SandboxMessage message = new SandboxMessage(sequence.incrementAndGet(), newSid(mediaUrls.isEmpty() ? "SM" : "MM"),
                accountSid, direction, from, to, messagingServiceSid, body == null ? "" : body, mediaUrls, segments,
                status, now(), statusCallback);
        if (direction.startsWith("outbound")) {
            outboundCreated.incrementAndGet();
        }
        bySid.put(message.sid(), message);
        bySequence.put(message.snapshot().sequence(), message);
        // bySid's size, not bySequence's: a skip list counts its entries one by one, on every create
        while (bySid.size() > maxMessages) {
            Map.Entry<Long, SandboxMessage> oldest = bySequence.pollFirstEntry();
            if (oldest == null) {
                break;                  // the others are still being added by their own creates
            }
            bySid.remove(oldest.getValue().sid());
        }
        return message;
    }

    public SandboxMessage get(String sid) {
        return bySid.get(sid);
    }

    /**
     * Up to {@code limit} messages matching {@code filter}, newest first, older than the message
     * {@code afterSid} when given (the page token of the previous page).
     */
    public List<SandboxMessage.Snapshot> list(Predicate<SandboxMessage.Snapshot> filter, String afterSid, int limit) {
        Map<Long, SandboxMessage> older = bySequence.descendingMap();
        if (afterSid != null && bySid.containsKey(afterSid)) {
            older = bySequence.headMap(bySid.get(afterSid).snapshot().sequence(), false).descendingMap();
        }
        return older.values().stream().map(SandboxMessage::snapshot).filter(filter).limit(limit).toList();
    }

    /** Messages created through the REST API since start (not reset by {@link #clear}): for benchmarks. */
    public long outboundCreated() {
        return outboundCreated.get();
    }

    public void clear() {
        bySid.clear();
        bySequence.clear();
    }

    Instant now() {
        return clock.instant();
    }

    static String newSid(String prefix) {
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return prefix + HexFormat.of().formatHex(random);
    }
}
