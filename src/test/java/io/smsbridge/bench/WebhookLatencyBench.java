package io.smsbridge.bench;

import io.smsbridge.support.TwilioWebhookSender;
import io.smsbridge.twilio.TwilioProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop latency of signed inbound webhooks against a bare endpoint in the same process. Run by
 * bench/webhook-latency.sh.
 */
public final class WebhookLatencyBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final int WARMUP_SECONDS = Integer.parseInt(System.getenv().getOrDefault("WARMUP_SECONDS", "15"));
    private static final boolean PRINT_SLOW_REQUESTS = System.getenv("SLOW_REQUESTS") != null;
    private static final TwilioWebhookSender TWILIO = new TwilioWebhookSender(TwilioProperties.SANDBOX_AUTH_TOKEN);

    public static void main(String[] args) throws Exception {
        String bridge = args[0];
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        long bridgePid = args.length > 3 ? Long.parseLong(args[3]) : -1;
        System.out.printf("cores: %d, %d requests/s for %d s each, after %d s of warm-up of each endpoint%n",
                Runtime.getRuntime().availableProcessors(), rate, seconds, WARMUP_SECONDS);
        // Warm-up, then let the bridge finish the work the warm-up texts left (tickets, replies) and its JIT
        // compilers settle, so both endpoints are measured warm and from the same idle start.
        for (int turn = 0; turn < 2; turn++) { // in turns: the code both run through is compiled for both
            run(bridge + "/bench/bare", rate, WARMUP_SECONDS);
            run(bridge + "/twilio/inbound", rate, WARMUP_SECONDS);
        }
        waitUntilIdle(bridgePid);
        Result bare = run(bridge + "/bench/bare", rate, seconds);
        Result webhook = run(bridge + "/twilio/inbound", rate, seconds);
        System.out.println("bare platform-http endpoint: " + bare);
        System.out.println("signed /twilio/inbound:      " + webhook);
        System.out.printf("p99 webhook / bare: %.1f (targets: p99 ≤ 20 ms and ≤ 3 × bare)%n", webhook.p99 / Math.max(0.001, bare.p99));
    }

    /** Until the bridge process uses under a tenth of a core over two seconds (at most five minutes). */
    private static void waitUntilIdle(long pid) throws Exception {
        if (pid < 0) {
            return;
        }
        System.out.println("warm-up done; waiting for the bridge to finish its work");
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MINUTES.toNanos(5);
        long before = cpuTicks(pid);
        while (System.nanoTime() < deadline) {
            Thread.sleep(2000);
            long now = cpuTicks(pid);
            if (now - before < 20) { // clock ticks of 10 ms: under 0.1 core over 2 s
                break;
            }
            before = now;
        }
        System.out.printf("bridge idle after the warm-up: waited %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static long cpuTicks(long pid) throws Exception {
        return JitActivity.cpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    record Result(int requests, int errors, double p50, double p99, double max) {
        @Override
        public String toString() {
            return String.format("%d requests, %d errors, p50 %.2f ms, p99 %.2f ms, max %.2f ms", requests, errors, p50, p99, max);
        }
    }

    private static Result run(String url, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            HttpRequest request = signedWebhook(url);
            inFlight.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
                double ms = (System.nanoTime() - due) / 1e6;
                latencies.add(ms);
                if (ms > 20 && PRINT_SLOW_REQUESTS) {
                    System.out.printf("slow: %s %.1f ms %s%n", Instant.ofEpochMilli(System.currentTimeMillis() - (long) ms), ms, url);
                }
                if (error != null || response.statusCode() != 200) {
                    errors.incrementAndGet();
                }
                return null;
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(total, errors.get(), percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static HttpRequest signedWebhook(String url) {
        Map<String, String> form = TwilioWebhookSender.inboundText("+14155550199", "+15005550006", "The printer on floor 3 is jammed again");
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", TWILIO.sign(url, form))
                .header("I-Twilio-Idempotency-Token", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(TwilioWebhookSender.encode(form)))
                .build();
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private WebhookLatencyBench() {
    }
}
