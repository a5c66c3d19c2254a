package io.smsbridge.deploy;

import static io.smsbridge.support.BridgeClient.newPhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Every producer in examples/ run as a user runs it, against the running bridge's embedded broker and sandbox: each
 * queues one message and waits for it to be sent, then runs again with the same key and is told it is a duplicate;
 * the sandbox phone gets the message exactly once. The clients are installed as a user installs them (.ci/run: npm ci
 * in examples/, Debian's python3-qpid-proton); where they are missing outside CI the example is skipped, saying why.
 */
@SmsBridgeIntegrationTest
class ExamplesIT {

    @Value("${smsbridge.broker.tcp-acceptor.port}")
    int brokerPort;
    @Autowired
    BridgeClient bridge;

    @ParameterizedTest
    @ValueSource(strings = {"amqp-producer.js", "mqtt-producer.js", "amqp-producer.py", "stomp-producer.sh", "http-producer.sh", "queue-producer.sh"})
    void anExampleSendsOnceAndIsToldOfTheDuplicate(String example) throws Exception {
        List<String> command = switch (example) {
            case "amqp-producer.js", "mqtt-producer.js" -> {
                required(Files.isDirectory(Path.of("examples/node_modules/rhea")) && Files.isDirectory(Path.of("examples/node_modules/mqtt")),
                        "the Node examples' clients: npm ci --prefix examples");
                yield List.of("node", "examples/" + example);
            }
            case "amqp-producer.py" -> {
                required(run(List.of("/usr/bin/python3", "-c", "import proton"), Map.of()).status() == 0,
                        "python-qpid-proton: apt-get install python3-qpid-proton");
                yield List.of("/usr/bin/python3", "examples/" + example);
            }
            default -> List.of("bash", "examples/" + example);
        };
        String to = newPhone();
        String key = "example-" + example + "-" + UUID.randomUUID();
        String json = "{\"to\":\"" + to + "\",\"body\":\"from " + example + "\",\"idempotencyKey\":\"" + key + "\"}";
        Map<String, String> env = Map.of(
                "BROKER_PORT", String.valueOf(brokerPort),
                "ARTEMIS_URL", "tcp://127.0.0.1:" + brokerPort,
                "BRIDGE_URL", bridge.baseUrl());

        Result first = run(append(command, json), env);
        assertThat(first.status()).as("%s exit status; it printed:%n%s", example, first.output()).isZero();
        assertThat(first.output()).containsAnyOf("sent", "delivered"); // by the time it looks, it may be delivered already
        Result again = run(append(command, json), env);
        assertThat(again.status()).as("%s again, exit status; it printed:%n%s", example, again.output()).isZero();

        assertThat(bridge.atSandbox(to)).as("messages to %s at the sandbox", to).hasSize(1);
    }

    @org.junit.jupiter.api.Test
    void theBatchExampleSendsEachOnceAndIsToldOfTheDuplicates() throws Exception {
        String first = newPhone();
        String second = newPhone();
        String run = UUID.randomUUID().toString();
        String batch = "{\"messages\":[{\"to\":\"" + first + "\",\"body\":\"one\",\"idempotencyKey\":\"batch-example-1-" + run + "\"},"
                + "{\"to\":\"" + second + "\",\"body\":\"two\",\"idempotencyKey\":\"batch-example-2-" + run + "\"}]}";
        Map<String, String> env = Map.of("BRIDGE_URL", bridge.baseUrl());

        Result sent = run(List.of("bash", "examples/http-batch-producer.sh", batch), env);
        assertThat(sent.status()).as("it printed:%n%s", sent.output()).isZero();
        assertThat(sent.output()).contains("message 0: accepted", "message 1: accepted");
        Result again = run(List.of("bash", "examples/http-batch-producer.sh", batch), env);
        assertThat(again.status()).as("it printed:%n%s", again.output()).isZero();
        assertThat(again.output()).contains("message 0: duplicate", "message 1: duplicate");

        assertThat(bridge.atSandbox(first)).hasSize(1);
        assertThat(bridge.atSandbox(second)).hasSize(1);
    }

    private static void required(boolean available, String what) {
        // CI installs every client (.ci/run sets CI): a missing one there is a failure, not a skip
        if (System.getenv("CI") != null) {
            assertThat(available).as("installed: %s", what).isTrue();
        }
        assumeTrue(available, "not installed: " + what);
    }

    record Result(int status, String output) {
    }

    private static List<String> append(List<String> command, String argument) {
        return java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of(argument)).toList();
    }

    private static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Path output = Files.createTempFile("example-", ".log");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, Files.readString(output, StandardCharsets.UTF_8) + "\n(killed after 120 s)");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
