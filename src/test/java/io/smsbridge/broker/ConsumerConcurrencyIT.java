package io.smsbridge.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.delivery.StatusReportBatches;
import io.smsbridge.outbound.OutboundIntakeBatches;
import io.smsbridge.outbound.OutboundSendBatches;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The consumers per queue come from configuration (the test context sets values other than the defaults). */
@SmsBridgeIntegrationTest
class ConsumerConcurrencyIT {

    @Autowired
    CamelContext camel;

    @Autowired
    StatusReportBatches statusReports;

    @Autowired
    OutboundSendBatches sendBatches;

    @Autowired
    OutboundIntakeBatches intakeBatches;

    @Test
    void eachQueueHasTheConfiguredNumberOfConsumers() {
        assertThat(intakeBatches.consumers()).as("smsbridge.outbound.intake-consumers").isEqualTo(5);
        assertThat(sendBatches.consumers()).as("smsbridge.outbound.send-consumers").isEqualTo(7);
        assertThat(consumers("outbound-send")).as("smsbridge.outbound.retry-consumers").isEqualTo(4);
        assertThat(statusReports.consumers()).as("smsbridge.delivery.consumers").isEqualTo(6);
        assertThat(consumers("delivery-router")).as("smsbridge.delivery.action-consumers").isEqualTo(3);
        assertThat(consumers("inbound-keyword-dispatch")).as("smsbridge.inbound.consumers").isEqualTo(3);
    }

    private int consumers(String routeId) {
        return ((JmsEndpoint) camel.getRoute(routeId).getEndpoint()).getConcurrentConsumers();
    }
}
