package io.smsbridge.delivery;

import io.smsbridge.broker.BrokerProperties;
import io.smsbridge.broker.JmsBatchConsumers;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies the status reports on {@code sms.status} to their messages, many per broker transaction and per database
 * transaction: Twilio posts two or three reports for every message sent, and one transaction of each per report made
 * their commits the cost of the whole status path (BENCHMARKS.md, tenth and eleventh rounds).
 * <p>
 * Each consumer takes what is waiting, up to {@code smsbridge.delivery.batch-size} reports, and handles them in the
 * order they came (a message's reports are one JMS group, so they reach one consumer in order). Each report, inside
 * the batch's database transaction and its own savepoint:
 * <ul>
 *   <li>seen before (the same MessageSid and status: Twilio's retry, a batch delivered again; the message's history
 *       keeps each reported status once) — not applied again;</li>
 *   <li>for a SID no message has (yet) — Twilio can call back before the create's answer is stored — put back on
 *       {@code sms.status} with the broker's back-off (smsbridge.broker.redelivery), and after the last attempt
 *       parked on {@code sms.status.dead-letter} with the reason; a report that fails otherwise likewise;</li>
 *   <li>otherwise applied ({@link DeliveryTracker#apply}).</li>
 * </ul>
 * A report after which something may be due (an opt-out, a final failure: emails) goes on to
 * {@code sms.status.actions}, where the content-based router of routes/delivery-status.camel.yaml decides. Everything
 * a batch sends is in its broker transaction, committed after the database's: a crash in between delivers the batch
 * again, and the de-duplication above makes that harmless.
 */
@Component
public class StatusReportBatches extends JmsBatchConsumers<StatusReportBatches.Destinations> {

    public static final String REPORTS = "sms.status";
    public static final String ACTIONS = "sms.status.actions";
    /** The attempt of a report put back on sms.status (1 on Twilio's own); parked reports go back without it. */
    static final String ATTEMPT = "SmsBridgeStatusAttempt";

    private static final Logger log = LoggerFactory.getLogger(StatusReportBatches.class);

    private final DeliveryTracker tracker;
    private final TransactionTemplate batchTransaction;
    private final TransactionTemplate reportSavepoint;
    private final BrokerProperties.Redelivery redelivery;
    private final DistributionSummary batchSizes;

    public StatusReportBatches(ConnectionFactory connectionFactory, DeliveryTracker tracker,
                               PlatformTransactionManager transactions, BrokerProperties broker, DeliveryProperties properties,
                               MeterRegistry metrics) {
        super(connectionFactory, REPORTS, properties.consumers(), properties.batchSize());
        this.tracker = tracker;
        this.batchTransaction = new TransactionTemplate(transactions);
        this.reportSavepoint = new TransactionTemplate(transactions);
        this.reportSavepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.redelivery = broker.redelivery();
        this.batchSizes = DistributionSummary.builder("smsbridge.status.batch.reports")
                .description("status reports applied per transaction").register(metrics);
    }

    @Override
    protected Destinations connected(Connection connection, Session session) throws JMSException {
        return new Destinations(session.createQueue(REPORTS), session.createQueue(ACTIONS),
                session.createQueue(DeliveryEmails.PARKED_REPORTS));
    }

    record Destinations(Queue reports, Queue actions, Queue parked) {
    }

    /** A report of the batch and what its handling asks the broker to do. */
    private static final class Report {
        final TextMessage message;
        final int attempt;
        DeliveryReport report;
        boolean actionDue;
        boolean retry;
        String parkBecause;

        Report(TextMessage message, int attempt) {
            this.message = message;
            this.attempt = attempt;
        }
    }

    @Override
    protected void handle(List<Message> batch, Session session, MessageProducer producer, Destinations to) throws JMSException {
        List<Report> reports = new ArrayList<>(batch.size());
        List<Message> notText = new ArrayList<>();
        for (Message m : batch) {
            if (m instanceof TextMessage text) {
                reports.add(new Report(text, attempt(m)));
            } else {
                notText.add(m);
            }
        }
        for (Message m : notText) {
            // not a report Twilio's webhook queued (someone put it there by hand): kept as it is, beside the parked reports
            log.warn("Message {} on {} is no text message, not a status report: moved to {}", m.getJMSMessageID(), REPORTS,
                    DeliveryEmails.PARKED_REPORTS);
            producer.send(to.parked(), m);
        }
        batchTransaction.executeWithoutResult(tx -> reports.forEach(this::applyInSavepoint));
        for (Report r : reports) {
            if (r.actionDue) {
                producer.send(to.actions(), copy(session, r));
            } else if (r.parkBecause != null) {
                TextMessage parked = copy(session, r);
                parked.setStringProperty("SmsBridgeReason", r.parkBecause);
                if (r.report != null) {
                    parked.setStringProperty("SmsBridgeMessageSid", r.report.messageSid());
                }
                producer.send(to.parked(), parked);
            } else if (r.retry) {
                TextMessage again = copy(session, r);
                again.setIntProperty(ATTEMPT, r.attempt + 1);
                producer.setDeliveryDelay(redelivery.delayAfter(r.attempt).toMillis());
                try {
                    producer.send(to.reports(), again);
                } finally {
                    producer.setDeliveryDelay(0);
                }
            }
        }
        session.commit();
        batchSizes.record(batch.size());
        // a failure on the way is thrown: the broker's part goes back and the batch comes again (JmsBatchConsumers);
        // what the database kept of it is then seen as seen
    }

    /** One report in a savepoint of the batch's transaction: a report that fails takes back only its own writes. */
    private void applyInSavepoint(Report r) {
        try {
            reportSavepoint.executeWithoutResult(savepoint -> apply(r));
        } catch (RuntimeException e) {
            if (r.report == null) {
                r.parkBecause = e.getMessage() + "; report parked on " + DeliveryEmails.PARKED_REPORTS;  // retrying cannot help
            } else if (!redelivery.isLastAttempt(r.attempt)) {
                r.retry = true;
                log.info("Status {} for {} (attempt {}): {}; again in {} ms", r.report.status(), r.report.messageSid(), r.attempt,
                        e.getMessage(), redelivery.delayAfter(r.attempt).toMillis());
            } else if (e instanceof DeliveryTracker.UnknownMessageSidException) {
                r.parkBecause = tracker.unknownSidReason(r.report, r.attempt);
            } else {
                r.parkBecause = "status report not applied in " + r.attempt + " attempts, last: " + e + "; report parked on "
                        + DeliveryEmails.PARKED_REPORTS;
                log.warn("Status {} for {}: {}", r.report.status(), r.report.messageSid(), r.parkBecause);
            }
        }
    }

    private void apply(Report r) {
        try {
            r.report = tracker.fromJson(r.message.getText());
        } catch (Exception unreadable) {
            throw new IllegalArgumentException("unreadable status report (" + unreadable.getClass().getSimpleName() + ")", unreadable);
        }
        r.actionDue = tracker.apply(r.report).isActionDue();   // a report seen before is not applied again
    }

    /** Twilio's delivery is attempt 1; each put-back adds one, and so does each time the broker delivers it again. */
    private static int attempt(Message m) {
        try {
            int delivered = m.propertyExists("JMSXDeliveryCount") ? m.getIntProperty("JMSXDeliveryCount") : 1;
            return (m.propertyExists(ATTEMPT) ? m.getIntProperty(ATTEMPT) : 1) + delivered - 1;
        } catch (JMSException e) {
            return 1;
        }
    }

    /** The report's text with its group (the MessageSid); no attempt count, no reason. */
    private static TextMessage copy(Session session, Report r) throws JMSException {
        TextMessage copy = session.createTextMessage(r.message.getText());
        String group = r.message.getStringProperty("JMSXGroupID");
        if (group != null) {
            copy.setStringProperty("JMSXGroupID", group);
        }
        return copy;
    }
}
