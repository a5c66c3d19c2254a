package io.smsbridge.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OutboundLedgerIdsTest {

    @Test
    void idsAreVersion7UuidsThatSortByCreationTime() {
        Instant t = Instant.parse("2026-11-25T03:00:00.123Z");
        String earlier = OutboundLedger.newId(t);
        String later = OutboundLedger.newId(t.plusMillis(1));

        UUID uuid = UUID.fromString(earlier);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(t.toEpochMilli());
        assertThat(earlier).isLessThan(later); // as strings, which is how the database's index orders them
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        Instant t = Instant.now();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(OutboundLedger.newId(t));
        }
        assertThat(ids).hasSize(100_000);
    }
}
