package io.smsbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.outbound.OutboundParking;
import io.smsbridge.outbound.OutboundProperties;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.outbound.OutboundSendBatch;
import io.smsbridge.outbound.OutboundSender;
import io.smsbridge.outbound.SenderRateLimiter;
import io.smsbridge.outbound.TwilioCircuitBreaker;
import io.smsbridge.outbound.TwilioErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Message;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.twilio.TwilioComponent;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * routes/outbound-send.camel.yaml, the batch path: a batch of sms.send is marked sending, created at Twilio (a mock of
 * twilio://message/creator) through the one create route and its circuit breaker, and what failed goes on to
 * sms.send.retry with Twilio's refusal.
 */
class OutboundSendRoutesTest extends RouteFileTestSupport {

    final OutboundLedger ledger = mock(OutboundLedger.class);
    final OutboundSender sender = mock(OutboundSender.class);
    final TwilioErrors errors = new TwilioErrors();
    final TwilioCircuitBreaker breaker = new TwilioCircuitBreaker(new TwilioCircuitBreaker.Settings(5, Duration.ofSeconds(10)),
            errors, new SimpleMeterRegistry());
    final List<OutboundRecord> messages = List.of(
            OutboundIntakeRoutesTest.message("m-1", "+15005550006"),
            OutboundIntakeRoutesTest.message("m-2", "+15005550006"),
            OutboundIntakeRoutesTest.message("m-3", "+18885550100"));
    MockEndpoint twilio;
    MockEndpoint retry;

    @BeforeEach
    void routes() throws Exception {
        SenderRateLimiter rates = new SenderRateLimiter(new OutboundProperties(null, null, null, null, null, null, null,
                new OutboundProperties.Throttle(false, null, null, null), null, false, null, null, null, null, null, null, null));
        bind("outboundSendBatch", new OutboundSendBatch(ledger, sender, rates, breaker, errors, new SimpleMeterRegistry()));
        bind("outboundSender", sender);
        bind("senderRateLimiter", rates);
        bind("twilioBreaker", breaker.breaker());
        bind("twilioErrors", errors);
        bind("outboundParking", mock(OutboundParking.class));
        bind("outboundApi", mock(OutboundApi.class));
        TwilioComponent twilioComponent = new TwilioComponent();   // mocked below: never called
        twilioComponent.setRestClient(new TwilioRestClient.Builder("AC00000000000000000000000000000000", "token").build());
        camel.addComponent("twilio", twilioComponent);
        camel.getExecutorServiceManager().registerThreadPoolProfile(
                new ThreadPoolProfileBuilder("twilioCreates").poolSize(4).maxPoolSize(4).build());
        Map<String, OutboundRecord> rows = messages.stream().collect(Collectors.toMap(OutboundRecord::id, Function.identity()));
        when(ledger.findAll(anyCollection())).thenReturn(rows);
        when(ledger.markSending(anyList())).thenReturn(Instant.now());
        when(sender.load(anyString(), any(), any())).thenAnswer(call -> call.<Optional<OutboundRecord>>getArgument(2).orElse(null));
        when(sender.refusalOf(any())).thenReturn("{\"code\":21610}");
        when(sender.refusalReason(any())).thenReturn("Twilio 21610");
        load("outbound-send.camel.yaml", "twilio-errors.camel.yaml");
        advise("outbound-send-batch", route -> {
            route.replaceFromWith("direct:sms.send");
            route.mockEndpointsAndSkip("jms-batch:*");
        });
        advise("outbound-send", route -> route.replaceFromWith("direct:sms.send.retry"));
        advise("twilio-message-create", route -> route.mockEndpointsAndSkip("twilio:*"));
        advise("outbound-park", route -> route.mockEndpointsAndSkip("jms:*"));
        start();
        twilio = mockEndpoint("twilio:message/creator");
        retry = mockEndpoint("jms-batch:sms.send.retry");
    }

    @Test
    void aBatchIsCreatedAtTwilioAndItsSidsRecordedTogether() throws Exception {
        twilio.whenAnyExchangeReceived(e -> e.getMessage().setBody(twilioMessage("SM-" + e.getVariable("message", OutboundRecord.class).id())));
        twilio.expectedMessageCount(3);
        retry.expectedMessageCount(0);

        template.sendBody("direct:sms.send", batch());

        MockEndpoint.assertIsSatisfied(twilio, retry);
        ArgumentCaptor<List<OutboundSender.Created>> recorded = ArgumentCaptor.captor();
        verify(sender).recordCreated(recorded.capture());
        assertThat(recorded.getValue()).extracting(c -> c.message().id()).containsExactlyInAnyOrder("m-1", "m-2", "m-3");
        verify(ledger).markSending(List.of("m-1", "m-2", "m-3"));
    }

    @Test
    void aRefusalGoesOnToTheRetryQueueWithTwilioAnswer() throws Exception {
        twilio.whenAnyExchangeReceived(e -> {
            if (e.getVariable("message", OutboundRecord.class).sender().equals("+18885550100")) {
                throw new ApiException("Attempt to send to unsubscribed recipient", 21610, null, 400, null);
            }
            e.getMessage().setBody(twilioMessage("SM-ok"));
        });
        retry.expectedBodiesReceived("m-3");
        retry.message(0).header("SmsBridgeRefusal").isEqualTo("{\"code\":21610}");
        retry.message(0).header("JMSXGroupID").isEqualTo("+18885550100");

        template.sendBody("direct:sms.send", batch());

        retry.assertIsSatisfied();
        ArgumentCaptor<List<OutboundSender.Created>> recorded = ArgumentCaptor.captor();
        verify(sender).recordCreated(recorded.capture());
        assertThat(recorded.getValue()).extracting(c -> c.message().id()).containsExactlyInAnyOrder("m-1", "m-2");
        assertThat(breaker.isOpen()).as("a refusal is an answer").isFalse();
    }

    private List<Message> batch() {
        return messages.stream().map(m -> {
            Message jms = new DefaultMessage(camel);
            jms.setBody(m.id());
            jms.setHeader("JMSXGroupID", m.sender());
            jms.setHeader("JMSMessageID", "ID:" + m.id());
            return jms;
        }).toList();
    }

    private static com.twilio.rest.api.v2010.account.Message twilioMessage(String sid) {
        return com.twilio.rest.api.v2010.account.Message.fromJson("{\"sid\":\"" + sid + "\",\"status\":\"queued\"}", new ObjectMapper());
    }
}
