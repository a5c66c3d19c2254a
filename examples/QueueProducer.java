import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.Set;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A producer of outbound notifications, as any JMS application writes one: a persistent TextMessage with the JSON on
 * the queue sms.outbound; then it waits for what became of the message on the topic sms.events. Run by
 * examples/queue-producer.sh (the JMS client comes from the project's own dependencies).
 *
 * <pre>java -cp &lt;artemis-jakarta-client classpath&gt; examples/QueueProducer.java '{"to":"+14155550123","body":"hi","idempotencyKey":"k-1"}'</pre>
 *
 * Exit status: 0 once the message is sent (or was already, a duplicate), 1 if it will not be, 2 on a usage error.
 */
public class QueueProducer {

    private static final Set<String> NOT_SENT = Set.of("rejected", "suppressed", "failed", "parked");

    public static void main(String[] args) throws Exception {
        String key = args.length == 1 ? new ObjectMapper().readTree(args[0]).path("idempotencyKey").asText(null) : null;
        if (key == null) {
            System.err.println("usage: QueueProducer '<message JSON with an idempotencyKey>'   (broker: ARTEMIS_URL, default tcp://localhost:61616)");
            System.exit(2);
        }
        String url = System.getenv().getOrDefault("ARTEMIS_URL", "tcp://localhost:61616");
        long waitMillis = Long.parseLong(System.getenv().getOrDefault("WAIT_SECONDS", "30")) * 1000;
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url,
                System.getenv("ARTEMIS_USER"), System.getenv("ARTEMIS_PASSWORD"));
             Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            // listen first, so the outcome cannot pass before we are there
            MessageConsumer events = session.createConsumer(session.createTopic("sms.events"));
            MessageProducer producer = session.createProducer(session.createQueue("sms.outbound"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT); // on the broker's disk before send() returns
            TextMessage message = session.createTextMessage(args[0]);
            producer.send(message);
            System.out.println("queued " + key + " on sms.outbound at " + url);

            long deadline = System.currentTimeMillis() + waitMillis;
            while (System.currentTimeMillis() < deadline) {
                TextMessage next = (TextMessage) events.receive(Math.max(1, deadline - System.currentTimeMillis()));
                JsonNode event = next == null ? null : new ObjectMapper().readTree(next.getText());
                if (event == null || !key.equals(event.path("idempotencyKey").asText())) {
                    continue;
                }
                String type = event.path("type").asText();
                if (type.equals("sent") || type.equals("duplicate")) {
                    System.out.println(type + " " + key + " " + event.path("messageSid").asText(event.path("reason").asText()));
                    return;
                }
                if (NOT_SENT.contains(type)) {
                    System.err.println(type + " " + key + ": " + event.path("reason").asText(event.path("errorCode").asText()));
                    System.exit(1);
                }
            }
            System.err.println("no outcome for " + key + " within " + waitMillis / 1000 + " s");
            System.exit(1);
        }
    }
}
