package io.smsbridge.broker;

import java.util.List;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Artemis as Spring Boot starts it has only an in-VM acceptor and no redelivery policy. This adds a
 * TCP acceptor for producers in other processes, speaking CORE, AMQP 1.0, STOMP and MQTT on one port (61616 by
 * default: the protocols' own ports 5672 and 1883 are RabbitMQ's and Mosquitto's on many hosts; more acceptors on
 * other ports as configured), and, for every address, redelivery with back-off and a dead-letter queue per queue
 * ({@code DLQ.<queue>} on the dead-letter address).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ")
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded", matchIfMissing = true)
public class EmbeddedBrokerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerConfiguration.class);

    /** The queues producers write to and read from (docs/producers.md). */
    static final List<String> PRODUCER_QUEUES = List.of("sms.outbound", "sms.outbound.rejected");
    /** The topic of message events. */
    static final String EVENTS_TOPIC = "sms.events";

    @Bean
    public ArtemisConfigurationCustomizer smsBridgeBrokerCustomizer(BrokerProperties properties) {
        return configuration -> {
            addAcceptor(configuration, "tcp", properties.tcpAcceptor());
            properties.acceptors().forEach((name, acceptor) -> addAcceptor(configuration, name, acceptor));
            // The addresses producers and event readers use, declared: every protocol then finds them with the routing
            // type the bridge means, whoever comes first (a STOMP or MQTT client would otherwise create sms.outbound
            // as a topic, and an AMQP receiver sms.events as a queue).
            for (String queue : PRODUCER_QUEUES) {
                configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(queue).addRoutingType(RoutingType.ANYCAST)
                        .addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST)));
                // A STOMP SEND without destination-type would otherwise add MULTICAST to the address (Artemis' default
                // for a routing type it does not know), after which MQTT publishes to it as a topic: no queue of that
                // type, so they vanished (BrokerAcceptorsTest, mqttStillReachesSmsOutboundAfterAStompProducer).
                configuration.addAddressSetting(queue, new AddressSettings()
                        .setDefaultAddressRoutingType(RoutingType.ANYCAST).setDefaultQueueRoutingType(RoutingType.ANYCAST));
            }
            configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(EVENTS_TOPIC).addRoutingType(RoutingType.MULTICAST));
            // The parking queues, declared: an auto-created queue is deleted once empty, and then GET /api/parked,
            // which browses each, met a queue that no longer existed (500) after a release emptied one.
            for (String parking : ParkedMessages.ORIGINS.keySet()) {
                configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(parking).addRoutingType(RoutingType.ANYCAST)
                        .addQueueConfiguration(QueueConfiguration.of(parking).setRoutingType(RoutingType.ANYCAST)));
            }
            // How long the journal gathers writes before one sync: Artemis' NIO default (3.3 ms) dominates the
            // latency of every transaction commit on a disk whose sync costs a fraction of that.
            configuration.setJournalBufferTimeout_NIO((int) properties.journalBufferTimeout().toNanos());
            configuration.setJournalBufferTimeout_AIO((int) properties.journalBufferTimeout().toNanos());
            // Messages held in memory over all queues before the broker pages them to disk. Artemis' default is half
            // the heap, by its own estimate of a message's size, which is a third of what one takes in the heap: a
            // backlog of 20,000 notifications held ~70 MB (docs/performance.md, "Memory").
            configuration.setGlobalMaxSize(properties.globalMaxSize().toBytes());
            BrokerProperties.Redelivery redelivery = properties.redelivery();
            AddressSettings everyAddress = new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of(properties.deadLetterAddress()))
                    .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                    .setAutoCreateDeadLetterResources(true)
                    .setDeadLetterQueuePrefix(SimpleString.of("DLQ."))
                    .setRedeliveryDelay(redelivery.delay().toMillis())
                    .setRedeliveryMultiplier(redelivery.multiplier())
                    .setMaxRedeliveryDelay(redelivery.maxDelay().toMillis())
                    .setMaxDeliveryAttempts(redelivery.maxDeliveryAttempts())
                    // a queue reads up to two pages back into memory at a time (Artemis' default page: 10 MB)
                    .setPageSizeBytes(Math.toIntExact(properties.pageSize().toBytes()));
            configuration.addAddressSetting("#", everyAddress);
            // The sms.* queues use message groups (sms.send by sender or message id, sms.inbound by phone, sms.status
            // by MessageSid): hashing groups into buckets keeps the broker's group table bounded while a group still
            // always goes to one consumer. (Artemis merges this with the settings of "#" above.)
            configuration.addAddressSetting("sms.#", new AddressSettings().setDefaultGroupBuckets(properties.groupBuckets()));
        };
    }

    private static void addAcceptor(org.apache.activemq.artemis.core.config.Configuration configuration, String name,
                                    BrokerProperties.TcpAcceptor acceptor) {
        if (!acceptor.enabled()) {
            return;
        }
        // A client speaking none of the acceptor's protocols is refused at once (Artemis would take it for CORE and
        // wait for a packet that never comes): see UnsupportedProtocolRefusal.
        String protocols = String.join(",", acceptor.protocols()) + "," + UnsupportedProtocolRefusal.PROTOCOL;
        // STOMP's (and ActiveMQ Classic's) convention, /queue/<name> and /topic/<name>, understood as well: a client
        // written for it sends to /queue/sms.outbound and reads /topic/sms.events, and the broker takes the prefix off
        String uri = "tcp://" + acceptor.host() + ":" + acceptor.port() + "?protocols=" + protocols
                + "&anycastPrefix=/queue/&multicastPrefix=/topic/";
        try {
            configuration.addAcceptorConfiguration(name, uri);
        } catch (Exception e) {
            throw new IllegalStateException("Invalid broker acceptor " + name + ": " + uri, e);
        }
        log.info("Embedded Artemis accepts {} clients on tcp://{}:{} (acceptor '{}')", acceptor.protocols(), acceptor.host(), acceptor.port(), name);
    }
}
