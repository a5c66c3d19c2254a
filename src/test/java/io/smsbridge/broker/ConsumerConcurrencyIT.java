package io.smsbridge.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.broker.batch.JmsBatchEndpoint;
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

    @Test
    void eachQueueHasTheConfiguredNumberOfConsumers() {
        assertThat(batchConsumers("outbound-intake")).as("smsbridge.outbound.intake-consumers").isEqualTo(5);
        assertThat(batchConsumers("outbound-send-batch")).as("smsbridge.outbound.send-consumers").isEqualTo(7);
        assertThat(consumers("outbound-send")).as("smsbridge.outbound.retry-consumers").isEqualTo(4);
        assertThat(batchConsumers("status-reports")).as("smsbridge.delivery.consumers").isEqualTo(6);
        assertThat(consumers("delivery-router")).as("smsbridge.delivery.action-consumers").isEqualTo(3);
        assertThat(consumers("inbound-keyword-dispatch")).as("smsbridge.inbound.consumers").isEqualTo(3);
    }

    private int batchConsumers(String routeId) {
        return ((JmsBatchEndpoint) camel.getRoute(routeId).getEndpoint()).getConsumers();
    }

    private int consumers(String routeId) {
        return ((JmsEndpoint) camel.getRoute(routeId).getEndpoint()).getConcurrentConsumers();
    }
}
