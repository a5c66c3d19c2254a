package io.smsbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.smsbridge.broker.ParkedMessages;
import io.smsbridge.broker.batch.JmsBatchComponent;
import io.smsbridge.outbound.OutboundApi;
import jakarta.jms.ConnectionFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.NamedNode;
import org.apache.camel.spi.Policy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/parked-messages.camel.yaml: the operator's list, release and discard behind the API key; a release takes the
 * parked messages one by one and sends each to its origin without its reason, a discard takes one. The broker is left
 * out: the takes and sends of jms-batch: are answered here, one broker transaction is a pass-through.
 */
class ParkedMessagesRoutesTest extends RouteFileTestSupport {

    final OutboundApi api = mock(OutboundApi.class);
    final ParkedMessages parked = mock(ParkedMessages.class);
    /** What the parking queue holds, taken first to last. */
    final Deque<Map<String, Object>> parking = new ArrayDeque<>();
    /** What was sent on: (uri, headers, body). */
    final List<Object[]> sent = new ArrayList<>();
    final List<String> takes = new ArrayList<>();

    @BeforeEach
    void routes() throws Exception {
        bind("outboundApi", api);
        bind("parkedMessages", parked);
        bind("jms-batch", new JmsBatchComponent(mock(ConnectionFactory.class)));   // endpoints made, never connected
        bind("oneBrokerTransaction", new Policy() {
            @Override
            public void beforeWrap(Route route, NamedNode definition) {
            }

            @Override
            public org.apache.camel.Processor wrap(Route route, org.apache.camel.Processor processor) {
                return processor;
            }
        });
        when(api.isAuthorized("right-key")).thenReturn(true);
        load("parked-messages.camel.yaml");
        advise("parked-list", route -> route.replaceFromWith("direct:get-parked"));
        advise("parked-release-or-discard", route -> route.replaceFromWith("direct:post-parked"));
        for (String id : List.of("parked-release", "parked-discard")) {
            advise(id, route -> route.interceptSendToEndpoint("jms-batch:*").skipSendToOriginalEndpoint().process(this::broker));
        }
        start();
    }

    /** A take answers the next parked message (or none); a send is recorded. */
    private void broker(Exchange exchange) {
        String uri = exchange.getProperty(Exchange.INTERCEPTED_ENDPOINT, String.class);
        if (uri.contains("take=true")) {
            takes.add(java.net.URLDecoder.decode(uri, java.nio.charset.StandardCharsets.UTF_8));
            Map<String, Object> next = parking.poll();
            exchange.getMessage().setHeader("CamelJmsBatchTaken", next != null);
            if (next != null) {
                exchange.getMessage().setBody(next.get("body"));
                next.forEach((k, v) -> { if (!k.equals("body")) exchange.getMessage().setHeader(k, v); });
            }
        } else {
            sent.add(new Object[] {uri, Map.copyOf(exchange.getMessage().getHeaders()), exchange.getMessage().getBody()});
        }
    }

    @Test
    void releaseTakesEveryParkedMessageAndSendsItToItsOriginWithoutItsReason() {
        parking.add(Map.of("body", "{\"id\":\"a\"}", "SmsBridgeReason", "Twilio down", "JMSXGroupID", "+15005550006", "SmsBridgeIdempotencyKey", "k1"));
        parking.add(Map.of("body", "{\"id\":\"b\"}", "SmsBridgeReason", "Twilio down", "JMSXGroupID", "+15005550006"));

        Exchange done = template.send("direct:parked-release", e -> {
            e.setVariable("queue", "sms.send.dead-letter");
            e.setVariable("origin", "sms.send");
        });

        assertThat(done.getException()).isNull();
        assertThat(done.getVariable("released", Integer.class)).isEqualTo(2);
        assertThat(takes).hasSize(3).allSatisfy(uri -> assertThat(uri).contains("sms.send.dead-letter", "JMSMessageID IS NOT NULL"));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)[0]).isEqualTo("jms-batch://sms.send");
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) sent.get(0)[1];
        assertThat(first).containsEntry("JMSXGroupID", "+15005550006").containsEntry("SmsBridgeIdempotencyKey", "k1")
                .doesNotContainKey("SmsBridgeReason");
        @SuppressWarnings("unchecked")
        Map<String, Object> second = (Map<String, Object>) sent.get(1)[1];
        assertThat(second).as("nothing of the message before").doesNotContainKey("SmsBridgeIdempotencyKey");
        assertThat(sent.get(1)[2]).isEqualTo("{\"id\":\"b\"}");
    }

    @Test
    void releaseOfOneIdTakesOnlyThatOne() {
        parking.add(Map.of("body", "x", "SmsBridgeReason", "r"));
        parking.add(Map.of("body", "y", "SmsBridgeReason", "r"));

        Exchange done = template.send("direct:parked-release", e -> {
            e.setVariable("queue", "sms.inbound.dead-letter");
            e.setVariable("origin", "sms.inbound");
            e.setVariable("id", "ID:42");
        });

        assertThat(done.getVariable("released", Integer.class)).isEqualTo(1);
        assertThat(takes).singleElement().asString().contains("sms.inbound.dead-letter", "ID:42");
        assertThat(parking).hasSize(1);
    }

    @Test
    void discardTakesTheOneMessageAndSendsNothing() {
        parking.add(Map.of("body", "x", "SmsBridgeReason", "r", "SmsBridgeMessageSid", "SM1"));

        Exchange done = template.send("direct:parked-discard", e -> {
            e.setVariable("queue", "sms.status.dead-letter");
            e.setVariable("id", "ID:7");
        });

        assertThat(done.getVariable("discarded", Boolean.class)).isTrue();
        assertThat(sent).isEmpty();
        assertThat(template.send("direct:parked-discard", e -> {
            e.setVariable("queue", "sms.status.dead-letter");
            e.setVariable("id", "ID:7");
        }).getVariable("discarded", Boolean.class)).as("gone").isFalse();
    }

    @Test
    void theApiChecksThenMovesThenAnswers() {
        when(parked.originOf(eq("sms.send.dead-letter"), isNull(), eq(false))).thenReturn("sms.send");
        when(parked.originOf(eq("sms.status.dead-letter"), eq("ID:42"), eq(true))).thenReturn("sms.status");
        parking.add(Map.of("body", "x", "SmsBridgeReason", "r"));

        post("right-key", "sms.send.dead-letter", "release", null);
        post("right-key", "sms.status.dead-letter", "discard", "ID:42");
        post("right-key", "no.such.queue", "release", null);
        post("right-key", "sms.send.dead-letter", "shred", null);

        verify(parked).released(any(Exchange.class), eq("sms.send.dead-letter"), isNull(), eq("sms.send"), eq(1));
        verify(parked).discarded(any(Exchange.class), eq("sms.status.dead-letter"), eq("ID:42"), eq(false));
        verify(parked).unknownAction(any(Exchange.class), eq("shred"));
        verify(parked).refuse(any(Exchange.class), eq("no.such.queue"), isNull(), eq(false));
        assertThat(takes).as("a refused queue moves nothing").hasSize(3);
    }

    @Test
    void nothingMovesWithoutTheApiKey() {
        post("wrong", "sms.send.dead-letter", "release", null);
        template.send("direct:get-parked", e -> e.getIn().setHeader("X-Api-Key", "wrong"));

        verify(parked, never()).originOf(any(), any(), org.mockito.ArgumentMatchers.anyBoolean());
        verify(parked, never()).list(any());
        verify(api, org.mockito.Mockito.times(2)).unauthorized(any(Exchange.class));
        assertThat(takes).isEmpty();
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
