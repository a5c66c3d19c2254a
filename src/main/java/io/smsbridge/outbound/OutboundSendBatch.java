package io.smsbridge.outbound;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsbridge.broker.batch.JmsBatchEndpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The batch steps of sending (the {@code outbound-send-batch} route takes {@code sms.send} in batches with
 * {@code jms-batch:}): one broker transaction and two database transactions for up to
 * {@code smsbridge.outbound.send-batch-size} messages, their Twilio creates made side by side. One transaction of each
 * per message made the commits, not the sending, the cost of the outbound path (BENCHMARKS.md, fifteenth round).
 * <ol>
 *   <li>{@link #load}: looks the messages up in the ledger in one query; a settled message is not sent again;</li>
 *   <li>{@link #markSending}: marks the rest {@code sending}, in one transaction that is in the file before any create
 *       (from here a crash leaves them in doubt, and in doubt they are looked for at Twilio before any second create);
 *       the route then creates them at Twilio through {@code twilio-message-create}, many at once (a parallel split on
 *       {@code smsbridge.outbound.concurrent-creates} threads), one sender's messages one after the other, each paced by
 *       the sender's rate while the throttle is on ({@link #created}, {@link #failed}); a refusal (21610, 21614, …) is
 *       settled right there by the route {@code twilio-refusal}, as for a message sent one at a time;</li>
 *   <li>{@link #recordCreated}: the SIDs in one transaction, then {@code sent} for each;</li>
 *   <li>{@link Batch#handedOn}: every message that is in doubt, that the circuit breaker holds back or whose create
 *       failed, for {@code sms.send.retry}, where routes/outbound-send.camel.yaml takes it one at a time: a look at
 *       Twilio's list first, then retries with back-off, and parking.</li>
 * </ol>
 * A failure of the batch itself (the database, the broker) rolls the broker's part back and the batch comes again, one
 * message at a time: its messages are then either sent (not sent again) or in doubt (looked for at Twilio).
 */
@Component("outboundSendBatch")
public class OutboundSendBatch implements JmsBatchEndpoint.BatchLimit {

    public static final String QUEUE = "sms.send";
    public static final String RETRY_QUEUE = "sms.send.retry";
    static final String GROUP = "JMSXGroupID";

    private static final Logger log = LoggerFactory.getLogger(OutboundSendBatch.class);

    private final OutboundLedger ledger;
    private final OutboundSender sender;
    private final SenderRateLimiter rateLimiter;
    private final TwilioCircuitBreaker circuitBreaker;
    private final DistributionSummary batchSizes;

    public OutboundSendBatch(OutboundLedger ledger, OutboundSender sender, SenderRateLimiter rateLimiter,
                             TwilioCircuitBreaker circuitBreaker, MeterRegistry metrics) {
        this.ledger = ledger;
        this.sender = sender;
        this.rateLimiter = rateLimiter;
        this.circuitBreaker = circuitBreaker;
        this.batchSizes = DistributionSummary.builder("smsbridge.send.batch.messages")
                .description("messages of sms.send handled per transaction").register(metrics);
    }

    /**
     * While pacing, a batch ends once it holds more of one sender's messages than the sender's rate lets through in a
     * second: the batch waits for its slowest sender, and the others' SIDs wait with it.
     */
    @Override
    public boolean takesMore(List<Message> batch) {
        if (!rateLimiter.paces()) {
            return true;
        }
        String group = group(batch.get(batch.size() - 1));
        long ofGroup = batch.stream().filter(m -> group.equals(group(m))).count();
        return ofGroup <= Math.max(1, (long) rateLimiter.ratePerSecond(group));
    }

    /** A message of the batch and what became of it. */
    public static final class Send {
        final Message jms;
        final String id;
        final String group;
        OutboundRecord message;   // null: nothing (left) to send
        com.twilio.rest.api.v2010.account.Message created;
        boolean oneByOne;         // goes on to sms.send.retry

        Send(Message jms, String id, String group) {
            this.jms = jms;
            this.id = id;
            this.group = group;
        }

        /** The message to create at Twilio, as marked sending. */
        public OutboundRecord getMessage() {
            return message;
        }

        /** The message for sms.send.retry: the ledger id in its group. */
        Message oneByOne() {
            if (id == null) {
                return jms; // no text: passed on as it came
            }
            Message copy = jms.copy();
            copy.removeHeaders("*");
            copy.setBody(id);
            Object group = jms.getHeader(GROUP);
            if (group != null) {
                copy.setHeader(GROUP, group);
            }
            return copy;
        }
    }

    /** The messages of a batch of sms.send and what became of them. */
    public static final class Batch {
        private final List<Send> sends;

        private Batch(List<Send> sends) {
            this.sends = sends;
        }

        /** The messages for sms.send.retry (one at a time): the ledger id in its group. */
        public List<Message> handedOn() {
            List<Message> handedOn = new ArrayList<>();
            for (Send s : sends) {
                if (s.oneByOne) {
                    handedOn.add(s.oneByOne());
                }
            }
            return handedOn;
        }
    }

    /** The batch's messages as the ledger holds them, in one query (see the class comment). */
    public Batch load(List<Message> batch) {
        List<Send> sends = new ArrayList<>(batch.size());
        for (Message m : batch) {
            Send s = new Send(m, m.getBody() instanceof String text ? text : null, group(m));
            s.oneByOne = s.id == null; // not a ledger id: the one-by-one route fails it into the broker's DLQ as before
            sends.add(s);
        }
        loadAll(sends);
        batchSizes.record(batch.size());
        return new Batch(sends);
    }

    /**
     * Marks the messages to create now {@code sending}, in one transaction that is on disk before any create (from here a
     * crash leaves them in doubt, and their next delivery looks for them at Twilio before any create). Returns them by
     * sender, each sender's in the order they came: the route creates the senders' side by side, each one's in order.
     */
    public List<List<Send>> markSending(Batch batch) {
        List<Send> ready = batch.sends.stream().filter(s -> s.message != null && !s.oneByOne).toList();
        if (ready.isEmpty()) {
            return List.of();
        }
        Instant at = ledger.markSending(ready.stream().map(s -> s.id).toList());
        Map<String, List<Send>> bySender = new LinkedHashMap<>();
        for (Send s : ready) {
            s.message = s.message.afterSending(at);
            bySender.computeIfAbsent(s.group, g -> new ArrayList<>()).add(s);
        }
        return new ArrayList<>(bySender.values());
    }

    /** Twilio took the message: its SID is recorded with the batch's ({@link #recordCreated}). */
    public void created(Send send, com.twilio.rest.api.v2010.account.Message twilio) {
        send.created = twilio;
    }

    /**
     * The create failed without a refusal (a refusal is settled where it happened, by the route twilio-refusal): the
     * message goes on to sms.send.retry, which retries it, reconciling first.
     */
    public void failed(Send send, Exception e) {
        send.oneByOne = true;
        log.info("Message {} (key {}): create in a batch failed ({}); handed to {}", send.id, send.message.idempotencyKey(),
                sender.refusalReason(e), RETRY_QUEUE);
    }

    /** The SIDs of the batch's created messages in one transaction, then an event {@code sent} for each. */
    public void recordCreated(Batch batch) {
        List<OutboundSender.Created> created = batch.sends.stream().filter(s -> s.created != null)
                .map(s -> new OutboundSender.Created(s.message, s.created)).toList();
        if (!created.isEmpty()) {
            sender.recordCreated(created);
            sender.traceBatch(created, created.get(0).message().updatedAt(), Instant.now());   // marked sending together
        }
    }

    /** Each message's ledger row in one query; the rest as {@link OutboundSender#load} decides it for one. */
    private void loadAll(List<Send> sends) {
        Map<String, OutboundRecord> found = ledger.findAll(sends.stream().filter(s -> s.id != null).map(s -> s.id).toList());
        boolean breakerOpen = circuitBreaker.isOpen();
        Set<String> inThisBatch = new HashSet<>();
        for (Send s : sends) {
            if (s.id == null) {
                continue;
            }
            if (!inThisBatch.add(s.id)) {
                // the same message handed on again (a duplicate key queued while it waited): its group brought both
                // here, and one create is all it gets
                log.info("Message {} came twice in one batch; sent once", s.id);
                continue;
            }
            s.message = sender.load(s.id, Optional.ofNullable(found.get(s.id)));
            // in doubt: Twilio's list decides first; breaker open: the one-by-one route waits for Twilio, not this batch
            s.oneByOne = s.message != null && (s.message.isInDoubt() || breakerOpen);
        }
    }

    /** The message's JMS group: its sender while pacing, else its own id. */
    private static String group(Message m) {
        String group = m.getHeader(GROUP, String.class);
        return group != null ? group : m.getHeader("JMSMessageID", String.class);
    }
}
