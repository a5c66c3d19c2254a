package io.smsbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.support.ProcessStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Throttle accuracy: one sender configured at {@code rate} segments/s gets rate × seconds one-segment messages at once;
 * prints the rate achieved at the sandbox and the most sends in any one-second window. Run by bench/throttle-accuracy.sh.
 */
public final class ThrottleAccuracyBench {

    public static void main(String[] args) throws Exception {
        String brokerUrl = args[0];
        String sandboxUrl = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        String sender = args[4];
        int count = rate * seconds;
        System.out.printf("cores: %d, sender %s at %d segments/s, %d one-segment messages (%d s of sending)%n",
                Runtime.getRuntime().availableProcessors(), sender, rate, count, seconds);
        String run = "throttle-" + UUID.randomUUID().toString().substring(0, 8);
        ProcessStack.queue(brokerUrl, null, null, ProcessStack.messages(run, count, i -> "\"from\":\"" + sender + "\""));

        List<Instant> times = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds * 3L + 60).toNanos();
        while (System.nanoTime() < deadline) {
            times = created(sandboxUrl, run);
            if (times.size() >= count) {
                break;
            }
            Thread.sleep(500);
        }
        if (times.size() < count) {
            throw new IllegalStateException("only " + times.size() + " of " + count + " created");
        }
        double span = Duration.between(times.get(0), times.get(times.size() - 1)).toNanos() / 1e9;
        int maxWindow = io.smsbridge.support.RateWindows.maxInAnyWindow(times, Duration.ofSeconds(1));
        System.out.printf("achieved: %.2f segments/s over %.1f s (configured %d)%n", (times.size() - 1) / span, span, rate);
        System.out.printf("most sends in any 1-second window: %d (limit %d)%n", maxWindow, rate);
    }

    private static List<Instant> created(String sandboxUrl, String run) throws Exception {
        String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/admin/messages")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<Instant> times = new ArrayList<>();
        for (JsonNode m : new ObjectMapper().readTree(json)) {
            if (m.path("body").asText().startsWith(run + " ")) {
                times.add(Instant.parse(m.path("dateCreated").asText()));
            }
        }
        times.sort(null);
        return times;
    }

    private ThrottleAccuracyBench() {
    }
}
