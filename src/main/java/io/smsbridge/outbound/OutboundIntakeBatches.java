package io.smsbridge.outbound;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsbridge.broker.JmsBatchConsumers;
import io.smsbridge.events.SmsEvents;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Takes in what producers queue on {@code sms.outbound}, in batches: for up to {@code smsbridge.outbound.intake-batch-size}
 * messages one broker transaction, one validation pass, one ledger transaction and one opt-out query
 * ({@link OutboundIntake#take}). In the batch's broker transaction each message then goes on: queued ones (and
 * duplicates still waiting) to {@code sms.send}, grouped by sender ({@link OutboundSender#toSmsSend}); invalid ones,
 * unchanged, to {@code sms.outbound.rejected} with every reason (SmsBridgeReason). One broker transaction per message
 * made the commits the cost of the intake (BENCHMARKS.md, fifteenth round).
 * <p>
 * A batch that fails (the database, the broker) is rolled back and delivered again one message at a time
 * ({@link JmsBatchConsumers}); what its first try wrote to the ledger is then found under the messages' keys.
 */
@Component
public class OutboundIntakeBatches extends JmsBatchConsumers<OutboundIntakeBatches.Destinations> {

    public static final String QUEUE = "sms.outbound";
    public static final String REJECTED = "sms.outbound.rejected";
    /** Set by the bridge on its own STOP confirmation: the MessageSid of the STOP (see OutboundIntake.Order). */
    static final String OPT_OUT_CONFIRMATION = "SmsBridgeOptOutConfirmation";

    private final OutboundIntake intake;
    private final OutboundSender sender;
    private final SmsEvents events;
    private final DistributionSummary batchSizes;

    public OutboundIntakeBatches(ConnectionFactory connectionFactory, OutboundProperties properties, OutboundIntake intake,
                                 OutboundSender sender, SmsEvents events, MeterRegistry metrics) {
        super(connectionFactory, QUEUE, properties.intakeConsumers(), properties.intakeBatchSize());
        this.intake = intake;
        this.sender = sender;
        this.events = events;
        this.batchSizes = DistributionSummary.builder("smsbridge.intake.batch.messages")
                .description("messages of sms.outbound taken in per transaction").register(metrics);
    }

    record Destinations(Queue send, Queue rejected, SmsEvents.Channel events) {
    }

    @Override
    protected Destinations connected(Connection connection, Session session) throws JMSException {
        return new Destinations(session.createQueue(OutboundSendBatches.QUEUE), session.createQueue(REJECTED),
                SmsEvents.channel(connection));
    }

    @Override
    protected void handle(List<Message> batch, Session session, MessageProducer producer, Destinations to) throws Exception {
        List<OutboundIntake.Order> orders = new ArrayList<>(batch.size());
        for (Message m : batch) {
            orders.add(new OutboundIntake.Order(text(m), m.getJMSMessageID(), m.getStringProperty(OPT_OUT_CONFIRMATION)));
        }
        List<OutboundIntake.Outcome> outcomes;
        try (SmsEvents.Publishing publishing = events.publishingThrough(to.events())) {
            outcomes = intake.take(orders);
        }
        for (int i = 0; i < outcomes.size(); i++) {
            OutboundIntake.Outcome outcome = outcomes.get(i);
            if (outcome.rejects()) {
                TextMessage rejected = session.createTextMessage(orders.get(i).payload());
                rejected.setStringProperty("SmsBridgeReason", outcome.validation().reasonText());
                rejected.setStringProperty("SmsBridgeIdempotencyKey", outcome.validation().idempotencyKey());
                producer.send(to.rejected(), rejected);
            } else if (outcome.toSend()) {
                producer.send(to.send(), sender.toSmsSend(session, outcome.message()));
            }
        }
        session.commit();
        batchSizes.record(batch.size());
    }

    /** The message's text: a TextMessage's, or a BytesMessage's as UTF-8; null for anything else (rejected as empty). */
    private static String text(Message m) throws JMSException {
        if (m instanceof TextMessage text) {
            return text.getText();
        }
        if (m instanceof BytesMessage bytes) {
            byte[] content = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(content);
            return new String(content, StandardCharsets.UTF_8);
        }
        return null;
    }
}
