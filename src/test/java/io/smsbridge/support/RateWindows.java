package io.smsbridge.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Rate checks on send times: how many fall in the busiest window of a given length. */
public final class RateWindows {

    private RateWindows() {
    }

    /** The most of {@code sorted} (ascending) inside any window of length {@code window}. */
    public static int maxInAnyWindow(List<Instant> sorted, Duration window) {
        int max = 0;
        for (int start = 0, end = 0; start < sorted.size(); start++) {
            while (end < sorted.size() && Duration.between(sorted.get(start), sorted.get(end)).compareTo(window) < 0) {
                end++;
            }
            max = Math.max(max, end - start);
        }
        return max;
    }
}
