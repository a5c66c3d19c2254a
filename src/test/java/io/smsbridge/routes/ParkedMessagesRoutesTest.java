package io.smsbridge.routes;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.smsbridge.broker.ParkedMessages;
import io.smsbridge.outbound.OutboundApi;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** routes/parked-messages.camel.yaml: the operator's list, release and discard, behind the API key. */
class ParkedMessagesRoutesTest extends RouteFileTestSupport {

    final OutboundApi api = mock(OutboundApi.class);
    final ParkedMessages parked = mock(ParkedMessages.class);

    @BeforeEach
    void routes() throws Exception {
        bind("outboundApi", api);
        bind("parkedMessages", parked);
        when(api.isAuthorized("right-key")).thenReturn(true);
        load("parked-messages.camel.yaml");
        advise("parked-list", route -> route.replaceFromWith("direct:get-parked"));
        advise("parked-release-or-discard", route -> route.replaceFromWith("direct:post-parked"));
        start();
    }

    @Test
    void releaseAndDiscardNameTheirQueueAndMessage() {
        post("right-key", "sms.send.dead-letter", "release", null);
        post("right-key", "sms.status.dead-letter", "discard", "ID:42");
        post("right-key", "sms.send.dead-letter", "shred", null);

        verify(parked).release(any(Exchange.class), eq("sms.send.dead-letter"), isNull());
        verify(parked).discard(any(Exchange.class), eq("sms.status.dead-letter"), eq("ID:42"));
        verify(parked).unknownAction(any(Exchange.class), eq("shred"));
    }

    @Test
    void nothingMovesWithoutTheApiKey() {
        post("wrong", "sms.send.dead-letter", "release", null);
        template.send("direct:get-parked", e -> e.getIn().setHeader("X-Api-Key", "wrong"));

        verify(parked, never()).release(any(), any(), any());
        verify(parked, never()).list(any());
        verify(api, org.mockito.Mockito.times(2)).unauthorized(any(Exchange.class));
    }

    private void post(String key, String queue, String action, String id) {
        template.send("direct:post-parked", e -> {
            e.getIn().setHeader("X-Api-Key", key);
            e.getIn().setHeader("queue", queue);
            e.getIn().setHeader("action", action);
            e.getIn().setHeader("id", id);
        });
    }
}
