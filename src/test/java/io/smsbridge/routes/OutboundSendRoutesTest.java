package io.smsbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.outbound.OutboundIntake;
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
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Message;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.twilio.TwilioComponent;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * routes/outbound-send.camel.yaml, the batch path: a batch of sms.send is marked sending, created at Twilio (a mock of
 * twilio://message/creator) through the one create route and its circuit breaker; a refusal is settled in place
 * (twilio-refusal), any other failure goes on to sms.send.retry.
 */
class OutboundSendRoutesTest extends RouteFileTestSupport {

    final OutboundLedger ledger = mock(OutboundLedger.class);
    final OutboundSender sender = mock(OutboundSender.class);
    final TwilioErrors errors = new TwilioErrors();
    final OutboundParking parking = mock(OutboundParking.class);
    final TwilioCircuitBreaker breaker = new TwilioCircuitBreaker(new TwilioCircuitBreaker.Settings(5, Duration.ofSeconds(10)),
            errors, new SimpleMeterRegistry());
    final List<OutboundRecord> messages = List.of(
            OutboundIntakeRoutesTest.message("m-1", "+15005550006"),
            OutboundIntakeRoutesTest.message("m-2", "+15005550006"),
            OutboundIntakeRoutesTest.message("m-3", "+18885550100"));
    static final Instant MARKED_SENDING = Instant.parse("2026-12-07T06:00:00Z");
    MockEndpoint twilio;
    MockEndpoint retry;

    @BeforeEach
    void routes() throws Exception {
        SenderRateLimiter rates = new SenderRateLimiter(new OutboundProperties(null, null, null, null, null, null, null,
                new OutboundProperties.Throttle(false, null, null, null), null, false, null, null, null, null, null, null, null, null, null),
                new SimpleMeterRegistry());
        bind("outboundSendBatch", new OutboundSendBatch(ledger, sender, rates, breaker, new SimpleMeterRegistry()));
        bind("outboundSender", sender);
        bind("senderRateLimiter", rates);
        bind("twilioBreaker", breaker.breaker());
        bind("twilioErrors", errors);
        bind("outboundParking", parking);
        bind("outboundApi", mock(OutboundApi.class));
        bind("outboundIntake", mock(OutboundIntake.class));   // outbound-intake's file holds outbound-reject; its intake is not used here
        TwilioComponent twilioComponent = new TwilioComponent();   // mocked below: never called
        twilioComponent.setRestClient(new TwilioRestClient.Builder("AC00000000000000000000000000000000", "token").build());
        camel.addComponent("twilio", twilioComponent);
        camel.getExecutorServiceManager().registerThreadPoolProfile(
                new ThreadPoolProfileBuilder("twilioCreates").poolSize(4).maxPoolSize(4).build());
        Map<String, OutboundRecord> rows = messages.stream().collect(Collectors.toMap(OutboundRecord::id, Function.identity()));
        when(ledger.findAll(anyCollection())).thenReturn(rows);
        when(ledger.markSending(anyList())).thenReturn(MARKED_SENDING);
        when(sender.load(anyString(), any())).thenAnswer(call -> call.<Optional<OutboundRecord>>getArgument(1).orElse(null));
        when(sender.refusalReason(any())).thenReturn("Twilio 21610");
        Properties fastRetries = new Properties();   // twilio-errors' back-off, shortened: the policy is the same
        fastRetries.setProperty("smsbridge.outbound.retry.initial-delay", "1");
        fastRetries.setProperty("smsbridge.outbound.retry.max-delay", "2");
        camel.getPropertiesComponent().setOverrideProperties(fastRetries);
        load("outbound-send.camel.yaml", "twilio-errors.camel.yaml", "outbound-intake.camel.yaml");
        advise("outbound-send-batch", route -> {
            route.replaceFromWith("direct:sms.send");
            route.mockEndpointsAndSkip("jms-batch:*");
        });
        advise("outbound-send", route -> route.replaceFromWith("direct:sms.send.retry"));
        mockAndSkip("twilio:*");
        advise("outbound-park", route -> route.mockEndpointsAndSkip("jms:*"));
        advise("outbound-reject", route -> route.mockEndpointsAndSkip("jms-batch:*"));
        advise("outbound-intake", route -> route.replaceFromWith("direct:unused-sms-outbound"));
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
    void aRefusalInABatchIsSettledThereAndAnOutageGoesOnToTheRetryQueue() throws Exception {
        ApiException optedOut = new ApiException("Attempt to send to unsubscribed recipient", 21610, null, 400, null);
        twilio.whenAnyExchangeReceived(e -> {
            String id = e.getVariable("message", OutboundRecord.class).id();
            if (id.equals("m-3")) {
                throw optedOut;
            }
            if (id.equals("m-2")) {
                throw new ApiException("Service Unavailable", 20503, null, 503, null);
            }
            e.getMessage().setBody(twilioMessage("SM-ok"));
        });
        when(sender.recordRefusal(any(), any())).thenReturn("suppressed");
        retry.expectedBodiesReceived("m-2");
        retry.message(0).header("JMSXGroupID").isEqualTo("+15005550006");
        NotifyBuilder batchDone = new NotifyBuilder(camel).fromRoute("outbound-send-batch").whenDone(1).create();

        template.sendBody("direct:sms.send", batch());

        retry.assertIsSatisfied();
        assertThat(batchDone.matchesWaitTime()).isTrue();
        verify(sender).recordRefusal(eq(messages.get(2).afterSending(MARKED_SENDING)), eq(optedOut));
        ArgumentCaptor<List<OutboundSender.Created>> recorded = ArgumentCaptor.captor();
        verify(sender).recordCreated(recorded.capture());
        assertThat(recorded.getValue()).extracting(c -> c.message().id()).containsExactly("m-1");
        assertThat(breaker.isOpen()).as("a refusal is an answer, one outage is not five").isFalse();
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

    @Test
    void oneAtATimeATwilioThatStaysDownIsRetriedThenTheMessageParkedAndTheBreakerOpen() throws Exception {
        OutboundRecord message = messages.get(0);
        when(sender.load("m-1")).thenReturn(message);
        when(sender.markInDoubt(any())).thenAnswer(call -> call.getArgument(0));
        when(parking.isDue(6)).thenReturn(true);
        when(parking.park(any(), any(), eq(6))).thenReturn("Twilio unavailable through 6 deliveries");
        twilio.whenAnyExchangeReceived(e -> {
            throw new ApiException("Service Unavailable", 20503, null, 503, null);
        });
        MockEndpoint parked = mockEndpoint("jms:queue:sms.send.dead-letter");
        parked.expectedBodiesReceived("m-1");
        parked.message(0).header("SmsBridgeReason").isEqualTo("Twilio unavailable through 6 deliveries");
        parked.message(0).header("JMSXGroupID").isEqualTo("+15005550006");

        template.send("direct:sms.send.retry", e -> {
            e.getIn().setBody("m-1");
            e.getIn().setHeader("JMSXDeliveryCount", 6);          // the broker's last delivery
            e.getIn().setHeader("JMSXGroupID", "+15005550006");
        });

        parked.assertIsSatisfied();
        assertThat(twilio.getReceivedCounter()).as("calls: 5 in a row open the breaker, the retries after fail at once").isEqualTo(5);
        assertThat(breaker.isOpen()).isTrue();
    }

    @Test
    void oneAtATimeAFinalRefusalFailsTheMessageOntoTheRejectedQueue() throws Exception {
        OutboundRecord message = messages.get(0);
        ApiException invalid = new ApiException("The 'To' number is not a valid phone number.", 21211, null, 400, null);
        when(sender.load("m-1")).thenReturn(message);
        when(sender.markInDoubt(any())).thenAnswer(call -> call.getArgument(0));
        when(sender.recordRefusal(any(), any())).thenReturn("failed");
        when(sender.refusalReason(any())).thenReturn("Twilio 21211: The 'To' number is not a valid phone number.");
        OutboundApi api = camel.getRegistry().lookupByNameAndType("outboundApi", OutboundApi.class);
        when(api.rejectionBody(message)).thenReturn("{\"id\":\"m-1\"}");
        twilio.whenAnyExchangeReceived(e -> {
            throw invalid;
        });
        MockEndpoint rejected = mockEndpoint("jms-batch:sms.outbound.rejected");
        rejected.expectedBodiesReceived("{\"id\":\"m-1\"}");
        rejected.message(0).header("SmsBridgeReason").isEqualTo("Twilio 21211: The 'To' number is not a valid phone number.");
        rejected.message(0).header("SmsBridgeIdempotencyKey").isEqualTo("key-m-1");

        template.send("direct:sms.send.retry", e -> {
            e.getIn().setBody("m-1");
            e.getIn().setHeader("JMSXDeliveryCount", 1);
        });

        rejected.assertIsSatisfied();
        assertThat(twilio.getReceivedCounter()).as("a refusal is not retried").isEqualTo(1);
        assertThat(breaker.isOpen()).isFalse();
    }
}
