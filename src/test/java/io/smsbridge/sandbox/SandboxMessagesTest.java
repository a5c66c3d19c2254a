package io.smsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sandbox keeps only its newest messages: it shares the bridge's small heap when it runs inside it. */
class SandboxMessagesTest {

    final SandboxMessages messages = new SandboxMessages(Clock.systemUTC(), 3);

    @Test
    void theOldestMessagesGoFirstAndTheCountersKeepCounting() {
        List<String> sids = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> messages.create("AC1", "outbound-api", "+15005550006", "+15005550010", null, "text " + i,
                        List.of(), "queued", null).sid())
                .toList();

        assertThat(messages.list(m -> true, null, 10)).extracting(SandboxMessage.Snapshot::sid)
                .containsExactly(sids.get(4), sids.get(3), sids.get(2));
        assertThat(messages.get(sids.get(0))).isNull();
        assertThat(messages.get(sids.get(1))).isNull();
        assertThat(messages.get(sids.get(2))).isNotNull();
        assertThat(messages.outboundCreated()).isEqualTo(5);
    }
}
