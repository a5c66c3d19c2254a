package io.smsbridge.sandbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One message in the sandbox account, outbound (created through the REST API) or inbound (sent by a sandbox
 * phone). Status fields change as the simulated carrier moves the message along; readers get a consistent copy
 * through {@link #snapshot()}.
 */
public final class SandboxMessage {

    /** An immutable view of a message at one moment. */
    public record Snapshot(long sequence, String sid, String accountSid, String direction, String from, String to,
                           String messagingServiceSid, String body, List<String> mediaUrls, int numSegments,
                           String status, Integer errorCode, String errorMessage, BigDecimal price,
                           Instant dateCreated, Instant dateUpdated, Instant dateSent, String statusCallback) {
    }

    private final long sequence;
    private final String sid;
    private final String accountSid;
    private final String direction;
    private final String from;
    private final String to;
    private final String messagingServiceSid;
    private final String body;
    private final List<String> mediaUrls;
    private final int numSegments;
    private final Instant dateCreated;
    private final String statusCallback;

    private String status;
    private Integer errorCode;
    private String errorMessage;
    private BigDecimal price;
    private Instant dateUpdated;
    private Instant dateSent;

    SandboxMessage(long sequence, String sid, String accountSid, String direction, String from, String to,
                   String messagingServiceSid, String body, List<String> mediaUrls, int numSegments, String status,
                   Instant dateCreated, String statusCallback) {
        this.sequence = sequence;
        this.sid = sid;
        this.accountSid = accountSid;
        this.direction = direction;
        this.from = from;
        this.to = to;
        this.messagingServiceSid = messagingServiceSid;
        this.body = body;
        this.mediaUrls = List.copyOf(mediaUrls);
        this.numSegments = numSegments;
        this.status = status;
        this.dateCreated = dateCreated;
        this.dateUpdated = dateCreated;
        this.statusCallback = statusCallback;
    }

    public String sid() {
        return sid;
    }

    synchronized void moveTo(String newStatus, Integer newErrorCode, String newErrorMessage, Instant at) {
        status = newStatus;
        errorCode = newErrorCode;
        errorMessage = newErrorMessage;
        dateUpdated = at;
        if ("sent".equals(newStatus) || ("delivered".equals(newStatus) && dateSent == null)) {
            dateSent = at;
        }
    }

    synchronized void charge(BigDecimal amount) {
        price = amount;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(sequence, sid, accountSid, direction, from, to, messagingServiceSid, body, mediaUrls,
                numSegments, status, errorCode, errorMessage, price, dateCreated, dateUpdated, dateSent, statusCallback);
    }
}
