package io.smsbridge.db;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * How long message history is kept ({@code smsbridge.retention.*}, documented in config/application.yml). The route
 * history-retention (routes/housekeeping.camel.yaml) asks each table's owner to purge what is older than
 * {@link #cutoff()}; opt-outs are never purged.
 */
@Component("historyRetention")
public class HistoryRetention {

    /**
     * @param messageHistory how long a message (outbound, with its history; inbound, with the keys that made it
     *                       once-only) is kept after it was last touched; an idempotency key can be used again after it
     * @param purgeEvery     how often the purge runs
     */
    @ConfigurationProperties("smsbridge.retention")
    public record Settings(Duration messageHistory, Duration purgeEvery) {
        public Settings {
            messageHistory = messageHistory == null ? Duration.ofDays(30) : messageHistory;
            purgeEvery = purgeEvery == null ? Duration.ofHours(1) : purgeEvery;
            if (messageHistory.isNegative() || messageHistory.isZero()) {
                throw new IllegalArgumentException("smsbridge.retention.message-history must be positive, not " + messageHistory);
            }
        }
    }

    /** Rows deleted per database transaction: a purge never holds long locks nor a large transaction. */
    public static final int ROWS_PER_TRANSACTION = 500;

    private final Settings settings;
    private final Clock clock;

    @Autowired
    public HistoryRetention(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    HistoryRetention(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** History last touched before this instant is purged. */
    public Instant cutoff() {
        return clock.instant().minus(settings.messageHistory()).truncatedTo(ChronoUnit.SECONDS);
    }
}
