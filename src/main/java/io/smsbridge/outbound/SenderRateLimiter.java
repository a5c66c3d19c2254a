package io.smsbridge.outbound;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Paces sends per sender in segments per second, the unit Twilio and the carriers count. A sliding one-second
 * window (plus a small guard against network jitter) is exact: no window ever holds more than the rate, which a
 * token bucket with a burst allowance would not promise. Camel's throttler counts exchanges, not segments.
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

    public SenderRateLimiter(OutboundProperties properties) {
        this.settings = properties.throttle();
        this.windowNanos = 1_000_000_000L + settings.guard().toNanos();
    }

    /** Blocks until {@code segments} fit into the sender's window, then takes them. */
    public void acquire(String sender, int segments) throws InterruptedException {
        if (!settings.enabled()) {
            return;
        }
        windows.computeIfAbsent(sender, s -> new Window(ratePerSecond(s))).acquire(Math.max(1, segments), windowNanos);
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

    /** One sender's recent sends: (time, segments), oldest first. */
    private static final class Window {
        private final double capacity;
        private final Deque<long[]> sends = new ArrayDeque<>();
        private double inWindow;

        Window(double capacity) {
            this.capacity = capacity;
        }

        synchronized void acquire(int segments, long windowNanos) throws InterruptedException {
            while (true) {
                long now = System.nanoTime();
                while (!sends.isEmpty() && now - sends.peekFirst()[0] >= windowNanos) {
                    inWindow -= sends.pollFirst()[1];
                }
                // A message larger than the whole rate goes alone into an empty window rather than never.
                if (inWindow + segments <= capacity || sends.isEmpty()) {
                    sends.addLast(new long[] {now, segments});
                    inWindow += segments;
                    return;
                }
                long waitNanos = windowNanos - (now - sends.peekFirst()[0]);
                log.trace("Waiting {} ms for rate window", waitNanos / 1_000_000);
                wait(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
            }
        }
    }
}
