package io.smsbridge.outbound;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Paces sends per sender in segments per second, the unit Twilio and the carriers count. A sliding one-second
 * window (plus a small guard against network jitter) is exact: no window ever holds more than the rate, which a
 * token bucket with a burst allowance would not promise. Camel's throttler counts exchanges, not segments.
 * <p>
 * A send occupies its place in the window from the moment it is reserved until the Twilio call has returned, and
 * then counts from that later moment: the request reached Twilio somewhere in between, so however long one call
 * takes, sends never crowd together at Twilio's end.
 * <p>
 * The window lives in this node. Across nodes the rate holds because all messages of one sender are one JMS
 * message group (JMSXGroupID = sender) that Artemis gives to a single consumer at a time.
 */
@Component("senderRateLimiter")
public class SenderRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(SenderRateLimiter.class);

    private final OutboundProperties.Throttle settings;
    private final long windowNanos;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;

    public SenderRateLimiter(OutboundProperties properties, MeterRegistry metrics) {
        this.settings = properties.throttle();
        this.windowNanos = 1_000_000_000L + settings.guard().toNanos();
        this.metrics = metrics;
    }

    /** A place taken in a sender's window; {@link #finished} moves it to when the send returned. */
    public static final class Reservation {
        private final Window window;
        private final long[] entry;

        private Reservation(Window window, long[] entry) {
            this.window = window;
            this.entry = entry;
        }
    }

    /** Whether sends are paced (smsbridge.outbound.throttle.enabled). */
    public boolean paces() {
        return settings.enabled();
    }

    /** Blocks until {@code segments} fit into the sender's window, then takes them. Null when pacing is off. */
    public Reservation reserve(String sender, int segments) throws InterruptedException {
        if (!settings.enabled()) {
            return null;
        }
        Window window = windows.computeIfAbsent(sender, s -> new Window(ratePerSecond(s), pacingDelay(s)));
        long start = System.nanoTime();
        long[] entry = window.acquire(Math.max(1, segments), windowNanos);
        window.delay.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return new Reservation(window, entry);
    }

    /** The send of this reservation has returned: its segments count from now. */
    public void finished(Reservation reservation) {
        if (reservation != null) {
            reservation.window.touch(reservation.entry);
        }
    }

    /** Segments per second for a sender: its own setting, else its type's (long code, toll-free, short code, service). */
    public double ratePerSecond(String sender) {
        Double own = settings.senders().get(sender);
        if (own != null) {
            return own;
        }
        String type = SenderType.of(sender);
        Double rate = settings.rates().get(type);
        if (rate == null) {
            throw new IllegalStateException("No rate for sender type " + type + " in smsbridge.outbound.throttle.rates");
        }
        return rate;
    }

    /** How long sends of one sender waited for room in its window (a sender is one of the account's, never a recipient). */
    private Timer pacingDelay(String sender) {
        return Timer.builder("smsbridge.pacing.delay")
                .description("How long a send waited for room in its sender's rate window (a long wait: more traffic than the sender's rate)")
                .tag("sender", sender)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(metrics);
    }

    /** One sender's recent sends: (time, segments), oldest first. */
    private static final class Window {
        private final double capacity;
        private final Timer delay;
        private final Deque<long[]> sends = new ArrayDeque<>();
        private double inWindow;

        Window(double capacity, Timer delay) {
            this.capacity = capacity;
            this.delay = delay;
        }

        synchronized void touch(long[] entry) {
            entry[0] = Math.max(entry[0], System.nanoTime());
        }

        synchronized long[] acquire(int segments, long windowNanos) throws InterruptedException {
            while (true) {
                long now = System.nanoTime();
                while (!sends.isEmpty() && now - sends.peekFirst()[0] >= windowNanos) {
                    inWindow -= sends.pollFirst()[1];
                }
                // A message larger than the whole rate goes alone into an empty window rather than never.
                if (inWindow + segments <= capacity || sends.isEmpty()) {
                    long[] entry = {now, segments};
                    sends.addLast(entry);
                    inWindow += segments;
                    return entry;
                }
                long waitNanos = windowNanos - (now - sends.peekFirst()[0]);
                log.trace("Waiting {} ms for rate window", waitNanos / 1_000_000);
                wait(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
            }
        }
    }
}
