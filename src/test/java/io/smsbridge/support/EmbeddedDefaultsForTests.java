package io.smsbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the embedded parts of a test context at free ports and a fresh directory, so test runs never collide
 * with a running bridge, each other, or the machine's own services (PostgreSQL, RabbitMQ, Mosquitto...).
 */
public class EmbeddedDefaultsForTests implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The API key of producer "billing" in the test context's keys file. */
    public static final String BILLING_API_KEY = "billing-key-of-the-tests-0001";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("sms-bridge-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> properties = new HashMap<>(Map.of(
                "SMSBRIDGE_DATA_DIR", dataDir.toString(), // broker journal and H2 as config/application.yml places them
                "smsbridge.broker.tcp-acceptor.port", String.valueOf(freePort()),
                "smsbridge.sandbox.smtp-port", String.valueOf(freePort()),
                // the throttle test's sender: the sandbox toll-free number paced at 5 segments/s
                "smsbridge.outbound.throttle.senders[+18885550100]", "5",
                // the default sender fast, so tests do not queue behind each other at a long code's 1 segment/s
                "smsbridge.outbound.throttle.senders[+15005550006]", "100",
                "smsbridge.outbound.retry.initial-delay", "100",
                "smsbridge.outbound.circuit-breaker.open-duration", "2s",
                "smsbridge.broker.redelivery.delay", "200ms",
                "smsbridge.test.data-dir", dataDir.toString()));
        properties.put("smsbridge.jira.read-timeout", "3s"); // TicketFlowIT's hung Jira
        // named producers beside the sandbox's key (OutboundBatchApiIT: the name in events and history)
        Path apiKeys = dataDir.resolve("api-keys");
        try {
            Files.writeString(apiKeys, "billing=" + BILLING_API_KEY + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.put("smsbridge.outbound.api-keys-file", apiKeys.toString());
        // receipts to the tests' own receivers on loopback, tried again quickly (ReceiptsIT)
        properties.put("smsbridge.receipts.allow-private-hosts", "true");
        properties.put("smsbridge.receipts.first-retry-after", "100");
        // a keyword that exists only in configuration: no route file, no Java (KeywordDispatchIT)
        properties.put("smsbridge.inbound.keywords.PING.endpoint", "log:io.smsbridge.test.ping");
        properties.put("smsbridge.inbound.keywords.PING.reply", "PONG $simple{body}");
        // consumers per queue other than the defaults, so ConsumerConcurrencyIT sees the settings reach the routes
        properties.put("smsbridge.outbound.intake-consumers", "5");
        properties.put("smsbridge.outbound.send-consumers", "7");
        properties.put("smsbridge.outbound.retry-consumers", "4");
        properties.put("smsbridge.delivery.consumers", "6");
        properties.put("smsbridge.delivery.action-consumers", "3");
        properties.put("smsbridge.inbound.consumers", "3");
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("embedded-defaults-for-tests", properties));
    }

    /** Ports handed out in this JVM: a port is chosen once, whether or not its server has bound it yet. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port nothing listens on, below Linux's ephemeral range (32768–60999): a port the kernel chose for us
     * (ServerSocket(0)) comes from that range, where any outgoing connection may take it before the server that was
     * to listen on it binds ("Port … was already in use" in TwoNodesIT while a benchmark ran beside the build).
     * Above 20000, clear of the services every machine runs (PostgreSQL, RabbitMQ, Redis, MariaDB, Mosquitto, NATS,
     * RabbitMQ's 25672 excepted below).
     */
    public static int freePort() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20000, 32768);
            if (port == 25672 || !HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException inUse) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32767 after 200 attempts");
    }
}
