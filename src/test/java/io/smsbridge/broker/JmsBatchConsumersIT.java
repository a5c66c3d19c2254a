package io.smsbridge.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Batches on the embedded broker: one bad message fails its batch, and then holds back only itself. */
@SmsBridgeIntegrationTest
class JmsBatchConsumersIT {

    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void aMessageThatFailsItsBatchHoldsBackOnlyItself() throws Exception {
        String queue = "test.batches." + UUID.randomUUID();
        List<String> texts = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            texts.add("good " + i);
        }
        texts.add(4, "poison");
        putInOneTransaction(queue, texts);
        List<Integer> failedBatches = Collections.synchronizedList(new ArrayList<>());
        List<Integer> committedBatches = Collections.synchronizedList(new ArrayList<>());
        List<String> handled = Collections.synchronizedList(new ArrayList<>());

        JmsBatchConsumers<Void> consumers = new JmsBatchConsumers<>(connectionFactory, queue, 1, 64) {
            @Override
            protected Void connected(Connection connection, Session session) {
                return null;
            }

            @Override
            protected void handle(List<Message> batch, Session session, MessageProducer producer, Void nothing) throws Exception {
                List<String> batchTexts = new ArrayList<>();
                for (Message m : batch) {
                    batchTexts.add(((TextMessage) m).getText());
                }
                if (batchTexts.contains("poison")) {
                    failedBatches.add(batch.size());
                    throw new IllegalStateException("cannot handle the poison");
                }
                handled.addAll(batchTexts);
                session.commit();
                committedBatches.add(batch.size());
            }
        };
        consumers.start();
        try {
            BridgeClient.await(() -> Optional.of(handled.size()).filter(n -> n == 9), Duration.ofSeconds(20), "the nine good messages");
        } finally {
            consumers.stop();
        }

        assertThat(handled).containsExactlyInAnyOrderElementsOf(texts.stream().filter(t -> !t.equals("poison")).toList());
        assertThat(failedBatches).as("the first batch held all ten").first().isEqualTo(10);
        assertThat(committedBatches).as("after it, one message at a time").containsOnly(1);
        assertThat(handled).doesNotContain("poison");
    }

    private void putInOneTransaction(String queue, List<String> texts) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            for (String text : texts) {
                producer.send(session.createTextMessage(text));
            }
            session.commit();
        }
    }
}
