package io.smsbridge.faults;


import io.smsbridge.support.EmbeddedDefaultsForTests;
import io.smsbridge.support.ProcessStack;
import io.smsbridge.support.ProcessStack.Node;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Crashes in the middle of the work, in separate processes (see {@link ProcessStack}): the bridge killed with
 * SIGKILL while 10,000 messages are in flight and started again on the same embedded broker journal and H2 files;
 * the stand-alone broker killed and restarted under a running node. Nothing is lost and nothing is sent twice:
 * a message that was being sent when the lights went out is looked up in Twilio's list before it is sent again.
 */
class CrashRecoveryIT {

    private static final int IN_FLIGHT = Integer.getInteger("smsbridge.crash-test.messages", 10_000);

    @Test
    void aBridgeKilledWithTenThousandMessagesInFlightFinishesThemAfterARestartExactlyOnce() throws Exception {
        try (ProcessStack stack = new ProcessStack("crash-recovery")) {
            int port = EmbeddedDefaultsForTests.freePort();
            int brokerPort = EmbeddedDefaultsForTests.freePort();
            stack.startSandbox("http://localhost:" + port);
            Node node = stack.startNode("bridge", stack.nodeEnv("bridge", port, brokerPort), "--smsbridge.outbound.throttle.enabled=false");
            ProcessStack.awaitUp(node.url() + "/actuator/health", Duration.ofSeconds(180));

            String run = "crash-" + UUID.randomUUID().toString().substring(0, 8);
            ProcessStack.queue("tcp://127.0.0.1:" + brokerPort, null, null, messages(run, IN_FLIGHT));
            stack.awaitCreated(run, IN_FLIGHT / 5, Duration.ofMinutes(5));
            ProcessStack.kill(node);
            int createdAtKill = stack.created(run).size();

            Node again = stack.restart(node);
            ProcessStack.awaitUp(again.url() + "/actuator/health", Duration.ofSeconds(180));
            stack.awaitCreated(run, IN_FLIGHT, Duration.ofMinutes(10));
            Thread.sleep(3000); // anything sent twice would show up by now
            System.out.println("crash test: " + createdAtKill + " of " + IN_FLIGHT + " created when the bridge was killed");
            ProcessStack.assertOncePerMessage(stack.created(run), IN_FLIGHT);
        }
    }

    @Test
    void theBrokerKilledAndRestartedUnderARunningNodeLosesNothing() throws Exception {
        try (ProcessStack stack = new ProcessStack("broker-restart")) {
            stack.postgresSchema();
            stack.startBroker();
            int port = EmbeddedDefaultsForTests.freePort();
            stack.startSandbox("http://localhost:" + port);
            Node node = stack.startNode("bridge", stack.nodeEnv("bridge", port, 0), "--smsbridge.outbound.throttle.enabled=false");
            ProcessStack.awaitUp(node.url() + "/actuator/health", Duration.ofSeconds(180));

            String run = "broker-" + UUID.randomUUID().toString().substring(0, 8);
            ProcessStack.queue(stack.brokerUrl(), ProcessStack.BROKER_USER, ProcessStack.BROKER_PASSWORD, messages(run, 2000));
            stack.awaitCreated(run, 400, Duration.ofMinutes(3));
            stack.killBroker();
            Thread.sleep(2000);
            stack.runBroker();

            stack.awaitCreated(run, 2000, Duration.ofMinutes(6));
            Thread.sleep(3000);
            ProcessStack.assertOncePerMessage(stack.created(run), 2000);
        }
    }

    /** Half from the default number, half through the Messaging Service. */
    private static List<String> messages(String run, int count) {
        return ProcessStack.messages(run, count, i -> i % 2 == 0 ? "\"from\":\"+15005550006\""
                : "\"messagingServiceSid\":\"MG00000000000000000000000000000000\"");
    }

}
