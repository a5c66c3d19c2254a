package io.smsbridge.delivery;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsbridge.broker.BrokerProperties;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a batch of the status reports on {@code sms.status} to their messages in one database transaction (the
 * {@code status-reports} route takes the queue in batches with {@code jms-batch:}): Twilio posts two or three reports for
 * every message sent, and one transaction per report made the commits the cost of the whole status path (BENCHMARKS.md,
 * tenth and eleventh rounds).
 * <p>
 * The reports are applied in the order they came (a message's reports are one JMS group, so they reach one consumer in
 * order), each in its own savepoint, and each leaves with what the route does next ({@link Report#next}):
 * <ul>
 *   <li>{@code done}: applied, nothing due; or seen before (the same MessageSid and status: Twilio's retry, a batch
 *       delivered again; the message's history keeps each reported status once) and not applied again;</li>
 *   <li>{@code act}: applied, and something may be due (an opt-out, a final failure: emails), which the content-based
 *       router decides;</li>
 *   <li>{@code retry}: for a SID no message has (yet) — Twilio can call back before the create's answer is stored — or
 *       failed otherwise: put back on {@code sms.status} with the broker's back-off (smsbridge.broker.redelivery);</li>
 *   <li>{@code park}: the same after the last attempt, or unreadable: parked on {@code sms.status.dead-letter} with the
 *       reason.</li>
 * </ul>
 * The route commits the database's transaction before the broker's: a crash in between delivers the batch again, and
 * the de-duplication above makes that harmless.
 */
@Component("statusReports")
public class StatusReports {

    /** The attempt of a report put back on sms.status (1 on Twilio's own); parked reports go back without it. */
    static final String ATTEMPT = "SmsBridgeStatusAttempt";

    private static final Logger log = LoggerFactory.getLogger(StatusReports.class);

    private final DeliveryTracker tracker;
    private final TransactionTemplate batchTransaction;
    private final TransactionTemplate reportSavepoint;
    private final BrokerProperties.Redelivery redelivery;
    private final DistributionSummary batchSizes;

    public StatusReports(DeliveryTracker tracker, PlatformTransactionManager transactions, BrokerProperties broker,
                         MeterRegistry metrics) {
        this.tracker = tracker;
        this.batchTransaction = new TransactionTemplate(transactions);
        this.reportSavepoint = new TransactionTemplate(transactions);
        this.reportSavepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.redelivery = broker.redelivery();
        this.batchSizes = DistributionSummary.builder("smsbridge.status.batch.reports")
                .description("status reports applied per transaction").register(metrics);
    }

    /** A report of the batch and what comes next for it. */
    public static final class Report {
        private final Object json;
        private final String group;
        private final int attempt;
        private DeliveryReport report;
        private String next = "done";
        private String reason;

        Report(Object json, String group, int attempt) {
            this.json = json;
            this.group = group;
            this.attempt = attempt;
        }

        /** A report already decided (route tests). */
        public Report(Object json, String group, int attempt, String next, String reason) {
            this(json, group, attempt);
            this.next = next;
            this.reason = reason;
        }

        /** done | act | retry | park */
        public String getNext() {
            return next;
        }

        /** The report as it came (text; anything else is parked as it is). */
        public Object getJson() {
            return json;
        }

        /** Its JMS group: the MessageSid. */
        public String getGroup() {
            return group;
        }

        public String getMessageSid() {
            return report != null ? report.messageSid() : group;
        }

        /** Why it is parked. */
        public String getReason() {
            return reason;
        }

        /** The attempt a put-back report makes next. */
        public int getNextAttempt() {
            return attempt + 1;
        }
    }

    /** The broker's back-off before the next attempt of a report put back (ms). */
    public long delayAfter(Report report) {
        return redelivery.delayAfter(report.attempt).toMillis();
    }

    /** Applies the batch in one database transaction, each report in a savepoint; see the class comment. */
    public List<Report> applyAll(List<Message> batch) {
        List<Report> reports = new ArrayList<>(batch.size());
        List<Report> texts = new ArrayList<>(batch.size());
        for (Message m : batch) {
            Report r = new Report(m.getBody(), m.getHeader("JMSXGroupID", String.class), attempt(m));
            reports.add(r);
            if (m.getBody() instanceof String) {
                texts.add(r);
            } else {
                // not a report Twilio's webhook queued (someone put it there by hand): kept as it is, beside the parked reports
                log.warn("Message {} on sms.status is no text message, not a status report: parked", m.getHeader("JMSMessageID"));
                r.next = "park";
                r.reason = "not a text message, not a status report; parked on " + DeliveryEmails.PARKED_REPORTS;
            }
        }
        batchTransaction.executeWithoutResult(tx -> texts.forEach(this::applyInSavepoint));
        batchSizes.record(batch.size());
        return reports;
    }

    /** One report in a savepoint of the batch's transaction: a report that fails takes back only its own writes. */
    private void applyInSavepoint(Report r) {
        try {
            reportSavepoint.executeWithoutResult(savepoint -> apply(r));
        } catch (RuntimeException e) {
            if (r.report == null) {
                r.next = "park";  // retrying cannot help
                r.reason = e.getMessage() + "; report parked on " + DeliveryEmails.PARKED_REPORTS;
            } else if (!redelivery.isLastAttempt(r.attempt)) {
                r.next = "retry";
                log.info("Status {} for {} (attempt {}): {}; again in {} ms", r.report.status(), r.report.messageSid(), r.attempt,
                        e.getMessage(), redelivery.delayAfter(r.attempt).toMillis());
            } else if (e instanceof DeliveryTracker.UnknownMessageSidException) {
                r.next = "park";
                r.reason = tracker.unknownSidReason(r.report, r.attempt);
            } else {
                r.next = "park";
                r.reason = "status report not applied in " + r.attempt + " attempts, last: " + e + "; report parked on "
                        + DeliveryEmails.PARKED_REPORTS;
                log.warn("Status {} for {}: {}", r.report.status(), r.report.messageSid(), r.reason);
            }
        }
    }

    private void apply(Report r) {
        try {
            r.report = tracker.fromJson((String) r.json);
        } catch (Exception unreadable) {
            throw new IllegalArgumentException("unreadable status report (" + unreadable.getClass().getSimpleName() + ")", unreadable);
        }
        if (tracker.apply(r.report).isActionDue()) {   // a report seen before is not applied again
            r.next = "act";
        }
    }

    /** Twilio's delivery is attempt 1; each put-back adds one, and so does each time the broker delivers it again. */
    private static int attempt(Message m) {
        Integer delivered = m.getHeader("JMSXDeliveryCount", Integer.class);
        Integer putBack = m.getHeader(ATTEMPT, Integer.class);
        return (putBack != null ? putBack : 1) + (delivered != null ? delivered : 1) - 1;
    }
}
