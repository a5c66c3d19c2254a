package io.smsbridge.broker;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code smsbridge.broker.*}: what the embedded Artemis adds to Spring Boot's defaults. Documented in
 * {@code config/application.yml}. With an external broker these settings belong in its broker.xml instead.
 */
@ConfigurationProperties("smsbridge.broker")
public record BrokerProperties(TcpAcceptor tcpAcceptor, Map<String, TcpAcceptor> acceptors, Redelivery redelivery,
                               String deadLetterAddress, Duration journalBufferTimeout, Integer groupBuckets,
                               DataSize globalMaxSize, DataSize pageSize) {

    /** What a producer may speak to the embedded broker unless configured otherwise: every protocol it ships with. */
    public static final List<String> ALL_PROTOCOLS = List.of("CORE", "AMQP", "STOMP", "MQTT");

    public BrokerProperties {
        acceptors = acceptors == null ? Map.of() : acceptors;
        groupBuckets = groupBuckets == null ? 256 : groupBuckets;
        journalBufferTimeout = journalBufferTimeout == null ? Duration.ofNanos(500_000) : journalBufferTimeout;
        tcpAcceptor = tcpAcceptor == null ? new TcpAcceptor(true, "127.0.0.1", 61616, null) : tcpAcceptor;
        redelivery = redelivery == null ? new Redelivery(null, null, null, null) : redelivery;
        deadLetterAddress = deadLetterAddress == null || deadLetterAddress.isBlank() ? "DLA" : deadLetterAddress;
        globalMaxSize = globalMaxSize == null ? DataSize.ofMegabytes(16) : globalMaxSize;
        pageSize = pageSize == null ? DataSize.ofMegabytes(1) : pageSize;
    }

    /**
     * A TCP acceptor so producers in other processes can reach the embedded broker, speaking any of {@code protocols}
     * on the one port (Artemis tells them apart by a connection's first bytes).
     */
    public record TcpAcceptor(boolean enabled, String host, int port, List<String> protocols) {
        public TcpAcceptor {
            host = host == null || host.isBlank() ? "127.0.0.1" : host;
            protocols = protocols == null || protocols.isEmpty() ? ALL_PROTOCOLS
                    : protocols.stream().map(p -> p.trim().toUpperCase(Locale.ROOT)).filter(p -> !p.isEmpty()).distinct().toList();
            for (String protocol : protocols) {
                if (!ALL_PROTOCOLS.contains(protocol)) {
                    throw new IllegalArgumentException("Unknown broker protocol '" + protocol + "': the embedded broker speaks " + ALL_PROTOCOLS);
                }
            }
        }
    }

    /** Redelivery of messages whose transacted consumer rolled back, before they go to the dead-letter queue. */
    public record Redelivery(Duration delay, Double multiplier, Duration maxDelay, Integer maxDeliveryAttempts) {
        public Redelivery {
            delay = delay == null ? Duration.ofSeconds(1) : delay;
            multiplier = multiplier == null ? 2.0 : multiplier;
            maxDelay = maxDelay == null ? Duration.ofMinutes(1) : maxDelay;
            maxDeliveryAttempts = maxDeliveryAttempts == null ? 6 : maxDeliveryAttempts;
        }

        /**
         * Whether delivery {@code attempt} (JMSXDeliveryCount, 1 on the first) is the broker's last: a consumer that
         * rolls it back sends it to the dead-letter queue, without a reason, so the routes park it themselves.
         */
        public boolean isLastAttempt(Integer attempt) {
            return attempt != null && attempt >= maxDeliveryAttempts;
        }

        /** How long the broker waits before delivering again after attempt {@code attempt}: the back-off above. */
        public Duration delayAfter(int attempt) {
            double millis = delay.toMillis() * Math.pow(multiplier, attempt - 1);
            return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
        }
    }
}
