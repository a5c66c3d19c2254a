package io.smsbridge.sandbox;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Faults the sandbox's Twilio REST API injects before handling a request: a share of 5xx answers, bursts of 429
 * (Twilio error 20429, never processed) and added latency. Starts from {@code smsbridge.sandbox.faults}; tests and
 * benchmarks change it at run time through {@code /sandbox/admin/faults}.
 */
@Component
@ConditionalOnSandbox
public class SandboxFaults {

    /**
     * @param serverErrorRate     share of requests (0.0–1.0) answered with {@code serverErrorStatus}, unprocessed
     * @param serverErrorStatus   500 or 503 (default 503)
     * @param tooManyRequests     the next N requests are answered 429 / 20429
     * @param latencyMillis       added to every request
     * @param failAfterCreateRate share of message creates that succeed but are answered 500, as when Twilio's answer
     *                            is lost: the message exists although the client saw an error
     */
    public record Settings(Double serverErrorRate, Integer serverErrorStatus, Integer tooManyRequests, Integer latencyMillis,
                           Double failAfterCreateRate) {
        public static final Settings NONE = new Settings(0.0, 503, 0, 0, 0.0);

        public Settings {
            serverErrorRate = serverErrorRate == null ? 0.0 : serverErrorRate;
            serverErrorStatus = serverErrorStatus == null ? 503 : serverErrorStatus;
            tooManyRequests = tooManyRequests == null ? 0 : tooManyRequests;
            latencyMillis = latencyMillis == null ? 0 : latencyMillis;
            failAfterCreateRate = failAfterCreateRate == null ? 0.0 : failAfterCreateRate;
            if (failAfterCreateRate < 0 || failAfterCreateRate > 1) {
                throw new IllegalArgumentException("failAfterCreateRate must be between 0 and 1");
            }
            if (serverErrorRate < 0 || serverErrorRate > 1) {
                throw new IllegalArgumentException("serverErrorRate must be between 0 and 1");
            }
            if (serverErrorStatus < 500 || serverErrorStatus > 599) {
                throw new IllegalArgumentException("serverErrorStatus must be a 5xx status");
            }
        }
    }

    /** What to answer instead of handling the request, or null to handle it. */
    public record Fault(int status, int code, String message) {
    }

    private final AtomicReference<Settings> settings = new AtomicReference<>();
    private final AtomicInteger tooManyRequestsLeft = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();

    public SandboxFaults(SandboxProperties properties) {
        set(properties.faults());
    }

    public void set(Settings newSettings) {
        settings.set(newSettings);
        tooManyRequestsLeft.set(newSettings.tooManyRequests());
    }

    /** The settings in force, with {@code tooManyRequests} as the number of 429s still to come. */
    public Settings current() {
        Settings s = settings.get();
        return new Settings(s.serverErrorRate(), s.serverErrorStatus(), tooManyRequestsLeft.get(), s.latencyMillis(),
                s.failAfterCreateRate());
    }

    /** Whether this successful create is answered with a 500 anyway. */
    public boolean failAfterCreate() {
        double rate = settings.get().failAfterCreateRate();
        return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
    }

    /** Requests the Twilio API has received since start: lets tests and benchmarks see every attempt, retries included. */
    public long requestCount() {
        return requests.get();
    }

    /** Sleeps for the configured latency, then decides whether this request fails. */
    public Fault before() throws InterruptedException {
        requests.incrementAndGet();
        Settings s = settings.get();
        if (s.latencyMillis() > 0) {
            Thread.sleep(s.latencyMillis());
        }
        if (tooManyRequestsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new Fault(429, 20429, "Too Many Requests");
        }
        if (s.serverErrorRate() > 0 && ThreadLocalRandom.current().nextDouble() < s.serverErrorRate()) {
            return new Fault(s.serverErrorStatus(), 20500, "Internal Server Error (injected by the sandbox)");
        }
        return null;
    }
}
