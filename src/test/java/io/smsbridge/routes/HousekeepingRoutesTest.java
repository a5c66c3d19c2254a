package io.smsbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.smsbridge.broker.QueueGauges;
import io.smsbridge.console.ConsoleCharts;
import io.smsbridge.db.HistoryRetention;
import io.smsbridge.idempotency.ProcessedKeyRepository;
import io.smsbridge.inbound.InboundMessages;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.ticket.TicketBook;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/housekeeping.camel.yaml: the retention purge asks each table's owner in turn; the queue figures are refreshed;
 * the console's charts are sampled.
 */
class HousekeepingRoutesTest extends RouteFileTestSupport {

    final Instant cutoff = Instant.parse("2026-11-07T06:00:00Z");
    final HistoryRetention retention = mock(HistoryRetention.class);
    final OutboundLedger ledger = mock(OutboundLedger.class);
    final InboundMessages inbound = mock(InboundMessages.class);
    final ProcessedKeyRepository sids = mock(ProcessedKeyRepository.class);
    final ProcessedKeyRepository tokens = mock(ProcessedKeyRepository.class);
    final TicketBook tickets = mock(TicketBook.class);
    final QueueGauges queueGauges = mock(QueueGauges.class);
    final ConsoleCharts consoleCharts = mock(ConsoleCharts.class);

    @BeforeEach
    void routes() throws Exception {
        bind("historyRetention", retention);
        bind("outboundLedger", ledger);
        bind("inboundMessages", inbound);
        bind("inboundMessageSids", sids);
        bind("webhookDeliveries", tokens);
        bind("ticketBook", tickets);
        bind("queueGauges", queueGauges);
        bind("consoleCharts", consoleCharts);
        when(retention.cutoff()).thenReturn(cutoff);
        load("housekeeping.camel.yaml");
        advise("history-retention", route -> route.replaceFromWith("direct:history-retention"));
        advise("queue-gauges", route -> route.replaceFromWith("direct:queue-gauges"));
        advise("console-charts", route -> route.replaceFromWith("direct:console-charts"));
        start();
    }

    @Test
    void theRetentionPurgeAsksEveryOwnerOfHistoryWithOneCutoff() {
        when(ledger.purgeSettledBefore(cutoff)).thenReturn(3);
        when(inbound.purgeReceivedBefore(cutoff)).thenReturn(2);
        when(sids.purgeBefore(cutoff)).thenReturn(2);
        when(tokens.purgeBefore(cutoff)).thenReturn(1);
        when(tickets.purgeFiledTextsBefore(cutoff)).thenReturn(2);

        var done = template.send("direct:history-retention", e -> { });

        assertThat(done.getException()).isNull();
        assertThat(done.getVariable("outboundMessages", Integer.class)).isEqualTo(3);
        assertThat(done.getVariable("inboundKeys", Integer.class)).isEqualTo(2);
        assertThat(done.getVariable("deliveryTokens", Integer.class)).isEqualTo(1);
        verify(ledger).purgeSettledBefore(cutoff);
        verify(inbound).purgeReceivedBefore(cutoff);
        verify(tickets).purgeFiledTextsBefore(cutoff);
    }

    @Test
    void theQueueFiguresAreAskedOfTheBrokerOnTheirTimer() {
        var done = template.send("direct:queue-gauges", e -> { });

        assertThat(done.getException()).isNull();
        verify(queueGauges).refresh();
    }

    @Test
    void theConsoleChartsSampleTheMetricsOnTheirTimer() {
        var done = template.send("direct:console-charts", e -> { });

        assertThat(done.getException()).isNull();
        verify(consoleCharts).sample();
    }
}
