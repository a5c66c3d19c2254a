package io.smsbridge.deploy;

import static io.smsbridge.support.EmbeddedDefaultsForTests.freePort;
import static io.smsbridge.support.ScriptedHttpServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.support.ProcessStack;
import io.smsbridge.support.ScriptedHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bridge as a process, started and stopped as an operator does: health says UP only once it has started whole (the
 * sender check waited out a Twilio that answered 502 first), start-up polls log no warnings, a SIGTERM closes the
 * database cleanly (no in-use marker left) and the next start checks nothing.
 */
class StartAndStopIT {

    private static final String SMS_NUMBER = "{\"incoming_phone_numbers\":[{\"sid\":\"PN00000000000000000000000000000001\","
            + "\"phone_number\":\"+15005550006\",\"capabilities\":{\"sms\":true,\"mms\":true,\"voice\":true}}],"
            + "\"uri\":\"/2010-04-01/Accounts/AC00000000000000000000000000000000/IncomingPhoneNumbers.json\","
            + "\"page\":0,\"page_size\":50,\"next_page_uri\":null}";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthIsUpOnlyWhenStartedAndAStopClosesTheDatabase() throws Exception {
        try (ProcessStack stack = new ProcessStack("start-and-stop");
             ScriptedHttpServer twilio = new ScriptedHttpServer(
                     new ScriptedHttpServer.Answer(502, "text/html", "<h1>Bad Gateway</h1>"), json(503, ""), json(200, SMS_NUMBER))) {
            Map<String, String> env = stack.embeddedEnv(freePort());
            env.put("TWILIO_API_BASE_URL", twilio.url()); // the sender check meets a Twilio that is down at first
            ProcessStack.Node node = stack.startNode("bridge", env);

            List<String> statusesSeen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                String status = topLevelStatus(node.url());
                statusesSeen.add(status + "@" + twilio.received().size());
                if ("UP".equals(status)) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(statusesSeen.get(statusesSeen.size() - 1)).as("health at last").startsWith("UP");
            assertThat(statusesSeen).as("UP only once the sender check had its answer (third request)")
                    .filteredOn(s -> s.startsWith("UP")).allMatch(s -> Integer.parseInt(s.substring(3)) >= 3);
            assertThat(statusesSeen).as("health polled while starting").anyMatch(s -> !s.startsWith("UP") && !s.startsWith("none"));

            node.process().destroy(); // SIGTERM
            assertThat(node.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            Path log = stack.work().resolve("bridge.log");
            assertThat(Files.list(stack.work().resolve("data").resolve("db")).map(p -> p.getFileName().toString()))
                    .as("database files after a clean stop").contains("smsbridge.mv.db").doesNotContain("smsbridge.in-use");
            String firstRun = Files.readString(log);
            assertThat(firstRun).contains("Sender check: Twilio unavailable for the lookup of the account's number +15005550006 "
                    + "(HTTP 502 from api.twilio.com, not a Twilio error: 'Bad Gateway')");
            assertThat(firstRun.lines().filter(l -> l.contains(" WARN ")))
                    .as("warnings of the first run").noneMatch(l -> l.contains("HealthIndicator") || l.contains("is shutting down"));

            ProcessStack.Node again = stack.restart(node);
            ProcessStack.awaitUp(again.url() + "/actuator/health/readiness", Duration.ofSeconds(120));
            String secondRun = Files.readString(log).substring(firstRun.length());
            assertThat(secondRun).doesNotContain("was not closed by the last run");
        }
    }

    /** The top-level status of /actuator/health (not a component's), or "none" while nothing answers. */
    private String topLevelStatus(String url) throws InterruptedException {
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(health.body()).path("status").asText("none");
        } catch (java.io.IOException notYet) {
            return "none";
        }
    }
}
