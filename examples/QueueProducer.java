import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A producer of outbound notifications, as any JMS application writes one: a persistent TextMessage with the JSON on
 * the queue sms.outbound. Run by examples/queue-producer.sh (the JMS client comes from the project's own dependencies).
 *
 * <pre>java -cp &lt;artemis-jakarta-client classpath&gt; examples/QueueProducer.java '{"to":"+14155550123","body":"hi"}'</pre>
 */
public class QueueProducer {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: QueueProducer '<message JSON>'   (broker: ARTEMIS_URL, default tcp://localhost:61616)");
            System.exit(2);
        }
        String url = System.getenv().getOrDefault("ARTEMIS_URL", "tcp://localhost:61616");
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url,
                System.getenv("ARTEMIS_USER"), System.getenv("ARTEMIS_PASSWORD"));
             Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue("sms.outbound"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT); // survives a broker restart once sent
            TextMessage message = session.createTextMessage(args[0]);
            producer.send(message);
            System.out.println("sent " + message.getJMSMessageID() + " to sms.outbound at " + url);
        }
    }
}
