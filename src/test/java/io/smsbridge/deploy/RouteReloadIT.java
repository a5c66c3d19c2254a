package io.smsbridge.deploy;

import static io.smsbridge.support.EmbeddedDefaultsForTests.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.support.ProcessStack;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documented dev profile, in a bridge process on a copy of routes/: each route file edited in turn (a harmless
 * change) replaces that file's routes and nothing else; afterwards every flow still works and health is UP. An edit
 * that does not parse, or whose routes cannot start, is refused and the previous routes keep running.
 */
class RouteReloadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void editingEachRouteFileInARunningBridgeKeepsEveryFlowWorking() throws Exception {
        try (ProcessStack stack = new ProcessStack("route-reload")) {
            Path routes = Files.createDirectories(stack.work().resolve("routes"));
            List<Path> files;
            try (Stream<Path> originals = Files.list(Path.of("routes"))) {
                files = originals.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList();
            }
            for (Path f : files) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
            Map<String, String> env = stack.embeddedEnv(freePort());
            env.put("SPRING_PROFILES_ACTIVE", "dev");
            env.put("SMSBRIDGE_ROUTES_DIR", routes.toString());
            // the reloader's own lines, which the tests' logback configuration keeps out of the log otherwise
            ProcessStack.Node node = stack.startNode("bridge", env, "--logging.level.org.apache.camel.support=INFO",
                    "--logging.level.org.apache.camel.support.FileWatcherResourceReloadStrategy=DEBUG",
                    "--logging.level.io.smsbridge.routes=INFO");
            ProcessStack.awaitUp(node.url() + "/actuator/health/readiness", Duration.ofSeconds(120));
            Path log = stack.work().resolve("bridge.log");
            int routeCount = routeIds(node).size();

            for (Path f : files) {
                String name = f.getFileName().toString();
                int seenBefore = count(log, "Accepted Modified/Created file: " + routes.resolve(name));
                int reloadsBefore = count(log, "Routes reloaded summary");
                Files.writeString(routes.resolve(name), "\n# edited by RouteReloadIT\n", StandardOpenOption.APPEND);
                await(() -> count(log, "Accepted Modified/Created file: " + routes.resolve(name)) > seenBefore, "the reloader to see " + name);
                if (Files.readString(f).contains("- route:")) {   // a file of route configurations only has no routes to restart
                    await(() -> count(log, "Routes reloaded summary") > reloadsBefore, "the reload of " + name);
                }
                await(() -> "UP".equals(status(node)), "health UP after editing " + name);
            }
            assertThat(Files.readString(log)).as("the reloads' log").doesNotContain("duplicate route id", "Error reloading routes");
            assertThat(routeIds(node)).as("routes after every file was edited once").hasSize(routeCount);
            everyFlowWorks(node);

            // a file that no longer parses: refused, and its routes (ONCALL, ACK) keep running
            Files.writeString(routes.resolve("keyword-examples.camel.yaml"), "- route:\n    id: [broken\n", StandardOpenOption.APPEND);
            await(() -> count(log, "Error reloading routes from file: " + routes.resolve("keyword-examples.camel.yaml")) > 0,
                    "the refused reload logged");
            assertThat(routeIds(node)).hasSize(routeCount);
            assertThat(status(node)).isEqualTo("UP");
            everyFlowWorks(node);

            // a file that parses but whose route cannot start: refused too, and the file's previous routes run again
            Path examples = routes.resolve("keyword-examples.camel.yaml");
            String original = Files.readString(Path.of("routes", "keyword-examples.camel.yaml"));
            Files.writeString(examples, original.replace("- setBody:\n            simple: \"On call now: {{smsbridge.oncall.now}}\"",
                    "- bean:\n            ref: noSuchBean\n            method: hello"));
            await(() -> count(log, "Refused the edit of") > 0, "the refused start logged");
            assertThat(Files.readString(log)).contains("keyword-oncall");
            // one save can reach the watcher as two events: each is refused the same way, so wait for the second too
            await(() -> "UP".equals(status(node)) && routeIds(node).size() == routeCount, "health UP, every route back");
            String phone = "+1415556" + String.format("%04d", (int) (Math.random() * 10000));
            text(node, phone, "ONCALL");
            await(() -> received(node, phone).stream().anyMatch(b -> b.startsWith("On call now")), "ONCALL answered by the previous route");
            int reloadsBefore = count(log, "Routes reloaded summary");
            Files.writeString(examples, original);
            await(() -> count(log, "Routes reloaded summary") > reloadsBefore, "the repaired file reloaded");
            await(() -> "UP".equals(status(node)), "health UP again");
            assertThat(routeIds(node)).hasSize(routeCount);
        }
    }

    /** An HTTP notification is sent; a text to the bridge gets the HELP answer and a ticket. */
    private void everyFlowWorks(ProcessStack.Node node) throws Exception {
        String key = "reload-" + UUID.randomUUID();
        String phone = "+1415555" + String.format("%04d", (int) (Math.random() * 10000));
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/messages"))
                .header("X-Api-Key", "sandbox-api-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + phone + "\",\"body\":\"after the edits\",\"idempotencyKey\":\""
                        + key + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String id = JSON.readTree(sent.body()).get("id").asText();
        await(() -> get(node, "/api/messages/" + id).path("status").asText().matches("sent|delivered"), "the notification sent");

        text(node, phone, "HELP");
        await(() -> received(node, phone).stream().anyMatch(b -> b.contains("help")), "the HELP answer");
        text(node, phone, "The printer on floor 3 is broken");
        await(() -> received(node, phone).stream().anyMatch(b -> b.matches("(?s).*[A-Z]+-\\d+.*")), "the ticket key");
    }

    private void text(ProcessStack.Node node, String phone, String body) throws Exception {
        String form = "to=" + URLEncoder.encode("+15005550006", StandardCharsets.UTF_8) + "&body=" + URLEncoder.encode(body, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/sandbox/phones/" + phone + "/send"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    }

    private List<String> received(ProcessStack.Node node, String phone) throws Exception {
        JsonNode messages = get(node, "/sandbox/phones/" + phone + "/messages");
        return Stream.iterate(0, i -> i < messages.size(), i -> i + 1).map(messages::get)
                .filter(m -> "received".equals(m.path("direction").asText())).map(m -> m.path("body").asText()).toList();
    }

    private List<String> routeIds(ProcessStack.Node node) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("camel_routes_running_routes")).toList();
    }

    private JsonNode get(ProcessStack.Node node, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).header("X-Api-Key", "sandbox-api-key").build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private String status(ProcessStack.Node node) {
        try {
            return get(node, "/actuator/health").path("status").asText();
        } catch (Exception e) {
            return "none";
        }
    }

    private static int count(Path log, String text) throws Exception {
        return (int) Files.readString(log).lines().filter(l -> l.contains(text)).count();
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
