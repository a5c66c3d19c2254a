package io.smsbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.smsbridge.inbound.InboundMessages;
import io.smsbridge.webhook.TwilioWebhookVerifier;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/inbound-webhook.camel.yaml (and the webhook-errors configuration it uses): a genuine text goes onto sms.inbound
 * in its phone's group and Twilio gets empty TwiML; a forged one 403; a signed form without MessageSid 400.
 */
class InboundWebhookRoutesTest extends RouteFileTestSupport {

    final TwilioWebhookVerifier verifier = mock(TwilioWebhookVerifier.class);
    MockEndpoint inbound;

    @BeforeEach
    void routes() throws Exception {
        bind("twilioWebhooks", verifier);
        bind("inboundMessages", new InboundMessages(null, JsonMapper.builder().findAndAddModules().build()));  // no database needed here
        load("inbound-webhook.camel.yaml", "webhook-errors.camel.yaml");
        advise("inbound-webhook", route -> {
            route.replaceFromWith("direct:twilio-inbound");
            route.mockEndpointsAndSkip("jms:*");
        });
        start();
        inbound = mockEndpoint("jms:queue:sms.inbound");
    }

    @Test
    void aGenuineTextIsQueuedInItsPhonesGroupAndAnsweredWithEmptyTwiml() throws Exception {
        when(verifier.verifiedForm(any())).thenReturn(Map.of("MessageSid", "SM1", "From", "+14155550123", "To", "+15005550006",
                "Body", "printer broken"));
        inbound.expectedMessageCount(1);
        inbound.message(0).header("JMSXGroupID").isEqualTo("+14155550123");
        inbound.message(0).body().contains("\"messageSid\":\"SM1\"");
        inbound.message(0).header("Body").isNull();   // no form field rides along as a header

        Exchange answer = template.send("direct:twilio-inbound", e -> {
            e.getIn().setBody("MessageSid=SM1&From=%2B14155550123");
            e.getIn().setHeader("I-Twilio-Idempotency-Token", "token-1");
        });

        inbound.assertIsSatisfied();
        assertThat(answer.getMessage().getBody(String.class)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        assertThat(answer.getMessage().getHeaders()).containsOnlyKeys("Content-Type");
    }

    @Test
    void aForgedWebhookIs403AndQueuesNothing() throws Exception {
        when(verifier.verifiedForm(any())).thenReturn(null);
        inbound.expectedMessageCount(0);

        Exchange answer = template.send("direct:twilio-inbound", e -> e.getIn().setBody("MessageSid=SM1"));

        inbound.assertIsSatisfied();
        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(403);
    }

    @Test
    void aSignedFormWithoutMessageSidIs400() throws Exception {
        when(verifier.verifiedForm(any())).thenReturn(Map.of("From", "+14155550123", "To", "+15005550006"));
        inbound.expectedMessageCount(0);

        Exchange answer = template.send("direct:twilio-inbound", e -> e.getIn().setBody("From=%2B14155550123"));

        inbound.assertIsSatisfied();
        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(400);
        assertThat(answer.getMessage().getBody(String.class)).startsWith("Bad request: inbound webhook without MessageSid");
    }
}
