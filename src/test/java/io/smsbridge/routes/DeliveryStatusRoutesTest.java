package io.smsbridge.routes;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.smsbridge.delivery.DeliveryEmails;
import io.smsbridge.delivery.DeliveryOutcome;
import io.smsbridge.delivery.DeliveryReport;
import io.smsbridge.delivery.DeliveryTracker;
import io.smsbridge.delivery.StatusReports;
import io.smsbridge.events.SmsEvents;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.webhook.TwilioWebhookVerifier;
import java.util.List;
import org.apache.camel.Message;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** routes/delivery-status.camel.yaml: a batch of reports each to its next step, and the content-based router. */
class DeliveryStatusRoutesTest extends RouteFileTestSupport {

    final StatusReports statusReports = mock(StatusReports.class);
    final DeliveryTracker tracker = mock(DeliveryTracker.class);
    final DeliveryEmails emails = mock(DeliveryEmails.class);
    MockEndpoint actions;
    MockEndpoint again;
    MockEndpoint parked;
    MockEndpoint smtp;

    @BeforeEach
    void routes() throws Exception {
        bind("statusReports", statusReports);
        bind("deliveryTracker", tracker);
        bind("deliveryEmails", emails);
        bind("smsEvents", mock(SmsEvents.class));
        bind("twilioWebhooks", mock(TwilioWebhookVerifier.class));
        load("delivery-status.camel.yaml", "twilio-errors.camel.yaml");
        advise("status-callback-webhook", route -> route.replaceFromWith("direct:twilio-status"));
        advise("status-reports", route -> {
            route.replaceFromWith("direct:sms.status");
            route.mockEndpointsAndSkip("jms-batch:*");
        });
        advise("delivery-router", route -> route.replaceFromWith("direct:sms.status.actions"));
        advise("status-park", route -> route.mockEndpointsAndSkip("jms-batch:*"));
        advise("fallback-email", route -> route.mockEndpointsAndSkip("smtp:*"));
        advise("ops-alert", route -> route.mockEndpointsAndSkip("smtp:*"));
        start();
        actions = mockEndpoint("jms-batch:sms.status.actions");
        again = mockEndpoint("jms-batch:sms.status");
        parked = mockEndpoint("jms-batch:sms.status.dead-letter");
        smtp = mockEndpoint("smtp:{{smsbridge.mail.host}}:{{smsbridge.mail.port}}");
    }

    @Test
    void eachReportOfABatchGoesToItsNextStep() throws Exception {
        when(statusReports.applyAll(anyList())).thenReturn(List.of(
                new StatusReports.Report("{delivered}", "SM1", 1, "done", null),
                new StatusReports.Report("{undelivered}", "SM2", 1, "act", null),
                new StatusReports.Report("{sent, SID not stored yet}", "SM3", 2, "retry", null),
                new StatusReports.Report("{unknown SID}", "SM4", 6, "park", "no message with SID SM4 after 6 deliveries")));
        when(statusReports.delayAfter(any())).thenReturn(800L);
        actions.expectedBodiesReceived("{undelivered}");
        actions.message(0).header("JMSXGroupID").isEqualTo("SM2");
        again.expectedBodiesReceived("{sent, SID not stored yet}");
        again.message(0).header("SmsBridgeStatusAttempt").isEqualTo(3);
        again.message(0).header("CamelJmsBatchDeliveryDelay").isEqualTo(800L);
        again.message(0).header("JMSXGroupID").isEqualTo("SM3");
        parked.expectedBodiesReceived("{unknown SID}");
        parked.message(0).header("SmsBridgeReason").isEqualTo("no message with SID SM4 after 6 deliveries");
        parked.message(0).header("SmsBridgeMessageSid").isEqualTo("SM4");

        template.sendBody("direct:sms.status", List.<Message>of(new DefaultMessage(camel)));

        MockEndpoint.assertIsSatisfied(actions, again, parked);
    }

    @Test
    void anUnreachableRecipientGetsTheFallbackEmail() throws Exception {
        DeliveryReport report = new DeliveryReport("SM5", "undelivered", 30003, null, "+14155550123");
        OutboundRecord message = OutboundIntakeRoutesTest.message("m-5", "+15005550006", "undelivered");
        DeliveryOutcome outcome = new DeliveryOutcome(message, true, "undelivered", "unreachable");
        when(tracker.fromJson("{report}")).thenReturn(report);
        when(tracker.current(report)).thenReturn(outcome);
        when(emails.fallbackDue(outcome)).thenReturn(true);
        smtp.expectedMessageCount(1);

        template.sendBody("direct:sms.status.actions", "{report}");

        smtp.assertIsSatisfied();
        verify(emails).fallbackSent(any(), org.mockito.ArgumentMatchers.eq(outcome));
    }
}
